using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Tests.Sync;

/// <summary>Where a simulated process death strikes during one page of a stream (F1, in process). Platform-neutral: any connector's streams and store can be wrapped.</summary>
public enum CrashPoint
{
    BeforeFetch,
    AfterFetch,
    MidUpsert,
    AfterCheckpoint,
}

/// <summary>The process died here: nothing catches it, so the run ends as a crash would end it.</summary>
internal sealed class SimulatedCrash : Exception
{
    public SimulatedCrash()
        : base("the process died here")
    {
    }
}

/// <summary>A stream that dies before or after its <paramref name="page"/>-th read when it is <paramref name="stream"/>.</summary>
internal sealed class CrashingSource(IStreamSource inner, string stream, CrashPoint cut, int page) : IStreamSource
{
    private int reads;

    public string Name => inner.Name;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        var crashHere = inner.Name == stream && ++reads == page;
        if (crashHere && cut == CrashPoint.BeforeFetch)
        {
            throw new SimulatedCrash();
        }

        var result = await inner.ReadPageAsync(request, cancellationToken);
        return crashHere && cut == CrashPoint.AfterFetch ? throw new SimulatedCrash() : result;
    }
}

/// <summary>A sync state that dies in the middle of the <paramref name="page"/>-th commit of <paramref name="stream"/> (rolled back whole) or just after it.</summary>
internal sealed class CrashingState(ISyncStateStore inner, string stream, CrashPoint cut, int page) : ISyncStateStore
{
    private int commits;

    public StreamCheckpoint? Checkpoint(string source, string name) => inner.Checkpoint(source, name);

    public IReadOnlyList<StreamCheckpoint> Checkpoints(string source) => inner.Checkpoints(source);

    public int QuarantinedCount(string source) => inner.QuarantinedCount(source);

    public PageCommit CommitPage(string source, string name, IReadOnlyCollection<ISourceRecord> records, IReadOnlyCollection<QuarantinedRecord> quarantined, SyncCursor? cursor)
    {
        var crashHere = name == stream && ++commits == page;
        if (crashHere && cut == CrashPoint.MidUpsert)
        {
            // Half the page, then a record the store cannot write: the transaction must roll back whole.
            inner.CommitPage(source, name, [.. records.Take(records.Count / 2), new Unwritable()], quarantined, cursor);
        }

        var commit = inner.CommitPage(source, name, records, quarantined, cursor);
        return crashHere && cut == CrashPoint.AfterCheckpoint ? throw new SimulatedCrash() : commit;
    }

    private sealed class Unwritable : ISourceRecord
    {
        public string Kind => RecordKinds.CommerceOrder;

        public string Key => "crash:unwritable";

        public DateTimeOffset? UpdatedAt => throw new SimulatedCrash();
    }
}
