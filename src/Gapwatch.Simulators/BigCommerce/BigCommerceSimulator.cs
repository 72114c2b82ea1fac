using System.Text.Json.Nodes;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Gapwatch.Simulators.BigCommerce;

/// <summary>
/// A local stand-in for one BigCommerce store on 127.0.0.1 at a random port: v3 customers
/// (<c>meta.pagination</c>), v2 orders (bare arrays, RFC 2822 dates, <c>204</c> past the last page),
/// v3 refunds per order and B2B Edition companies (<c>/api/v3/io/companies</c>, offset paging,
/// <c>X-Store-Hash</c>). It checks <c>X-Auth-Token</c> and the store hash, filters by modified date,
/// counts requests in a rate-limit window on an injectable clock (<c>X-Rate-Limit-*</c> headers on
/// every answer, 429 when the quota is spent) and serves queued faults with each API's error shape.
/// It knows nothing of Gapwatch's types. Stop it with <see cref="SimulatorBase{TFault, TEntry}.DisposeAsync"/>.
/// </summary>
public sealed class BigCommerceSimulator : SimulatorBase<BigCommerceFault, BigCommerceRequestLog>
{
    private readonly BigCommerceHandler handler;

    private BigCommerceSimulator(SimulatorHost host, BigCommerceHandler handler)
        : base(host, handler.Controls)
    {
        this.handler = handler;
    }

    /// <summary>The base address of both APIs (<c>http://127.0.0.1:port/</c>): <c>/stores/{hash}/v2|v3/…</c> and <c>/api/v3/io/…</c>.</summary>
    public Uri Address => HostAddress;

    public BigCommerceDataset Data => handler.Data;

    public string StoreHash => handler.Options.StoreHash;

    public string AccessToken => handler.Options.AccessToken;

    public static async Task<BigCommerceSimulator> StartAsync(BigCommerceDataset data, BigCommerceSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var handler = new BigCommerceHandler(data, options ?? new BigCommerceSimulatorOptions());
        var host = await SimulatorHost.StartAsync(
            app =>
            {
                app.MapGet("/stores/{hash}/v2/orders", context => handler.HandleAsync(context, BigCommerceDataset.Orders, BigCommerceApi.V2));
                app.MapGet("/stores/{hash}/v3/customers", context => handler.HandleAsync(context, BigCommerceDataset.Customers, BigCommerceApi.V3));
                app.MapGet("/stores/{hash}/v3/orders/{id}/payment_actions/refunds", context => handler.HandleAsync(context, BigCommerceDataset.Refunds, BigCommerceApi.V3));
                app.MapGet("/api/v3/io/companies", context => handler.HandleAsync(context, BigCommerceDataset.Companies, BigCommerceApi.B2b));
            },
            context => FaultAnswers.WriteJson(context, 404, new JsonObject { ["status"] = 404, ["title"] = "The requested resource was not found." }),
            cancellationToken).ConfigureAwait(false);
        return new BigCommerceSimulator(host, handler);
    }
}
