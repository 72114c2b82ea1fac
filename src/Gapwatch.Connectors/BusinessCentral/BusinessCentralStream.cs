using System.Text.Json;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>
/// Where one incremental collection lives and how it is ordered: an API v2.0 entity set of a company
/// (<c>companies({id})/customers</c>) or a web service published for it (<c>ODataV4/Company('…')/ShpfyLogEntries</c>),
/// the instant it is filtered and sorted on, the key that breaks ties, and any <c>$expand</c>.
/// </summary>
internal sealed record BusinessCentralCollection(string EntitySet, string TimeField = "lastModifiedDateTime", string KeyField = "id", string? Expand = null, bool WebService = false);

/// <summary>
/// How a page's rows become records: a mapper that needs nothing but the row, or one that first looks
/// something up for the whole page (the posted check of sales documents) and then maps each row.
/// </summary>
internal delegate Task<Func<JsonElement, CompanyContext, NodeOutcome>> PageMapper(IReadOnlyList<JsonElement> rows, int pageSize, CancellationToken cancellationToken);

/// <summary>
/// One collection of one company, read incrementally with server-driven paging. The first request
/// of a query asks for <c>$filter=T ge from and T le to</c> (both inclusive, to the millisecond),
/// <c>$orderby=T,key</c>, and <c>Prefer: odata.maxpagesize</c>; every later page is the server's
/// <c>@odata.nextLink</c>, kept as the page token as given (its <c>$skiptoken</c> is opaque). A next
/// link the server no longer accepts restarts the query from the checkpoint.
/// <para>
/// The highest cursor of a committed page is a safe restart point only if rows come in <c>T</c>
/// order across pages, and Microsoft does not document that <c>$orderby</c> holds across next links
/// (its skip token is said to hold the last entity's key). So every row's <c>T</c> is checked against
/// the row before it in the query, across pages: once one goes back, the query's cursor never passes
/// the earliest such row again (a restart from it is inclusive on <c>T</c>, so it re-reads that row
/// and everything after), and each is counted in <see cref="ConnectorMetrics.OutOfOrderRows"/>. The
/// key is not checked within one <c>T</c>: a restart re-reads the whole instant anyway, and SQL
/// Server orders GUIDs differently from their text, which would raise false alarms.
/// </para>
/// </summary>
internal sealed class BusinessCentralStream(
    string name,
    BusinessCentralCompany company,
    BusinessCentralCollection collection,
    BusinessCentralClient client,
    Func<CancellationToken, Task<CompanyContext>> context,
    PageMapper map,
    int? pageSize,
    ConnectorMetrics metrics) : IStreamSource
{
    private readonly PagingOrderGuard order = new();

    public string Name => name;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var where = client.Where(company.Entity, collection.EntitySet);
        var url = request.PageToken is { } token ? new Uri(token) : await FirstPageAsync(request, cancellationToken).ConfigureAwait(false);
        OData.ODataPage<JsonElement> page;
        try
        {
            page = await client.PageAsync(url, pageSize ?? request.PageSize, where, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncException refused) when (request.PageToken is not null && refused.Kind == SyncErrorKind.Permanent
            && refused.Message.Contains("skiptoken", StringComparison.OrdinalIgnoreCase))
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: the server no longer accepts the next-page link ({refused.Message}); restarting from the checkpoint", refused)
            {
                PageTokenExpired = true,
            };
        }

        if (request.PageToken is null)
        {
            // A new query (first page, or a restart from the checkpoint, which is at or before any row found out of order).
            order.Reset();
        }

        var companyContext = await context(cancellationToken).ConfigureAwait(false);
        var mapRow = await map(page.Rows, pageSize ?? request.PageSize, cancellationToken).ConfigureAwait(false);
        var records = new List<ISourceRecord>();
        var rejected = new List<RejectedRow>();
        SyncCursor? cursor = null;
        foreach (var row in page.Rows)
        {
            var outcome = mapRow(row, companyContext);
            records.AddRange(outcome.Records);
            cursor = SyncCursor.Max(cursor, outcome.Cursor);
            if (order.Next(outcome.Cursor))
            {
                metrics.RecordOutOfOrder();
            }

            if (outcome.Rejected is { } reason)
            {
                rejected.Add(reason);
            }
        }

        return new SourcePage(records, rejected, page.Rows.Count, order.Cap(cursor), page.NextLink?.AbsoluteUri) { Rewind = order.Ceiling is not null };
    }

    internal string Query(PageRequest request)
    {
        var time = collection.TimeField;
        var filter = request.UpdatedFrom is { } from
            ? $"{time} ge {BusinessCentralMapper.Literal(from)} and {time} le {BusinessCentralMapper.Literal(request.UpdatedTo)}"
            : $"{time} le {BusinessCentralMapper.Literal(request.UpdatedTo)}";
        var query = $"$filter={Uri.EscapeDataString(filter)}&$orderby={Uri.EscapeDataString($"{time},{collection.KeyField}")}";
        return collection.Expand is { } expand ? $"{query}&$expand={Uri.EscapeDataString(expand)}" : query;
    }

    private async Task<Uri> FirstPageAsync(PageRequest request, CancellationToken cancellationToken) =>
        collection.WebService
            ? client.WebService(company.Name, collection.EntitySet, Query(request))
            : await client.CollectionAsync(company.Name, collection.EntitySet, Query(request), cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// Watches one query's rows for a time that goes back (see <see cref="BusinessCentralStream"/>): the
/// earliest row that arrived after a later one is where the query's cursor stops.
/// </summary>
internal sealed class PagingOrderGuard
{
    private SyncCursor? previous;

    /// <summary>The earliest out-of-order row of this query; null while the order has held.</summary>
    public SyncCursor? Ceiling { get; private set; }

    public void Reset() => (previous, Ceiling) = (null, null);

    /// <summary>Takes the next row's cursor (null for a row without one); true when its time is before the previous row's.</summary>
    public bool Next(SyncCursor? row)
    {
        if (row is null)
        {
            return false;
        }

        var back = previous is not null && row.UpdatedAt < previous.UpdatedAt;
        if (back && (Ceiling is null || row < Ceiling))
        {
            Ceiling = row;
        }

        previous = row;
        return back;
    }

    /// <summary>A page's cursor, no later than the earliest out-of-order row of the query.</summary>
    public SyncCursor? Cap(SyncCursor? cursor) => Ceiling is { } ceiling && cursor is not null && cursor > ceiling ? ceiling : cursor;
}
