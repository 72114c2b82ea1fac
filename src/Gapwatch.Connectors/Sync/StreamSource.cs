using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Sync;

/// <summary>
/// One page request: records updated in [<see cref="UpdatedFrom"/>, <see cref="UpdatedTo"/>] (both
/// inclusive; no lower bound on a first backfill), continuing after <see cref="PageToken"/> when set.
/// </summary>
public sealed record PageRequest(DateTimeOffset? UpdatedFrom, DateTimeOffset UpdatedTo, string? PageToken, int PageSize);

/// <summary>A row a source read but could not turn into a record, with the reason.</summary>
public sealed record RejectedRow(string? ExternalId, string Reason);

/// <summary>
/// One page as the source delivered it: the records (not yet validated), the rows it could not
/// parse, the highest cursor among them, and the token of the next page (null at the end).
/// </summary>
public sealed record SourcePage(
    IReadOnlyList<ISourceRecord> Records,
    IReadOnlyList<RejectedRow> Rejected,
    int RowsRead,
    SyncCursor? Cursor,
    string? NextPageToken)
{
    /// <summary>
    /// The page is part of an unordered snapshot (a bulk export): its cursor is null until the last
    /// page, which carries the highest cursor of the whole snapshot, and the per-query page cap does
    /// not apply (the snapshot is not a query that can be restarted from the checkpoint midway).
    /// </summary>
    public bool Snapshot { get; init; }

    /// <summary>
    /// The server sent rows out of the order the query asked for: <see cref="Cursor"/> (the earliest
    /// such row) is stored even when an earlier page of the query already committed a later one, so
    /// the next query re-reads from it and rows still to come between the two are not skipped.
    /// </summary>
    public bool Rewind { get; init; }
}

/// <summary>
/// A stream of one source (customers, companies, orders): reads one page of changes. Failures are
/// thrown as <see cref="SyncException"/> with their classification; a page that cannot be fully
/// parsed is a failure, never an empty last page.
/// </summary>
public interface IStreamSource
{
    /// <summary>The stream's stable name (the checkpoint key within its source).</summary>
    string Name { get; }

    Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken);
}
