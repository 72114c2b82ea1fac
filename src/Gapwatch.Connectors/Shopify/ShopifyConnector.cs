using System.Text.Json;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Microsoft.Extensions.DependencyInjection;
using Polly.Registry;

namespace Gapwatch.Connectors.Shopify;

/// <summary>
/// The Shopify connector: three streams over the Admin GraphQL API at a pinned version —
/// <c>customers</c>, <c>companies</c> (B2B, with tax registration ids) and <c>orders</c> (with their
/// refunds). Get it from DI after <see cref="ShopifyConnectorServices.AddShopifyConnector"/>.
/// </summary>
public sealed class ShopifyConnector(IHttpClientFactory httpClients, ResiliencePipelineProvider<string> pipelines, TimeProvider clock, ConnectorMetrics metrics)
{
    public const string HttpClientName = "shopify";

    /// <summary>
    /// The connection's streams. With <paramref name="bulk"/> options, a stream's first backfill runs as a
    /// bulk operation (JSONL); without, it pages like every later run.
    /// </summary>
    public IReadOnlyList<IStreamSource> Streams(ShopifyConnection connection, bool includeCompanies = true, ShopifyBulkOptions? bulk = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = new ShopifyGraphQlClient(
            httpClients.CreateClient(HttpClientName), connection, pipelines.GetPipeline(ConnectorResilience.VendorThrottlePipelineKey), clock, metrics);
        ShopifyBulkStream? Bulk(string name, Func<string, string> query, Func<JsonElement, NodeOutcome> map, IReadOnlyDictionary<string, string> children) =>
            bulk is null ? null : new ShopifyBulkStream(name, query, children, map, client, clock, bulk);
        var none = new Dictionary<string, string>();
        var metafields = connection.CustomerMetafields;
        var customers = new ShopifyStream("customers", ShopifyQueries.Customers(metafields), d => d.Customers, ShopifyNodes.Customer, client,
            Bulk("customers", search => ShopifyBulkQueries.Customers(search, metafields), ShopifyNodes.Customer, none));
        var companies = new ShopifyStream("companies", ShopifyQueries.Companies, d => d.Companies, ShopifyNodes.Company, client,
            Bulk("companies", ShopifyBulkQueries.Companies, ShopifyNodes.Company, new Dictionary<string, string> { ["Company"] = "locations" }));
        var orders = new ShopifyStream("orders", ShopifyQueries.Orders, d => d.Orders, ShopifyNodes.Order, client,
            Bulk("orders", ShopifyBulkQueries.Orders, ShopifyNodes.Order, new Dictionary<string, string> { ["Refund"] = "refundLineItems" }));
        return includeCompanies ? [customers, companies, orders] : [customers, orders];
    }
}

public static class ShopifyConnectorServices
{
    /// <summary>Registers the shared connector resilience (once) and the Shopify client and connector.</summary>
    public static IServiceCollection AddShopifyConnector(this IServiceCollection services, ConnectorHttpOptions? options = null)
    {
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient(ShopifyConnector.HttpClientName);
        services.AddSingleton<ShopifyConnector>();
        return services;
    }
}
