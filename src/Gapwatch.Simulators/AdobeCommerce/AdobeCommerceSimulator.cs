using System.Text.Json.Nodes;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Gapwatch.Simulators.AdobeCommerce;

/// <summary>
/// A local stand-in for one Adobe Commerce (Magento 2) store's admin REST API, on 127.0.0.1 at a
/// random port: <c>GET /rest/{store}/V1/customers/search</c>, <c>/V1/orders</c>, <c>/V1/creditmemos</c>
/// and <c>/V1/company/</c> with searchCriteria (both spellings), an integration token as Bearer, 1-based
/// pages where a page past the end repeats the last one, <c>total_count</c>, Magento's error bodies
/// (<c>{"message","parameters"}</c>) and queued faults (429/503 with <c>Retry-After</c>, resets, cut
/// bodies, HTML, 401, a repeated page, a hang). It knows nothing of Gapwatch. Stop it with <see cref="SimulatorBase{TFault, TEntry}.DisposeAsync"/>.
/// </summary>
public sealed class AdobeCommerceSimulator : SimulatorBase<AdobeCommerceFault, AdobeCommerceRequestLog>
{
    private readonly AdobeCommerceHandler handler;

    private AdobeCommerceSimulator(SimulatorHost host, AdobeCommerceHandler handler)
        : base(host, handler.Controls)
    {
        this.handler = handler;
    }

    /// <summary>The store's base address (<c>http://127.0.0.1:port/</c>); the API is under <c>rest/{store}/V1</c>.</summary>
    public Uri BaseAddress => HostAddress;

    public AdobeCommerceDataset Data => handler.Data;

    public string AccessToken => handler.Options.AccessToken;

    public static async Task<AdobeCommerceSimulator> StartAsync(AdobeCommerceDataset data, AdobeCommerceSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var handler = new AdobeCommerceHandler(data, options ?? new AdobeCommerceSimulatorOptions());
        var host = await SimulatorHost.StartAsync(
            app =>
            {
                app.MapGet("/rest/{store}/V1/customers/search", context => handler.HandleAsync(context, AdobeCommerceDataset.Customers));
                app.MapGet("/rest/{store}/V1/orders", context => handler.HandleAsync(context, AdobeCommerceDataset.Orders));
                app.MapGet("/rest/{store}/V1/creditmemos", context => handler.HandleAsync(context, AdobeCommerceDataset.CreditMemos));
                app.MapGet("/rest/{store}/V1/company", context => handler.HandleAsync(context, AdobeCommerceDataset.Companies));
            },
            context => FaultAnswers.WriteJson(context, 404, new JsonObject { ["message"] = "Request does not match any route.", ["parameters"] = new JsonArray() }),
            cancellationToken).ConfigureAwait(false);
        return new AdobeCommerceSimulator(host, handler);
    }
}
