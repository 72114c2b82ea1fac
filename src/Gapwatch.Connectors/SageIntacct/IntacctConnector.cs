using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Microsoft.Extensions.DependencyInjection;
using Polly.Registry;

namespace Gapwatch.Connectors.SageIntacct;

/// <summary>
/// The Sage Intacct connector over the XML gateway: <c>customers</c> (<c>CUSTOMER</c>),
/// <c>sales_orders</c>, <c>sales_invoices</c> and <c>credit_memos</c> (<c>SODOCUMENT</c> by
/// <c>docparid</c>), <c>ar_invoices</c> and <c>ar_adjustments</c> (<c>ARINVOICE</c> and
/// <c>ARADJUSTMENT</c> entered in Accounts Receivable itself), <c>gl_entries</c> (<c>GLDETAIL</c>), <c>exchange_rates</c>
/// (<c>EXCHANGERATEENTRY</c> joined to its <c>EXCHANGERATE</c>) and <c>period_locks</c> (<c>REPORTINGPERIOD</c>,
/// read whole; GL lines and periods once per entity session when the connection lists entities), plus the commerce
/// integration's <c>sync_log</c> custom object as a source of its own. All streams of one
/// connection share one Web Services session (plus one per listed entity). Get it from DI after
/// <see cref="IntacctConnectorServices.AddSageIntacctConnector"/>.
/// </summary>
public sealed class IntacctConnector(IHttpClientFactory httpClients, ResiliencePipelineProvider<string> pipelines, ConnectorHttpOptions options, ConnectorMetrics metrics)
{
    public const string HttpClientName = "sage_intacct";

    /// <summary>The freshness source of the sync log (its own checkpoint and freshness, beside the ERP's).</summary>
    public const string SyncLogSource = "sync_log";

    /// <summary>The ERP streams, in the order they are read (orders before invoices, so an invoice's order is usually known).</summary>
    public IReadOnlyList<IStreamSource> Streams(IntacctConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = Client(connection);
        var mapper = new IntacctMapper(connection);
        var types = connection.DocumentTypes;
        var streams = new List<IStreamSource>
        {
            Stream(client, mapper, "customers", "CUSTOMER", null, mapper.CustomerFieldList(), mapper.Customer),
            Stream(client, mapper, "sales_orders", "SODOCUMENT", types.SalesOrder, mapper.DocumentFieldList(), mapper.SalesOrder),
            new IntacctStream(client, mapper, new IntacctObjectRead("sales_invoices", "SODOCUMENT", types.SalesInvoice, mapper.DocumentFieldList(),
                (rows, ct) => DocumentsAsync(client, mapper, connection, rows, ErpDocumentKind.Invoice, ct))),
            new IntacctStream(client, mapper, new IntacctObjectRead("credit_memos", "SODOCUMENT", types.CreditMemo, mapper.DocumentFieldList(),
                (rows, ct) => DocumentsAsync(client, mapper, connection, rows, ErpDocumentKind.CreditMemo, ct))),
            ArStream(client, mapper, "ar_invoices", "ARINVOICE", adjustment: false),
            ArStream(client, mapper, "ar_adjustments", "ARADJUSTMENT", adjustment: true),
        };
        var scopes = EntityScopes(connection, client, mapper);
        streams.AddRange(scopes.Select(s => Stream(s.Client, s.Mapper, "gl_entries" + s.Suffix, "GLDETAIL", null, s.Mapper.GlFieldList(), s.Mapper.Gl)));
        streams.Add(new IntacctStream(client, mapper, new IntacctObjectRead("exchange_rates", "EXCHANGERATEENTRY", null, mapper.RateFieldList(),
            (rows, ct) => RatesAsync(client, mapper, rows, ct))));
        if (connection.Fields.PeriodClosedAt is not null)
        {
            streams.AddRange(scopes.Select(s => new IntacctStream(s.Client, s.Mapper, new IntacctObjectRead("period_locks" + s.Suffix, "REPORTINGPERIOD", null,
                s.Mapper.PeriodFieldList(), (rows, _) => Task.FromResult<IReadOnlyList<IntacctOutcome>>([.. rows.Select(s.Mapper.Period)]), Whole: true))));
        }

        return streams;
    }

    /// <summary>
    /// Where the objects without an entity field (GL lines, reporting periods) are read: once per
    /// entity of <see cref="IntacctConnection.EntitySessions"/>, each in a session of its own scoped to
    /// it (streams <c>gl_entries@US100</c> …, each with its own checkpoint), else once in the connection's session.
    /// </summary>
    private IReadOnlyList<(string Suffix, IntacctClient Client, IntacctMapper Mapper)> EntityScopes(IntacctConnection connection, IntacctClient client, IntacctMapper mapper)
    {
        if (connection.EntityId is not null || connection.EntitySessions.Count == 0)
        {
            return [("", client, mapper)];
        }

        return [.. connection.EntitySessions.Distinct(StringComparer.Ordinal).Select(entity =>
        {
            var scoped = connection.ScopedTo(entity);
            return ("@" + entity, Client(scoped), new IntacctMapper(scoped));
        })];
    }

    /// <summary>The integration's sync log (the connection's custom object), or none when the connection names no such object.</summary>
    public IReadOnlyList<IStreamSource> SyncLogStreams(IntacctConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (connection.SyncLogObject is not { } objectName)
        {
            return [];
        }

        var mapper = new IntacctMapper(connection);
        return [Stream(Client(connection), mapper, "sync_log", objectName, null, IntacctMapper.SyncLogFields, mapper.SyncLog)];
    }

