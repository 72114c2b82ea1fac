using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.BusinessCentral;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>
/// One workspace store, one simulated Business Central environment (with its Entra tenant) on
/// loopback and the real connector between them over HTTP, on a fake clock that jumps over waits.
/// Records every cursor it sees, so a test can assert that no cursor ever went back.
/// </summary>
internal sealed class BusinessCentralHarness : IAsyncDisposable
{
    public const string Source = "business_central";

    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-bc-").FullName;
    private readonly ServiceProvider services;
    private readonly SyncInvariants invariants = new();

    private BusinessCentralHarness(BusinessCentralSimulator simulator, AutoAdvancingClock clock, ConnectorHttpOptions http, IReadOnlyList<BusinessCentralCompany> companies)
    {
        Simulator = simulator;
        Clock = clock;
        Companies = companies;
        Store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddBusinessCentralConnector(http);
        services = collection.BuildServiceProvider();
    }

    public BusinessCentralSimulator Simulator { get; }

    public AutoAdvancingClock Clock { get; }

    public IReadOnlyList<BusinessCentralCompany> Companies { get; }

    public SqliteWorkspaceStore Store { get; }

    public SyncOptions Options { get; set; } = new() { PageSize = 5 };

    /// <summary>Rows per page the connector asks for (Prefer maxpagesize); the run's page size when null.</summary>
    public int? PageSize { get; set; }

    public string ClientSecret { get; set; } = null!;

    public bool ReadSyncLog { get; set; } = true;

    public ConnectorMetrics Metrics => services.GetRequiredService<ConnectorMetrics>();

    public static async Task<BusinessCentralHarness> StartAsync(
        BusinessCentralDataset data, DateTimeOffset start, IReadOnlyList<BusinessCentralCompany> companies, ConnectorHttpOptions? http = null, BusinessCentralSimulatorOptions? options = null)
    {
        var clock = new AutoAdvancingClock(start);
        var simulator = await BusinessCentralSimulator.StartAsync(data, clock, options);
        return new BusinessCentralHarness(simulator, clock, http ?? new ConnectorHttpOptions { AttemptTimeout = TimeSpan.FromMinutes(10) }, companies)
        {
            ClientSecret = simulator.Options.ClientSecret,
        };
    }

    public BusinessCentralConnection Connection() =>
        new(Simulator.Address, Simulator.Address, Simulator.Options.Tenant, Simulator.Options.Environment, Simulator.Options.ClientId, ClientSecret, Companies)
        {
            SyncLog = ReadSyncLog ? new BusinessCentralSyncLogServices() : null,
        };

    public IReadOnlyList<IStreamSource> Streams() => services.GetRequiredService<BusinessCentralConnector>().Streams(Connection(), "USD", PageSize);

    public Task<SyncSummary> SyncAsync(ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null)
    {
        var streams = Streams().Select(wrap ?? (s => s)).ToList();
        var runner = new SyncRunner(Store, state ?? Store, Clock, Metrics);
        return runner.RunAsync(Source, Source, streams, Options, invariants, CancellationToken.None);
    }

    public void AssertCursorsNeverWentBack() => invariants.AssertCursorsNeverWentBack();

    /// <summary>The ERP records in the store as kind|key → version, asserting no key appears twice.</summary>
    public Dictionary<string, DateTimeOffset?> Stored(params string[] kinds)
    {
        var data = Store.Load();
        var all = data.All().Where(r => kinds.Length == 0 ? r.Kind != RecordKinds.SourceFreshness : kinds.Contains(r.Kind)).ToList();
        var keys = all.Select(r => r.Kind + "|" + r.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        return all.ToDictionary(r => r.Kind + "|" + r.Key, r => r.UpdatedAt, StringComparer.Ordinal);
    }

    /// <summary>The store holds exactly the source's incremental records at their versions, no key twice, and no cursor went back.</summary>
    public void AssertConverged()
    {
        SyncInvariants.AssertStoreEquals(BusinessCentralStores.Expected(Simulator.Data), Stored(BusinessCentralStores.IncrementalKinds));
        AssertCursorsNeverWentBack();
    }

    public async ValueTask DisposeAsync()
    {
        await Simulator.DisposeAsync();
        await services.DisposeAsync();
        Store.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
