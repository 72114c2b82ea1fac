using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.DynamicsFo;

/// <summary>
/// The Finance &amp; Operations connector: data entities over OData with <c>cross-company=true</c>
/// (without it F&amp;O answers for the app user's default company only). Customers, sales orders,
/// exchange rates and fiscal periods have no modified timestamp and are re-read whole every run; GL
/// journal entries are read whole once and then re-read <see cref="DynamicsFoConnection.ReReadDays"/>
/// back by accounting date. The invoice journal (<c>SysModifiedDateTime</c>) is read by keyset.
/// Invoices, GL entries and period locks join a second entity per page (<see cref="DynamicsFoJoins"/>).
/// The integration log is read by keyset: by default the data-management execution errors of the
/// configured entities (<see cref="DmfExecutionErrors"/>), optionally an own-contract entity with a
/// modified timestamp. Get it from DI after <see cref="DynamicsFoConnectorServices.AddDynamicsFoConnector"/>.
/// </summary>
public sealed class DynamicsFoConnector(IHttpClientFactory httpClients, TimeProvider clock, ConnectorMetrics metrics) : IDisposable
{
    public const string HttpClientName = "dynamics-fo";

    private static readonly RefusalAdvice Advice = new()
    {
        Unauthorized = "check the app registration's secret and run 'gapwatch connect dynamics_fo' again",
        Forbidden = "map the app in F&O 'Microsoft Entra applications' to a user with read-only roles on customers, sales, invoices, the general ledger, fiscal periods (the BI entities included) and the data-management execution history",
        NotFound = "check the environment URL and that the data entity is public (verify its name in /data/$metadata)",
    };

    private readonly ConcurrentDictionary<EntraCredentials, EntraTokenSource> tokens = new();

    public IReadOnlyList<IStreamSource> Streams(DynamicsFoConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var http = httpClients.CreateClient(HttpClientName);
        var source = tokens.GetOrAdd(connection.Credentials, c => new EntraTokenSource(http, c, clock, metrics));
        var client = new ODataClient(http, source, new ODataService(connection.Environment, "Finance & Operations", Advice), metrics);
        var size = connection.PageSize;
        var delimiter = connection.DimensionDelimiter;
        var joins = new DynamicsFoJoins(client, connection);
        List<IStreamSource> streams =
        [
            Snapshot(client, size, "customers", _ => connection.Data(Entity("CustomersV3",
                    "dataAreaId,CustomerAccount,OrganizationName,PrimaryContactEmail,PrimaryContactPhone,TaxExemptNumber,IdentificationNumber,AddressZipCode,AddressCountryRegionISOCode,CustomerGroupId,OnHoldStatus",
                    null, "dataAreaId,CustomerAccount")),
                DynamicsFoJson.Default.ODataEnvelopeFoCustomerRow, r => DynamicsFoMapper.Customer(r, connection.HoldingCustomerGroups)),
            Snapshot(client, size, "sales_orders", _ => connection.Data(Entity("SalesOrderHeadersV2",
                    "dataAreaId,SalesOrderNumber,CustomersOrderReference,OrderingCustomerAccountNumber,SalesOrderStatus,SalesOrderProcessingStatus,CurrencyCode,OrderTotalAmount,OrderCreationDateTime,DefaultLedgerDimensionDisplayValue",
                    null, "dataAreaId,SalesOrderNumber")),
                DynamicsFoJson.Default.ODataEnvelopeFoSalesOrderRow, r => DynamicsFoMapper.SalesOrder(r, delimiter)),
            new ODataEntitySource<FoInvoiceRow>("invoices", client, ODataReadMode.Keyset, size,
                request => connection.Data(Entity("CustInvoiceJourBiEntities",
                    "dataAreaId,SourceKey,InvoiceId,InvoiceDate,CreatedOn,SalesId,CustomerRef,InvoiceAccount,SalesOriginId,CurrencyCode,InvoiceAmount,SumTax,ExchRate,SysModifiedDateTime",
                    ODataQuery.And(
                        request.UpdatedFrom is { } from ? $"SysModifiedDateTime ge {ODataQuery.Instant(from)}" : null,
                        $"SysModifiedDateTime le {ODataQuery.Instant(request.UpdatedTo)}"),
                    "SysModifiedDateTime,SourceKey")),
                Reader(DynamicsFoJson.Default.ODataEnvelopeFoInvoiceRow), joins.InvoicesAsync),
            new ODataEntitySource<FoGlHeaderRow>("gl_entries", client, ODataReadMode.Snapshot, size,
                request => connection.Data(Entity("GeneralJournalEntryBiEntities",
                    "SourceKey,SubledgerVoucherDataAreaId,SubledgerVoucher,AccountingDate,DocumentNumber",
                    ODataQuery.And("PostingLayer eq Microsoft.Dynamics.DataEntities.CurrentOperationsTax'Current'", ReRead("AccountingDate", request, connection)),
                    "SourceKey")),
                Reader(DynamicsFoJson.Default.ODataEnvelopeFoGlHeaderRow), joins.GlEntriesAsync),
            Snapshot(client, size, "exchange_rates", _ => connection.Data(Entity("ExchangeRates",
                    "RateTypeName,FromCurrency,ToCurrency,StartDate,Rate", null, "RateTypeName,FromCurrency,ToCurrency,StartDate")),
                DynamicsFoJson.Default.ODataEnvelopeFoExchangeRateRow, DynamicsFoMapper.ExchangeRate),
            new ODataEntitySource<FoLedgerPeriodRow>("period_locks", client, ODataReadMode.Snapshot, size,
                _ => connection.Data(Entity("LedgerFiscalPeriods", "LedgerName,Calendar,YearName,PeriodName,PeriodStatus,LegalEntityId",
                    "PeriodStatus ne Microsoft.Dynamics.DataEntities.FiscalPeriodStatus'Open'", "LedgerName,Calendar,YearName,PeriodName")),
                Reader(DynamicsFoJson.Default.ODataEnvelopeFoLedgerPeriodRow), joins.PeriodLocksAsync),
        ];
        if (connection.IntegrationLogEntitySet is { Length: > 0 } log)
        {
            streams.Add(new ODataEntitySource<FoIntegrationLogRow>("integration_log", client, ODataReadMode.Keyset, size,
                request => connection.Data(Entity(log, "LogId,ObjectType,ExternalReference,AttemptedDateTime,Outcome,Message,ModifiedDateTime",
                    ODataQuery.And(
                        request.UpdatedFrom is { } from ? $"ModifiedDateTime ge {ODataQuery.Instant(from)}" : null,
                        $"ModifiedDateTime le {ODataQuery.Instant(request.UpdatedTo)}"),
                    "ModifiedDateTime,LogId")),
                Reader(DynamicsFoJson.Default.ODataEnvelopeFoIntegrationLogRow),
                (rows, _) => Task.FromResult<IReadOnlyList<ODataRowOutcome>>([.. rows.Select(DynamicsFoMapper.IntegrationLog)])));
        }

        if (connection.ExecutionErrorEntities is { Count: > 0 } entities)
        {
            streams.Add(ExecutionErrors(client, connection, entities));
        }

        return streams;
    }

