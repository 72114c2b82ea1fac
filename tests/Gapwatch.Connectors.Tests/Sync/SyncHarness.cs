using Gapwatch.Connectors.Sync;
using Gapwatch.Ports;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.Sync;

/// <summary>
/// What every connector harness holds the same way, commerce or ERP: a workspace store in its own
/// temporary folder, the fake clock that jumps over waits, the connector's services, the run's options,
/// and every cursor reported across runs (so a test can assert that none went back). Disposing stops
/// the simulator, then deletes the store. Each harness adds its simulator, connection, streams and
/// expected records.
/// </summary>
internal abstract class SyncHarness : IAsyncDisposable
{
    private readonly string directory;
    private readonly ServiceProvider services;
    private readonly SyncInvariants invariants = new();

    /// <param name="name">Names the temporary folder (<c>gapwatch-{name}-…</c>).</param>
    /// <param name="clock">The clock of the store, the services and the runs.</param>
    /// <param name="addConnectors">Registers the connectors under test.</param>
    protected SyncHarness(string name, AutoAdvancingClock clock, Action<IServiceCollection> addConnectors)
    {
        ArgumentNullException.ThrowIfNull(addConnectors);
        Clock = clock;
        directory = Directory.CreateTempSubdirectory($"gapwatch-{name}-").FullName;
        Store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(clock);
        addConnectors(collection);
        services = collection.BuildServiceProvider();
    }

    public AutoAdvancingClock Clock { get; }

    public SqliteWorkspaceStore Store { get; }

    public SyncOptions Options { get; set; } = new();

    public ConnectorMetrics Metrics => services.GetRequiredService<ConnectorMetrics>();

    protected IServiceProvider Services => services;

    /// <summary>Every cursor reported, per stream, never lower than the one before it (including across runs).</summary>
    public void AssertCursorsNeverWentBack() => invariants.AssertCursorsNeverWentBack();

    public async ValueTask DisposeAsync()
    {
        await DisposeSimulatorAsync();
        await services.DisposeAsync();
        Store.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>One run of <paramref name="streams"/> under <paramref name="source"/>, optionally through a crashing state store or source wrapper.</summary>
    protected Task<SyncSummary> RunAsync(string source, string freshness, IEnumerable<IStreamSource> streams, ISyncStateStore? state, Func<IStreamSource, IStreamSource>? wrap)
    {
        var runner = new SyncRunner(Store, state ?? Store, Clock, Metrics);
        return runner.RunAsync(source, freshness, [.. streams.Select(wrap ?? (s => s))], Options, invariants, CancellationToken.None);
    }

    protected abstract ValueTask DisposeSimulatorAsync();
}
