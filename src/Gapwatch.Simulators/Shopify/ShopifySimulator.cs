using System.Text.Json.Nodes;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Gapwatch.Simulators.Shopify;

/// <summary>
/// A local stand-in for one shop's Admin GraphQL API, on 127.0.0.1 at a random port: it checks
/// <c>X-Shopify-Access-Token</c> and the API version, filters and sorts by <c>updated_at</c>, pages
/// with opaque cursors, charges a cost bucket (answering <c>THROTTLED</c> in a 200 when empty) and
/// serves injected faults; bulk operations (<c>bulkOperationRunQuery</c> with <c>groupObjects</c>)
/// produce a JSONL file, out of <c>updated_at</c> order, streamed at <c>/bulk/{id}.jsonl</c> without the
/// token as Shopify's signed links are. It is a test double of the API, not of Gapwatch: it knows nothing of
/// Gapwatch's types. Stop it with <see cref="SimulatorBase{TFault, TEntry}.DisposeAsync"/>.
/// </summary>
public sealed class ShopifySimulator : SimulatorBase<ShopifyFault, ShopifyRequestLog>
{
    private readonly ShopifyGraphQlHandler handler;

    private ShopifySimulator(SimulatorHost host, ShopifyGraphQlHandler handler)
        : base(host, handler.Controls)
    {
        this.handler = handler;
    }

    /// <summary>The shop's base address (<c>http://127.0.0.1:port/</c>); the API is under <c>/admin/api/{version}/graphql.json</c>.</summary>
    public Uri ShopAddress => HostAddress;

    public ShopifyDataset Data => handler.Data;

    public string AccessToken => handler.Options.AccessToken;

    public static async Task<ShopifySimulator> StartAsync(ShopifyDataset data, ShopifySimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var handler = new ShopifyGraphQlHandler(data, options ?? new ShopifySimulatorOptions());
        var host = await SimulatorHost.StartAsync(
            app =>
            {
                app.MapPost("/admin/api/{version}/graphql.json", handler.HandleAsync);
                app.MapGet("/bulk/{id}.jsonl", handler.DownloadAsync);
            },
            context => FaultAnswers.WriteJson(context, 404, new JsonObject { ["errors"] = "Not Found" }),
            cancellationToken).ConfigureAwait(false);
        return new ShopifySimulator(host, handler);
    }
}

/// <summary>One request as the simulator saw it.</summary>
public sealed record ShopifyRequestLog(int Number, string? Resource, string? After, string? Query, int First);
