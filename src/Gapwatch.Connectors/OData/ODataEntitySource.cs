using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.OData;

/// <summary>How an OData entity set is read incrementally.</summary>
public enum ODataReadMode
{
    /// <summary>
    /// Keyset on a modified timestamp the service exposes (Dataverse <c>modifiedon</c>): the query
    /// filters the run's window and orders by (timestamp, key); each page's cursor is its last row.
    /// </summary>
    Keyset = 1,

    /// <summary>
    /// No modified timestamp (most Finance &amp; Operations data entities): the whole query is re-read
    /// as one snapshot and the store keeps a row unchanged when its content is the same. The cursor
    /// is written only with the last page, so a crash midway re-reads the snapshot from the start.
    /// </summary>
    Snapshot = 2,
}

/// <summary>One row read from an entity set: the records it becomes, its version and key for the keyset cursor, or why it was refused.</summary>
public sealed record ODataRowOutcome(IReadOnlyList<ISourceRecord> Records, DateTimeOffset? Version, string? Key, RejectedRow? Rejected)
{
    public static ODataRowOutcome Of(ISourceRecord record, DateTimeOffset? version = null, string? key = null) => new([record], version, key, null);

    public static ODataRowOutcome Refused(string? key, string reason) => new([], null, key, new RejectedRow(key, reason));

    /// <summary>A row that is read but stands for no record (an open fiscal period).</summary>
    public static ODataRowOutcome Nothing { get; } = new([], null, null, null);
}

/// <summary>
/// The query of one entity set for one page request: the first page's URL (the next ones are the
/// service's <c>@odata.nextLink</c>, followed unmodified), the deserializer of its rows and the
/// mapping of a row to records. Shared by the Finance &amp; Operations and Dataverse connectors.
/// </summary>
public sealed class ODataEntitySource<TRow>(
    string name,
    ODataClient client,
    ODataReadMode mode,
    int maxPageSize,
    Func<PageRequest, Uri> firstPage,
    Func<Stream, CancellationToken, ValueTask<ODataEnvelope<TRow>?>> deserialize,
    Func<IReadOnlyList<TRow>, CancellationToken, Task<IReadOnlyList<ODataRowOutcome>>> map) : IStreamSource
{
    /// <summary>Snapshot pages per run before the stream stops as too large (10,000 rows a page: 50 million rows).</summary>
    public const int MaxSnapshotPages = 5_000;

    private readonly HashSet<string> seenLinks = new(StringComparer.Ordinal);
    private int snapshotPages;

    public string Name => name;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var url = request.PageToken is { } token ? new Uri(token) : firstPage(request);
        if (request.PageToken is null)
        {
            seenLinks.Clear();
            snapshotPages = 0;
        }

        ODataPage<TRow> page;
        try
        {
            page = await client.GetPageAsync(url, maxPageSize, name, deserialize, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException refused) when (request.PageToken is not null && refused.Kind == SyncErrorKind.Permanent && !refused.PageTokenExpired)
        {
            // A next link the service no longer accepts (an expired paging cookie): the syncer restarts from the checkpoint, a bounded number of times.
            throw new SyncException(SyncErrorKind.Permanent, $"{refused.Message} (the next page link was refused; restarting from the checkpoint)", refused) { PageTokenExpired = true };
        }

        var outcomes = await map(page.Rows, cancellationToken).ConfigureAwait(false);
        var records = outcomes.SelectMany(o => o.Records).ToList();
        var rejected = outcomes.Where(o => o.Rejected is not null).Select(o => o.Rejected!).ToList();
        var next = page.NextLink?.AbsoluteUri;
        return mode == ODataReadMode.Snapshot
            ? SnapshotPage(request, records, rejected, page.Rows.Count, next)
            : new SourcePage(records, rejected, page.Rows.Count, KeysetCursor(outcomes), next);
    }

    private SourcePage SnapshotPage(PageRequest request, List<ISourceRecord> records, List<RejectedRow> rejected, int rows, string? next)
    {
        if (next is not null && !seenLinks.Add(next))
        {
            throw new SyncException(SyncErrorKind.Permanent, $"{name}: the service returned the same next link twice (a paging loop); nothing after the last page stored");
        }

        if (++snapshotPages > MaxSnapshotPages)
        {
            throw new SyncException(SyncErrorKind.Permanent, $"{name}: more than {MaxSnapshotPages} pages in one re-read; the entity is too large to re-read whole (narrow the connection's re-read window)");
        }

        // The snapshot is as of the run's upper bound; only its last page moves the cursor.
        var cursor = next is null ? new SyncCursor(request.UpdatedTo, "snapshot") : null;
        return new SourcePage(records, rejected, rows, cursor, next) { Snapshot = true };
    }

    private static SyncCursor? KeysetCursor(IReadOnlyList<ODataRowOutcome> outcomes)
    {
        SyncCursor? highest = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Version is { } version && outcome.Key is { } key)
            {
                highest = SyncCursor.Max(highest, new SyncCursor(version, key));
            }
        }

        return highest;
    }
}
