using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Testing.Time;

namespace Gapwatch.Connectors.Tests.Sync;

/// <summary>Where an F1 test kills a run: around the fetch of a page, inside its commit, or just after it.</summary>
public enum CutPoint
{
    BeforeFetch,
    AfterFetch,
    MidUpsert,
    AfterCheckpoint,
}

/// <summary>The process dying: an exception nothing in the sync catches.</summary>
internal sealed class SimulatedCrash : Exception
{
    public SimulatedCrash()
        : base("the process died here")
    {
    }
}

/// <summary>Wraps a platform's stream: dies before or after fetching the given page of <paramref name="stream"/>.</summary>
internal sealed class CrashingSource(IStreamSource inner, CutPoint cut, int page, string stream = "orders") : IStreamSource
{
    private int reads;

    public string Name => inner.Name;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        var crashHere = inner.Name == stream && ++reads == page;
        if (crashHere && cut == CutPoint.BeforeFetch)
        {
            throw new SimulatedCrash();
        }

        var result = await inner.ReadPageAsync(request, cancellationToken);
        return crashHere && cut == CutPoint.AfterFetch ? throw new SimulatedCrash() : result;
    }
}

/// <summary>Wraps the state store: dies in the middle of the given page's commit (which must roll back whole) or just after it.</summary>
internal sealed class CrashingState(ISyncStateStore inner, CutPoint cut, int page, string crashStream = "orders") : ISyncStateStore
{
    private int commits;

    public StreamCheckpoint? Checkpoint(string source, string stream) => inner.Checkpoint(source, stream);

    public IReadOnlyList<StreamCheckpoint> Checkpoints(string source) => inner.Checkpoints(source);

    public int QuarantinedCount(string source) => inner.QuarantinedCount(source);

    public PageCommit CommitPage(string source, string stream, IReadOnlyCollection<ISourceRecord> records, IReadOnlyCollection<QuarantinedRecord> quarantined, SyncCursor? cursor, bool rewind = false)
    {
        var crashHere = stream == crashStream && ++commits == page;
        if (crashHere && cut == CutPoint.MidUpsert)
        {
            // Half the page, then a record the store cannot write: the transaction must roll back whole.
            inner.CommitPage(source, stream, [.. records.Take(records.Count / 2), new Unwritable()], quarantined, cursor, rewind);
        }

        var commit = inner.CommitPage(source, stream, records, quarantined, cursor, rewind);
        return crashHere && cut == CutPoint.AfterCheckpoint ? throw new SimulatedCrash() : commit;
    }

    private sealed class Unwritable : ISourceRecord
    {
        public string Kind => RecordKinds.CommerceOrder;

        public string Key => "crash:unwritable";

        public DateTimeOffset? UpdatedAt => throw new SimulatedCrash();
    }
}

/// <summary>
/// The F1 run every connector's crash test makes: a sync that dies at a cut point of one page of one
/// stream, then, five minutes later, a fresh run from whatever was stored, which must succeed. The
/// caller checks what was stored between the two (<c>afterCrash</c>) and convergence after.
/// </summary>
internal static class CrashRun
{
    /// <summary>Every cut point, as the data of an F1 theory.</summary>
    public static TheoryData<CutPoint> EveryCutPoint => new() { CutPoint.BeforeFetch, CutPoint.AfterFetch, CutPoint.MidUpsert, CutPoint.AfterCheckpoint };

    /// <summary>
    /// Runs <paramref name="sync"/> with a state store and a stream wrapper that die at <paramref name="cut"/> of page
    /// <paramref name="page"/> of <paramref name="stream"/>, runs <paramref name="afterCrash"/>, advances the clock
    /// five minutes and runs <paramref name="sync"/> again unhindered (null, null). Returns that run, checked to have succeeded.
    /// </summary>
    public static async Task<SyncSummary> DieThenRestartAsync(
        ISyncStateStore store,
        AutoAdvancingClock clock,
        CutPoint cut,
        int page,
        string stream,
        Func<ISyncStateStore?, Func<IStreamSource, IStreamSource>?, Task<SyncSummary>> sync,
        Action afterCrash)
    {
        await Assert.ThrowsAsync<SimulatedCrash>(() => sync(new CrashingState(store, cut, page, stream), s => new CrashingSource(s, cut, page, stream)));
        afterCrash();
        clock.Advance(TimeSpan.FromMinutes(5));
        var restart = await sync(null, null);
        Assert.True(restart.Succeeded);
        return restart;
    }
}
