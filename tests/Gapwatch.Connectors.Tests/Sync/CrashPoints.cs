using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

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

    public PageCommit CommitPage(string source, string stream, IReadOnlyCollection<ISourceRecord> records, IReadOnlyCollection<QuarantinedRecord> quarantined, SyncCursor? cursor)
    {
        var crashHere = stream == crashStream && ++commits == page;
        if (crashHere && cut == CutPoint.MidUpsert)
        {
            // Half the page, then a record the store cannot write: the transaction must roll back whole.
            inner.CommitPage(source, stream, [.. records.Take(records.Count / 2), new Unwritable()], quarantined, cursor);
        }

        var commit = inner.CommitPage(source, stream, records, quarantined, cursor);
        return crashHere && cut == CutPoint.AfterCheckpoint ? throw new SimulatedCrash() : commit;
    }

    private sealed class Unwritable : ISourceRecord
    {
        public string Kind => RecordKinds.CommerceOrder;

        public string Key => "crash:unwritable";

        public DateTimeOffset? UpdatedAt => throw new SimulatedCrash();
    }
}
