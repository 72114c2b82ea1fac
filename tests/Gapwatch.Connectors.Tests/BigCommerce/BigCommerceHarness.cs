using System.Globalization;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>
/// One workspace store, one simulated BigCommerce store on loopback and the real connector between
/// them over HTTP, on a fake clock that jumps over waits. Records every cursor it sees, so a test
/// can assert that no cursor ever went back. Disposing stops the server and deletes the store.
/// </summary>
internal sealed class BigCommerceHarness : IAsyncDisposable
{
    public const string Source = "bigcommerce:sim";
    public static readonly DateTimeOffset Start = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);

    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-bigcommerce-").FullName;
    private readonly ServiceProvider services;
    private readonly SyncInvariants invariants = new();

    private BigCommerceHarness(BigCommerceSimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http)
    {
        Simulator = simulator;
        Clock = clock;
        Store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddBigCommerceConnector(http);
        services = collection.BuildServiceProvider();
    }

    public BigCommerceSimulator Simulator { get; }

    public AutoAdvancingClock Clock { get; }

    public SqliteWorkspaceStore Store { get; }

    public SyncOptions Options { get; set; } = new() { PageSize = 5 };

    /// <summary>The token the connector sends; the simulator's own when null.</summary>
    public string? Token { get; set; }

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

    public BigCommerceConnection Connection() =>
        new(StoreHash ?? Simulator.StoreHash, Token ?? Simulator.AccessToken, Simulator.Address, Simulator.Address, B2b)
        {
            AccountReferenceField = AccountReferenceField ?? BigCommerceConnection.DefaultAccountReferenceField,
        };

    public Task<SyncSummary> SyncAsync(ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null)
    {
        var streams = services.GetRequiredService<BigCommerceConnector>().Streams(Connection()).Select(wrap ?? (s => s)).ToList();
        var runner = new SyncRunner(Store, state ?? Store, Clock, services.GetRequiredService<ConnectorMetrics>());
        return runner.RunAsync(Source, "bigcommerce", streams, Options, invariants, CancellationToken.None);
    }

    /// <summary>Every cursor reported, per stream, never lower than the one before it (including across runs).</summary>
    public void AssertCursorsNeverWentBack() => invariants.AssertCursorsNeverWentBack();

    /// <summary>The commerce records in the store as key → version, asserting no key appears twice.</summary>
    public Dictionary<string, DateTimeOffset?> Stored()
        => SyncInvariants.Stored(Store);

    /// <summary>What the store must hold for the simulator's current data: every object (and refund) at its served version.</summary>
    public Dictionary<string, DateTimeOffset?> Expected()
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
