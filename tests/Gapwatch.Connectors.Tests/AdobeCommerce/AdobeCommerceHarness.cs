using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>
/// One workspace store, one simulated Adobe Commerce store on loopback and the real connector
/// between them over HTTP, on a fake clock that jumps over waits (as <c>ShopifyHarness</c>). Records
/// every cursor it sees, so a test can assert that no cursor ever went back.
/// </summary>
internal sealed class AdobeCommerceHarness : IAsyncDisposable
{
    public const string Source = "adobe_commerce:sim";
    public static readonly DateTimeOffset Start = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);

    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-adobe-").FullName;
    private readonly ServiceProvider services;
    private readonly SyncInvariants invariants = new();

    private AdobeCommerceHarness(AdobeCommerceSimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http)
    {
        Simulator = simulator;
        Clock = clock;
        Store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddAdobeCommerceConnector(http);
        services = collection.BuildServiceProvider();
    }

    public AdobeCommerceSimulator Simulator { get; }

    public AutoAdvancingClock Clock { get; }

    public SqliteWorkspaceStore Store { get; }

    public SyncOptions Options { get; set; } = new() { PageSize = 5 };

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

    public Task<SyncSummary> SyncAsync(bool includeCompanies = true, ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null)
    {
        var streams = services.GetRequiredService<AdobeCommerceConnector>().Streams(Connection(Token), includeCompanies).Select(wrap ?? (s => s)).ToList();
        var runner = new SyncRunner(Store, state ?? Store, Clock, services.GetRequiredService<ConnectorMetrics>());
        return runner.RunAsync(Source, "adobe_commerce", streams, Options, invariants, CancellationToken.None);
    }

    /// <summary>Every cursor reported, per stream, never lower than the one before it (including across runs).</summary>
    public void AssertCursorsNeverWentBack() => invariants.AssertCursorsNeverWentBack();

    /// <summary>The commerce records in the store as key → version, asserting no key appears twice.</summary>
    public Dictionary<string, DateTimeOffset?> Stored()
        => SyncInvariants.Stored(Store);

    /// <summary>What the store must hold for the simulator's current data: every object at its served version (companies have none).</summary>
    public Dictionary<string, DateTimeOffset?> Expected()
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

    public void AssertStoreEqualsSource()
        => SyncInvariants.AssertStoreEquals(Expected(), Stored());

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await services.DisposeAsync();
        Store.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