    /// <summary>
    /// The DMF execution history as the integration log, by keyset on staging start. The history is
    /// not per company (verify); <c>cross-company=true</c> is sent anyway, harmless on a shared entity,
    /// so a company-bound history could never narrow silently to the app user's default company.
    /// </summary>
    private static ODataEntitySource<FoExecutionJobDetailRow> ExecutionErrors(ODataClient client, DynamicsFoConnection connection, IReadOnlyList<DmfLogEntity> entities)
    {
        var dmf = new DmfExecutionErrors(entities, connection.ExecutionErrorReferencePattern, connection.ExecutionReReadWindow);
        var action = connection.Data(DmfExecutionErrors.ErrorsAction);
        async Task<string?> ErrorsOf(string job, CancellationToken cancellationToken)
        {
            var answer = await client.PostActionAsync(action, DmfExecutionErrors.ErrorsRequest(job), DmfExecutionErrors.StreamName,
                (body, ct) => JsonSerializer.DeserializeAsync(body, DynamicsFoJson.Default.FoActionStringResult, ct), cancellationToken).ConfigureAwait(false);
            return answer.Value;
        }

        return new ODataEntitySource<FoExecutionJobDetailRow>(DmfExecutionErrors.StreamName, client, ODataReadMode.Keyset, connection.PageSize,
            request => connection.Data(Entity(DmfExecutionErrors.DetailsEntitySet, DmfExecutionErrors.Select, dmf.Filter(request), DmfExecutionErrors.OrderBy)),
            Reader(DynamicsFoJson.Default.ODataEnvelopeFoExecutionJobDetailRow),
            (rows, cancellationToken) => dmf.MapAsync(rows, ErrorsOf, cancellationToken));
    }

    public void Dispose()
    {
        foreach (var source in tokens.Values)
        {
            source.Dispose();
        }
    }

    /// <summary>After the first full read (no lower bound), only postings from <see cref="DynamicsFoConnection.ReReadDays"/> before the run's upper bound.</summary>
    private static string? ReRead(string dateField, PageRequest request, DynamicsFoConnection connection) =>
        request.UpdatedFrom is null ? null : $"{dateField} ge {ODataQuery.Instant(new DateTimeOffset(request.UpdatedTo.UtcDateTime.Date, TimeSpan.Zero).AddDays(-connection.ReReadDays))}";

    private static string Entity(string entitySet, string select, string? filter, string orderBy) =>
        ODataQuery.Build(entitySet, ("cross-company", "true"), ("$select", select), ("$filter", filter), ("$orderby", orderBy));

    private static ODataEntitySource<TRow> Snapshot<TRow>(
        ODataClient client, int size, string name, Func<PageRequest, Uri> firstPage, JsonTypeInfo<ODataEnvelope<TRow>> type, Func<TRow, ODataRowOutcome> map) =>
        new(name, client, ODataReadMode.Snapshot, size, firstPage, Reader(type),
            (rows, _) => Task.FromResult<IReadOnlyList<ODataRowOutcome>>([.. rows.Select(map)]));

    private static Func<Stream, CancellationToken, ValueTask<ODataEnvelope<TRow>?>> Reader<TRow>(JsonTypeInfo<ODataEnvelope<TRow>> type) =>
        (body, cancellationToken) => JsonSerializer.DeserializeAsync(body, type, cancellationToken);
}

public static class DynamicsFoConnectorServices
{
    /// <summary>Registers the shared connector resilience (once; 429 waits <c>Retry-After</c>), the F&amp;O HTTP client and the connector.</summary>
    public static IServiceCollection AddDynamicsFoConnector(this IServiceCollection services, ConnectorHttpOptions? options = null)
    {
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient(DynamicsFoConnector.HttpClientName);
        services.AddSingleton<DynamicsFoConnector>();
        return services;
    }
}
