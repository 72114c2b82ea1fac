using System.Text.Json;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>
/// The Business Central connector: API v2.0 over OData with an Entra app's client credentials. Per
/// company (each one an entity): <c>customers</c>, <c>salesOrders</c>, <c>salesInvoices</c>,
/// <c>salesCreditMemos</c> (with <c>dimensionSetLines</c> expanded), <c>generalLedgerEntries</c>, the
/// accounting periods as period locks and, when published, the Shopify Connector's log; once per
/// connection, every company's exchange rates. Get it from DI after
/// <see cref="BusinessCentralConnectorServices.AddBusinessCentralConnector"/>.
/// </summary>
public sealed class BusinessCentralConnector(IHttpClientFactory httpClients, TimeProvider clock, ConnectorMetrics metrics)
{
    public const string HttpClientName = "business_central";

    /// <summary>
    /// The streams of one run. <paramref name="reportingCurrency"/> is the workspace's: each document
    /// carries the rate into it. <paramref name="pageSize"/> overrides the run's page size (Business
    /// Central serves up to 20,000 rows a page; the run's default is 100).
    /// </summary>
    public IReadOnlyList<IStreamSource> Streams(BusinessCentralConnection connection, string reportingCurrency, int? pageSize = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(reportingCurrency);
        if (pageSize is < 1 or > 20_000)
        {
            throw new ArgumentOutOfRangeException(nameof(pageSize), "Business Central serves 1 to 20,000 rows a page");
        }

        var client = Client(connection);
        var rates = new BusinessCentralRates(client, connection.Companies);
        var streams = new List<IStreamSource>
        {
            new BusinessCentralSnapshotStream("currencyExchangeRates", (request, ct) => BusinessCentralSnapshots.RatesAsync(rates, request, ct)),
        };
        foreach (var company in connection.Companies)
        {
            var context = Context(company, connection, rates, reportingCurrency);
            var posting = new BusinessCentralPostingCheck(client, company, pageSize);
            IStreamSource Paged(BusinessCentralCollection collection, PageMapper map) =>
                new BusinessCentralStream($"{company.Entity}/{collection.EntitySet}", company, collection, client, context, map, pageSize, metrics);
            IStreamSource Stream(BusinessCentralCollection collection, Func<JsonElement, CompanyContext, NodeOutcome> map) =>
                Paged(collection, (_, _, _) => Task.FromResult(map));

            // Invoices and credit memos: a page's Open documents are posted only if the G/L has entries under their numbers.
            PageMapper Documents(Func<JsonElement, CompanyContext, IReadOnlySet<string>, NodeOutcome> map) => async (rows, size, ct) =>
            {
                var open = BusinessCentralMapper.OpenDocumentNumbers(rows);
                var posted = open.Count == 0 ? BusinessCentralMapper.NonePosted : await posting.PostedAsync(open, size, ct).ConfigureAwait(false);
                return (row, c) => map(row, c, posted);
            };
            streams.Add(Stream(new("customers"), BusinessCentralMapper.Customer));
            streams.Add(Stream(new("salesOrders", Expand: "dimensionSetLines"), BusinessCentralMapper.SalesOrder));
            streams.Add(Paged(new("salesInvoices", Expand: "dimensionSetLines"), Documents(BusinessCentralMapper.SalesInvoice)));
            streams.Add(Paged(new("salesCreditMemos", Expand: "dimensionSetLines"), Documents(BusinessCentralMapper.SalesCreditMemo)));
            streams.Add(Stream(new("generalLedgerEntries", Expand: "dimensionSetLines"), BusinessCentralMapper.GlEntry));
            streams.Add(new BusinessCentralSnapshotStream($"{company.Entity}/accountingPeriods", (_, ct) => BusinessCentralSnapshots.PeriodLocksAsync(rates, company, ct)));
            if (connection.SyncLog is { } log)
            {
                streams.Add(Stream(new(log.LogEntries, "DateAndTime", "EntryNo", WebService: true), BusinessCentralSyncLog.LogEntry));
                streams.Add(Stream(new(log.SkippedRecords, "CreatedOn", "EntryNo", WebService: true), BusinessCentralSyncLog.SkippedRecord));
            }
        }

        return streams;
    }

    /// <summary>The companies of the environment by name, to store with a connection when none was named.</summary>
    public Task<Dictionary<string, string>> CompaniesAsync(BusinessCentralConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return Client(connection).ReadCompaniesAsync(cancellationToken);
    }

    private BusinessCentralClient Client(BusinessCentralConnection connection)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var tokens = new EntraTokenSource(http, new EntraCredentials(connection.Authority, connection.Tenant, connection.ClientId, connection.ClientSecret, BusinessCentralConnection.Scope), clock, metrics);
        var service = new ODataService(connection.ApiHost, "Business Central", BusinessCentralClient.Advice)
        {
            ExtraHeaders = [("Data-Access-Intent", "ReadOnly")],
        };
        return new BusinessCentralClient(new ODataClient(http, tokens, service, metrics), connection);
    }

    private static Func<CancellationToken, Task<CompanyContext>> Context(
        BusinessCentralCompany company, BusinessCentralConnection connection, BusinessCentralRates rates, string reportingCurrency)
    {
        CompanyContext? known = null;
        return async cancellationToken =>
        {
            if (known is null)
            {
                await rates.LoadAsync(cancellationToken).ConfigureAwait(false);
                var setup = await rates.SetupAsync(company, cancellationToken).ConfigureAwait(false);
                known = new CompanyContext(company.Entity, setup.LocalCurrencyCode ?? reportingCurrency, connection.Dimensions, rates, reportingCurrency);
            }

            return known;
        };
    }
}

public static class BusinessCentralConnectorServices
{
    /// <summary>Registers the shared connector resilience (once) and the Business Central client and connector; 429 and 503 wait <c>Retry-After</c>.</summary>
    public static IServiceCollection AddBusinessCentralConnector(this IServiceCollection services, ConnectorHttpOptions? options = null)
    {
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient(BusinessCentralConnector.HttpClientName);
        services.AddSingleton<BusinessCentralConnector>();
        return services;
    }
}
