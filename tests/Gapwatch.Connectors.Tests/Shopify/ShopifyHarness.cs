using System.Globalization;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.Shopify;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>The shared harness (<see cref="CommerceHarness"/>) around a simulated shop and the Shopify connector.</summary>
internal sealed class ShopifyHarness : CommerceHarness<ShopifySimulator, ShopifyFault, ShopifyRequestLog>
{
    public const string Source = "shopify:sim";

    private ShopifyHarness(ShopifySimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http)
        : base("shopify", simulator, clock, services => services.AddShopifyConnector(http), entry => entry.Resource)
    {
    }

    /// <summary>Bulk backfill options; null pages the first run like every other.</summary>
    public ShopifyBulkOptions? Bulk { get; set; }

    /// <summary>The token the connector sends; the simulator's own when null.</summary>
    public string? Token { get; set; }

    public static async Task<ShopifyHarness> StartAsync(ShopifyDataset data, ConnectorHttpOptions? http = null, ShopifySimulatorOptions? simulator = null)
    {
        var clock = new AutoAdvancingClock(Start);
        var server = await ShopifySimulator.StartAsync(data, (simulator ?? new ShopifySimulatorOptions()) with { Clock = clock });
        return new ShopifyHarness(server, clock, http ?? new ConnectorHttpOptions { AttemptTimeout = TimeSpan.FromMinutes(10) });
    }

    /// <summary>The customer metafields the connection reads; the defaults when null.</summary>
    public ShopifyCustomerMetafields? Metafields { get; set; }

    public ShopifyConnection Connection(string? token = null) =>
        new ShopifyConnection(Simulator.ShopAddress, token ?? Simulator.AccessToken).With(Metafields ?? ShopifyCustomerMetafields.Default);

    public override Task<SyncSummary> SyncAsync(bool includeCompanies = true, ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null) =>
        RunAsync(Services.GetRequiredService<ShopifyConnector>().Streams(Connection(Token), includeCompanies, Bulk), state, wrap);

    public override void PutOrder(long id, DateTimeOffset updatedAt, long customerId, string currency, decimal subtotal, decimal shipping, decimal tax) =>
        Simulator.Data.Order(id, updatedAt, customerId, currency, subtotal, shipping, tax);

    public override Dictionary<string, DateTimeOffset?> Expected()
    {
        var expected = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var customer in Simulator.Data.Sorted(ShopifyDataset.Customers))
        {
            expected[$"{RecordKinds.CommerceCustomer}|shopify:{customer.Id}"] = customer.UpdatedAt;
        }

        foreach (var company in Simulator.Data.Sorted(ShopifyDataset.Companies))
        {
            expected[$"{RecordKinds.CommerceCustomer}|shopify:company-{company.Id}"] = company.UpdatedAt;
        }

        foreach (var order in Simulator.Data.Sorted(ShopifyDataset.Orders))
        {
            expected[$"{RecordKinds.CommerceOrder}|shopify:{order.Id}"] = order.UpdatedAt;
            foreach (var refund in order.Json["refunds"]?.AsArray() ?? [])
            {
                expected[$"{RecordKinds.CommerceRefund}|shopify:{refund!["legacyResourceId"]}"] = DateTimeOffset.Parse(refund["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            }
        }

        return expected;
    }

    protected override ShopifyFault Translate(CommerceFault fault) => new(KindOf<ShopifyFaultKind>(fault))
    {
        Resource = fault.Resource,
        After = fault.After,
        Times = fault.Times,
        StatusCode = fault.StatusCode,
        RetryAfter = fault.WaitSeconds.ToString(CultureInfo.InvariantCulture),
    };
}
