using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.Shopify;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>
/// One workspace store, one simulated shop on loopback and the real connector between them over
/// HTTP, on a fake clock that jumps over waits. Records every cursor it sees, so a test can assert
/// that no cursor ever went back. Disposing stops the server and deletes the store.
/// </summary>
internal sealed class ShopifyHarness : IAsyncDisposable
{
    public const string Source = "shopify:sim";
    public static readonly DateTimeOffset Start = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);

    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-shopify-").FullName;
    private readonly ServiceProvider services;
    private readonly SyncInvariants invariants = new();

    private ShopifyHarness(ShopifySimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http)
    {
        Simulator = simulator;
        Clock = clock;
        Store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddShopifyConnector(http);
        services = collection.BuildServiceProvider();
    }

    public ShopifySimulator Simulator { get; }

    public AutoAdvancingClock Clock { get; }

    public SqliteWorkspaceStore Store { get; }

    public SyncOptions Options { get; set; } = new() { PageSize = 5 };

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

    public Task<SyncSummary> SyncAsync(bool includeCompanies = true, ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null)
    {
        var streams = services.GetRequiredService<ShopifyConnector>().Streams(Connection(Token), includeCompanies, Bulk).Select(wrap ?? (s => s)).ToList();
        var runner = new SyncRunner(Store, state ?? Store, Clock, services.GetRequiredService<ConnectorMetrics>());
        return runner.RunAsync(Source, "shopify", streams, Options, invariants, CancellationToken.None);
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
                expected[$"{RecordKinds.CommerceRefund}|shopify:{refund!["legacyResourceId"]}"] = DateTimeOffset.Parse(refund["updatedAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
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
