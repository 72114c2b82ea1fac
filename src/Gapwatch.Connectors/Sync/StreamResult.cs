using Gapwatch.Ports;

namespace Gapwatch.Connectors.Sync;

public enum StreamStatus
{
    /// <summary>Every change up to the run's upper bound was read and committed.</summary>
    Completed = 1,

    /// <summary>The page limit of a run was reached; committed pages stay, the next run continues from the checkpoint.</summary>
    Partial = 2,

    /// <summary>Not read this run (the stored cursor is ahead of the source, or an earlier stream needs re-authentication).</summary>
    Skipped = 3,

    /// <summary>A page could not be read or parsed; committed pages stay, the cursor is where the last good page left it.</summary>
    Failed = 4,
}

/// <summary>What one stream did in one run. A failed stream carries its <see cref="ErrorKind"/> and a message without secrets.</summary>
public sealed record StreamResult(
    string Stream,
    StreamStatus Status,
    int RecordsRead,
    UpsertResult Upserted,
    int Quarantined,
    int Pages,
    SyncCursor? CursorBefore,
    SyncCursor? CursorAfter,
    SyncErrorKind? ErrorKind,
    string? Message);

/// <summary>Live progress of one stream, reported after every committed page.</summary>
public sealed record StreamProgress(string Source, string Stream, int Pages, int RecordsRead, int Upserted, SyncCursor? Cursor, bool Done);

/// <summary>What a run of one source did: per stream, plus the HTTP retries and time spent throttled.</summary>
public sealed record SyncSummary(
    string Source,
    IReadOnlyList<StreamResult> Streams,
    int Retries,
    TimeSpan ThrottledTime,
    TimeSpan Elapsed)
{
    public bool Succeeded => Streams.All(s => s.Status == StreamStatus.Completed);

    public int RecordsRead => Streams.Sum(s => s.RecordsRead);

    public int RecordsUpserted => Streams.Sum(s => s.Upserted.Inserted + s.Upserted.Updated);

    public int Pages => Streams.Sum(s => s.Pages);

    public int Quarantined => Streams.Sum(s => s.Quarantined);

    /// <summary>Rows a server sent after a later one although the query asked for an order (Business Central's paging-order guard); their query's cursor stopped at them.</summary>
    public long OutOfOrderRows { get; init; }
}
