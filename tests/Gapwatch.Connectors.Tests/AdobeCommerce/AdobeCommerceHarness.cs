using System.Globalization;
using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>The shared harness (<see cref="CommerceHarness"/>) around a simulated Adobe Commerce store and its connector.</summary>
internal sealed class AdobeCommerceHarness : CommerceHarness<AdobeCommerceSimulator, AdobeCommerceFault, AdobeCommerceRequestLog>
{
    public const string Source = "adobe_commerce:sim";

    private AdobeCommerceHarness(AdobeCommerceSimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http)
        : base("adobe_commerce", simulator, clock, services => services.AddAdobeCommerceConnector(http), entry => entry.Resource)
    {
    }

    /// <summary>The token the connector sends; the simulator's own when null.</summary>
    public string? Token { get; set; }

    public static async Task<AdobeCommerceHarness> StartAsync(AdobeCommerceDataset data, ConnectorHttpOptions? http = null, AdobeCommerceSimulatorOptions? simulator = null)
    {
        var clock = new AutoAdvancingClock(Start);
        var server = await AdobeCommerceSimulator.StartAsync(data, simulator);
        return new AdobeCommerceHarness(server, clock, http ?? new ConnectorHttpOptions { AttemptTimeout = TimeSpan.FromMinutes(10) });
    }

    /// <summary>The code of the customer attribute holding the ERP account number; the default when null.</summary>
    public string? AccountReferenceAttribute { get; set; }

    public AdobeCommerceConnection Connection(string? token = null) => new(Simulator.BaseAddress, token ?? Simulator.AccessToken)
    {
        AccountReferenceAttribute = AccountReferenceAttribute ?? AdobeCommerceConnection.DefaultAccountReferenceAttribute,
    };

    public override Task<SyncSummary> SyncAsync(bool includeCompanies = true, ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null) =>
        RunAsync(Services.GetRequiredService<AdobeCommerceConnector>().Streams(Connection(Token), includeCompanies), state, wrap);

    public override void PutOrder(long id, DateTimeOffset updatedAt, long customerId, string currency, decimal subtotal, decimal shipping, decimal tax) =>
        Simulator.Data.Order(id, updatedAt, customerId, currency, subtotal, shipping, tax);

    /// <summary>Every object at its served version (companies have none).</summary>
    public override Dictionary<string, DateTimeOffset?> Expected()
    {
        var expected = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (var customer in Simulator.Data.All(AdobeCommerceDataset.Customers))
        {
            expected[$"{RecordKinds.CommerceCustomer}|adobe_commerce:{customer.Id}"] = customer.UpdatedAt;
        }

        foreach (var company in Simulator.Data.All(AdobeCommerceDataset.Companies))
        {
            expected[$"{RecordKinds.CommerceCustomer}|adobe_commerce:company-{company.Id}"] = company.UpdatedAt;
        }

        foreach (var order in Simulator.Data.All(AdobeCommerceDataset.Orders))
        {
            expected[$"{RecordKinds.CommerceOrder}|adobe_commerce:{order.Id}"] = order.UpdatedAt;
        }

        foreach (var memo in Simulator.Data.All(AdobeCommerceDataset.CreditMemos))
        {
            expected[$"{RecordKinds.CommerceRefund}|adobe_commerce:{memo.Id}"] = memo.UpdatedAt;
        }

        return expected;
    }

    protected override AdobeCommerceFault Translate(CommerceFault fault) => new(KindOf<AdobeCommerceFaultKind>(fault))
    {
        Resource = fault.Resource,
        After = fault.After,
        Times = fault.Times,
        StatusCode = fault.StatusCode,
        RetryAfter = fault.Kind == CommerceFaultKind.TooManyRequests ? fault.WaitSeconds.ToString(CultureInfo.InvariantCulture) : null,
    };
}