    private IntacctClient Client(IntacctConnection connection) =>
        new(httpClients.CreateClient(HttpClientName), connection, pipelines.GetPipeline(ConnectorResilience.VendorThrottlePipelineKey), options, metrics);

    private static IntacctStream Stream(IntacctClient client, IntacctMapper mapper, string name, string objectName, string? docParId, IReadOnlyList<string> fields, Func<IntacctRow, IntacctOutcome> map) =>
        new(client, mapper, new IntacctObjectRead(name, objectName, docParId, fields,
            (rows, _) => Task.FromResult<IReadOnlyList<IntacctOutcome>>([.. rows.Select(map)])));

    /// <summary>
    /// Exchange rates: an <c>EXCHANGERATEENTRY</c> holds only the date and the rate; its currencies
    /// and rate type are on its <c>EXCHANGERATE</c>, read with one extra query per page for the pairs
    /// the page names (<c>RECORDNO IN (…)</c>; a company has few pairs).
    /// </summary>
    private static async Task<IReadOnlyList<IntacctOutcome>> RatesAsync(IntacctClient client, IntacctMapper mapper, IReadOnlyList<IntacctRow> rows, CancellationToken cancellationToken)
    {
        var pairs = new Dictionary<string, IntacctRow>(StringComparer.Ordinal);
        var wanted = rows.Select(mapper.RatePairOf).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var batch in wanted.Chunk(100))
        {
            var query = InList("RECORDNO", batch);
            var data = await client.ReadAsync("exchange_rates", IntacctRequestWriter.ReadByQuery("EXCHANGERATE", query, IntacctMapper.RatePairFields, IntacctStream.MaxPageSize, null),
                readMore: false, cancellationToken).ConfigureAwait(false);
            foreach (var pair in data.Rows)
            {
                if (pair["RECORDNO"] is { } recordNo)
                {
                    pairs[recordNo] = pair;
                }
            }
        }

        return [.. rows.Select(r => mapper.Rate(r, mapper.RatePairOf(r) is { } link && pairs.TryGetValue(link, out var pair) ? pair : null))];
    }

    /// <summary>
    /// Native AR invoices or adjustments: only <c>MODULEKEY = '4.AR'</c>. An order-entry invoice or
    /// credit memo posts an AR record of its own with <c>MODULEKEY = '8.SO'</c>; that document is
    /// read from <c>SODOCUMENT</c> already, so its AR side would count its revenue twice (and it is
    /// deleted and re-created under a new <c>RECORDNO</c> whenever the document is edited).
    /// </summary>
    private static IntacctStream ArStream(IntacctClient client, IntacctMapper mapper, string name, string objectName, bool adjustment) =>
        new(client, mapper, new IntacctObjectRead(name, objectName, null, mapper.ArFieldList(adjustment),
            (rows, _) => Task.FromResult<IReadOnlyList<IntacctOutcome>>([.. rows.Select(r => mapper.ArDocument(r, adjustment))]))
        {
            Condition = $"MODULEKEY = '{IntacctMapper.NativeArModule}'",
        });

    /// <summary>
    /// Invoices and credit memos. One converted from a sales order without a commerce reference of
    /// its own takes its order's (<c>CREATEDFROM</c> names it, e.g. <c>Sales Order-SO0023</c>), read
    /// with one extra query per page for the orders it needs.
    /// </summary>
    private static async Task<IReadOnlyList<IntacctOutcome>> DocumentsAsync(
        IntacctClient client, IntacctMapper mapper, IntacctConnection connection, IReadOnlyList<IntacctRow> rows, ErpDocumentKind kind, CancellationToken cancellationToken)
    {
        var references = new Dictionary<string, string?>(StringComparer.Ordinal);
        var field = connection.Fields.CommerceReference;
        var orderPrefix = connection.DocumentTypes.SalesOrder + "-";
        var wanted = field is null ? [] : rows
            .Where(r => r[field] is null && r["CREATEDFROM"] is { } from && from.StartsWith(orderPrefix, StringComparison.Ordinal))
            .Select(r => r["CREATEDFROM"]!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var batch in wanted.Chunk(100))
        {
            var query = InList("DOCID", batch);
            var data = await client.ReadAsync(kind == ErpDocumentKind.Invoice ? "sales_invoices" : "credit_memos",
                IntacctRequestWriter.ReadByQuery("SODOCUMENT", query, ["DOCID", field!], IntacctStream.MaxPageSize, connection.DocumentTypes.SalesOrder), readMore: false, cancellationToken)
                .ConfigureAwait(false);
            foreach (var order in data.Rows)
            {
                if (order["DOCID"] is { } docId)
                {
                    references[docId] = order[field!];
                }
            }
        }

        return [.. rows.Select(r => mapper.Document(r, kind, r["CREATEDFROM"] is { } from && references.TryGetValue(from, out var reference) ? reference : null))];
    }

    /// <summary>A readByQuery condition <c>FIELD IN ('a','b')</c>, a quote escaped with a backslash as Intacct's query language wants.</summary>
    private static string InList(string field, IEnumerable<string> values) =>
        field + " IN (" + string.Join(",", values.Select(v => "'" + v.Replace("'", "\\'", StringComparison.Ordinal) + "'")) + ")";
}

public static class IntacctConnectorServices
{
    /// <summary>Registers the shared connector resilience (once) and the Sage Intacct client and connector.</summary>
    public static IServiceCollection AddSageIntacctConnector(this IServiceCollection services, ConnectorHttpOptions? options = null)
    {
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient(IntacctConnector.HttpClientName);
        services.AddSingleton<IntacctConnector>();
        return services;
    }
}
