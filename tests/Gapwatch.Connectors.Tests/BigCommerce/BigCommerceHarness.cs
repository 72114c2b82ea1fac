using System.Globalization;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>The shared harness (<see cref="CommerceHarness"/>) around a simulated BigCommerce store and its connector.</summary>
internal sealed class BigCommerceHarness : CommerceHarness<BigCommerceSimulator, BigCommerceFault, BigCommerceRequestLog>
{
    public const string Source = "bigcommerce:sim";

    private BigCommerceHarness(BigCommerceSimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http)
        : base("bigcommerce", simulator, clock, services => services.AddBigCommerceConnector(http), entry => entry.Resource)
    {
    }

    /// <summary>The token the connector sends; the simulator's own when null.</summary>
    public string? Token { get; set; }

    /// <summary>Whether the connection reads B2B Edition companies (and the expected set holds them).</summary>
    public bool B2b { get; set; } = true;

    /// <summary>The store hash the connector sends; the simulator's own when null.</summary>
    public string? StoreHash { get; set; }

    public static async Task<BigCommerceHarness> StartAsync(BigCommerceDataset data, ConnectorHttpOptions? http = null, BigCommerceSimulatorOptions? simulator = null)
    {
        var clock = new AutoAdvancingClock(Start);
        var server = await BigCommerceSimulator.StartAsync(data, (simulator ?? new BigCommerceSimulatorOptions()) with { Clock = clock });
        return new BigCommerceHarness(server, clock, http ?? new ConnectorHttpOptions { AttemptTimeout = TimeSpan.FromMinutes(10) });
    }

    /// <summary>The label of the form field (and company extra field) holding the ERP account number; the default when null.</summary>
    public string? AccountReferenceField { get; set; }

    public BigCommerceConnection Connection(bool includeCompanies = true) =>
        new(StoreHash ?? Simulator.StoreHash, Token ?? Simulator.AccessToken, Simulator.Address, Simulator.Address, B2b && includeCompanies)
        {
            AccountReferenceField = AccountReferenceField ?? BigCommerceConnection.DefaultAccountReferenceField,
        };

    /// <summary>Companies are read when <see cref="B2b"/> is set and <paramref name="includeCompanies"/> is true.</summary>
    public override Task<SyncSummary> SyncAsync(bool includeCompanies = true, ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null) =>
        RunAsync(Services.GetRequiredService<BigCommerceConnector>().Streams(Connection(includeCompanies)), state, wrap);

    public override void PutOrder(long id, DateTimeOffset updatedAt, long customerId, string currency, decimal subtotal, decimal shipping, decimal tax) =>
        Simulator.Data.Order(id, updatedAt, customerId, currency, subtotal, shipping, tax);

    public override Dictionary<string, DateTimeOffset?> Expected()
    {
        var expected = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var customer in Simulator.Data.Sorted(BigCommerceDataset.Customers))
        {
            expected[$"{RecordKinds.CommerceCustomer}|bigcommerce:{customer.Id}"] = customer.UpdatedAt;
        }

        if (B2b)
        {
            foreach (var company in Simulator.Data.Sorted(BigCommerceDataset.Companies))
            {
                expected[$"{RecordKinds.CommerceCustomer}|bigcommerce:company-{company.Id}"] = company.UpdatedAt;
            }
        }

        foreach (var order in Simulator.Data.Sorted(BigCommerceDataset.Orders))
        {
            expected[$"{RecordKinds.CommerceOrder}|bigcommerce:{order.Id}"] = order.UpdatedAt;
            foreach (var refund in Simulator.Data.RefundsOf(order.Id))
            {
                expected[$"{RecordKinds.CommerceRefund}|bigcommerce:{refund["id"]}"] = DateTimeOffset.Parse(refund["created"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            }
        }

        return expected;
    }

    /// <summary>A 429's wait is <c>X-Rate-Limit-Time-Reset-Ms</c>, not <c>Retry-After</c>.</summary>
    protected override BigCommerceFault Translate(CommerceFault fault) => new(KindOf<BigCommerceFaultKind>(fault))
    {
        Resource = fault.Resource,
        After = fault.After,
        Times = fault.Times,
        StatusCode = fault.StatusCode,
        ResetMs = fault.WaitSeconds * 1000,
    };
}
