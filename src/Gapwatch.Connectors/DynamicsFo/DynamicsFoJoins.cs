using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;

namespace Gapwatch.Connectors.DynamicsFo;

/// <summary>
/// The client-side joins of the F&amp;O streams whose facts sit on two entities with no navigation
/// between them: per page of the read entity, one batched lookup of the other. F&amp;O OData has no
/// <c>in</c> operator, so a lookup is an <c>or</c> chain of at most <see cref="KeysPerRequest"/> keys
/// per request (the URL stays short); each lookup follows its own next links.
/// </summary>
internal sealed class DynamicsFoJoins(ODataClient client, DynamicsFoConnection connection)
{
    /// <summary>Keys per lookup request.</summary>
    public const int KeysPerRequest = 50;

    /// <summary>Pages one lookup may follow before it is taken for a paging loop.</summary>
    private const int MaxLookupPages = 1_000;

    /// <summary>Invoices with their sales orders' default dimensions (<c>SalesId</c> → <c>SalesOrderHeadersV2</c>).</summary>
    public async Task<IReadOnlyList<ODataRowOutcome>> InvoicesAsync(IReadOnlyList<FoInvoiceRow> rows, CancellationToken cancellationToken)
    {
        var numbers = rows.Select(r => r.SalesId).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()).Distinct(StringComparer.Ordinal).ToList();
        var dimensions = new Dictionary<(string Company, string Order), string?>();
        foreach (var batch in numbers.Chunk(KeysPerRequest))
        {
            // The same order number may exist in other companies: those rows come along and are matched away by company.
            var orders = await ReadAllAsync("invoices (sales order dimensions)", Query(
                "SalesOrderHeadersV2", "dataAreaId,SalesOrderNumber,DefaultLedgerDimensionDisplayValue", ODataQuery.AnyOf("SalesOrderNumber", batch.Select(ODataQuery.Text)), "dataAreaId,SalesOrderNumber"),
                DynamicsFoJson.Default.ODataEnvelopeFoOrderDimensionRow, cancellationToken).ConfigureAwait(false);
            foreach (var order in orders)
            {
                if (order.DataAreaId is { } company && order.SalesOrderNumber is { } number)
                {
                    dimensions[(company.ToUpperInvariant(), number)] = order.DefaultLedgerDimensionDisplayValue;
                }
            }
        }

        return [.. rows.Select(r => DynamicsFoMapper.Invoice(r, connection.CommerceOriginCodes,
            r.DataAreaId is { } company && r.SalesId is { } salesId && dimensions.TryGetValue((company.ToUpperInvariant(), salesId.Trim()), out var display)
                ? DynamicsFoDimensions.Parse(display, connection.DimensionDelimiter)
                : Dimensions.None))];
    }

    /// <summary>Journal entries with their ledger lines (<c>GeneralJournalAccountEntryBiEntities.GeneralJournalEntry</c> = the header's <c>SourceKey</c>).</summary>
    public async Task<IReadOnlyList<ODataRowOutcome>> GlEntriesAsync(IReadOnlyList<FoGlHeaderRow> headers, CancellationToken cancellationToken)
    {
        var outcomes = new List<ODataRowOutcome>();
        var keyed = new Dictionary<long, FoGlHeaderRow>();
        foreach (var header in headers)
        {
            if (header.SourceKey is { } key)
            {
                keyed[key] = header;
            }
            else
            {
                outcomes.Add(ODataRowOutcome.Refused(header.SubledgerVoucher, $"GeneralJournalEntryBiEntities row of voucher {header.SubledgerVoucher} without SourceKey"));
            }
        }

        foreach (var batch in keyed.Keys.Order().Chunk(KeysPerRequest))
        {
            var lines = await ReadAllAsync("gl_entries (lines)", Query(
                "GeneralJournalAccountEntryBiEntities", "SourceKey,GeneralJournalEntry,LedgerAccount,TransactionCurrencyCode,TransactionCurrencyAmount",
                ODataQuery.AnyOf("GeneralJournalEntry", batch.Select(k => k.ToString(CultureInfo.InvariantCulture))), "SourceKey"),
                DynamicsFoJson.Default.ODataEnvelopeFoGlLineRow, cancellationToken).ConfigureAwait(false);
            foreach (var line in lines)
            {
                outcomes.Add(line.GeneralJournalEntry is { } entry && keyed.TryGetValue(entry, out var header)
                    ? DynamicsFoMapper.GlEntry(line, header, connection.DimensionDelimiter)
                    : ODataRowOutcome.Refused(line.SourceKey?.ToString(CultureInfo.InvariantCulture), $"GL line answered for journal entry {line.GeneralJournalEntry}, which was not asked for"));
            }
        }

        return outcomes;
    }

    /// <summary>Ledger periods with their calendar periods' dates (<c>FiscalPeriods</c> on calendar, year and period name; the join is inferred from the names: verify).</summary>
    public async Task<IReadOnlyList<ODataRowOutcome>> PeriodLocksAsync(IReadOnlyList<FoLedgerPeriodRow> rows, CancellationToken cancellationToken)
    {
        var years = rows.Where(r => r.Calendar is not null && r.YearName is not null).Select(r => (r.Calendar!, r.YearName!)).Distinct().ToList();
        var periods = new Dictionary<(string Calendar, string Year, string Period), FoFiscalPeriodRow>();
        foreach (var batch in years.Chunk(KeysPerRequest))
        {
            var found = await ReadAllAsync("period_locks (fiscal periods)", Query(
                "FiscalPeriods", "Calendar,FiscalYear,PeriodName,StartDate,EndDate,Type",
                string.Join(" or ", batch.Select(y => $"(Calendar eq {ODataQuery.Text(y.Item1)} and FiscalYear eq {ODataQuery.Text(y.Item2)})")), "Calendar,FiscalYear,StartDate"),
                DynamicsFoJson.Default.ODataEnvelopeFoFiscalPeriodRow, cancellationToken).ConfigureAwait(false);
            foreach (var period in found)
            {
                if (period.Calendar is { } calendar && period.FiscalYear is { } year && period.PeriodName is { } name)
                {
                    periods[(calendar, year, name)] = period;
                }
            }
        }

        return [.. rows.Select(r => DynamicsFoMapper.PeriodStatus(r,
            r.Calendar is { } calendar && r.YearName is { } year && r.PeriodName is { } name && periods.TryGetValue((calendar, year, name), out var period) ? period : null))];
    }

    private Uri Query(string entitySet, string select, string filter, string orderBy) =>
        connection.Data(ODataQuery.Build(entitySet, ("cross-company", "true"), ("$select", select), ("$filter", filter), ("$orderby", orderBy)));

    /// <summary>Every row of one lookup, following its next links.</summary>
    private async Task<List<TRow>> ReadAllAsync<TRow>(string where, Uri first, JsonTypeInfo<ODataEnvelope<TRow>> type, CancellationToken cancellationToken)
    {
        var rows = new List<TRow>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (Uri? next = first; next is not null;)
        {
            if (!seen.Add(next.AbsoluteUri) || seen.Count > MaxLookupPages)
            {
                throw new SyncException(SyncErrorKind.Permanent, $"{where}: the service returned the same next link twice (a paging loop); this page is not stored");
            }

            var page = await client.GetPageAsync(next, connection.PageSize, where, (body, ct) => JsonSerializer.DeserializeAsync(body, type, ct), cancellationToken).ConfigureAwait(false);
            rows.AddRange(page.Rows);
            next = page.NextLink;
        }

        return rows;
    }
}
