using System.Collections.Concurrent;
using System.Text.Json;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Dataverse;

/// <summary>
/// The Dataverse connector: <c>accounts</c> and <c>contacts</c> by keyset on <c>modifiedon</c>,
/// pages of at most 5,000 rows whose <c>@odata.nextLink</c> (a <c>$skiptoken</c> paging cookie)
/// is followed unmodified. Each row becomes a <see cref="DataverseRecord"/> whose
/// <see cref="DataverseRecord.PromotedToErp"/> says whether dual-write made it an F&amp;O customer:
/// it carries the customer account and a company, and (when the connection names the F&amp;O
/// environment) that company holds that customer account. Card 4.3 counts the rest as "in
/// Dataverse, not promoted".
/// </summary>
public sealed class DataverseConnector(IHttpClientFactory httpClients, TimeProvider clock, ConnectorMetrics metrics) : IDisposable
{
    public const string HttpClientName = "dataverse";

    /// <summary>Customer keys per F&amp;O query of the promotion check (the filter stays well under URL limits).</summary>
    public const int PromotionChunk = 25;

    private static readonly RefusalAdvice Advice = new()
    {
        Unauthorized = "check the app registration's secret and run 'gapwatch connect dataverse' again",
        Forbidden = "give the Dataverse application user a security role with organisation-level read on Account and Contact",
        NotFound = "check the organisation URL (https://{org}.crm.dynamics.com)",
    };

    private static readonly RefusalAdvice FoAdvice = new()
    {
        Unauthorized = "the app registration is not allowed into the F&O environment; check its 'Microsoft Entra applications' entry",
        Forbidden = "map the app in F&O 'Microsoft Entra applications' to a user with read access to customers",
        NotFound = "check the F&O environment URL of the Dataverse connection",
    };

    /// <summary>
    /// The columns read from accounts: standard ones and the dual-write solution's (docs: dual-write
    /// CustomersV3-accounts: ORGANIZATIONNAME = name, PRIMARYCONTACTEMAIL = emailaddress1,
    /// CUSTOMERACCOUNT = accountnumber, TAXEXEMPTNUMBER = msdyn_taxexemptnumber; company = msdyn_company).
    /// </summary>
    public static readonly IReadOnlyList<string> AccountColumns = ["accountid", "name", "emailaddress1", "msdyn_taxexemptnumber", "accountnumber", "_msdyn_company_value", "modifiedon"];

    /// <summary>
    /// The columns read from contacts (docs: dual-write CustomersV3-contacts: CUSTOMERACCOUNT =
    /// msdyn_contactpersonid, PRIMARYCONTACTEMAIL = emailaddress1). No tax-exempt number: the map
    /// has none for contacts, and selecting a column a table lacks fails the whole query.
    /// </summary>
    public static readonly IReadOnlyList<string> ContactColumns = ["contactid", "fullname", "emailaddress1", "msdyn_contactpersonid", "_msdyn_company_value", "modifiedon"];

    private readonly ConcurrentDictionary<EntraCredentials, EntraTokenSource> tokens = new();

    public IReadOnlyList<IStreamSource> Streams(DataverseConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var http = httpClients.CreateClient(HttpClientName);
        var client = new ODataClient(http, Tokens(http, connection.Credentials), new ODataService(connection.Organization, "Dataverse", Advice), metrics);
        var promotion = connection.FinanceOperations is { } fo
            ? new PromotionCheck(new ODataClient(http, Tokens(http, fo.Credentials), new ODataService(fo.Environment, "Finance & Operations", FoAdvice), metrics), fo)
            : null;
        return
        [
            Table(client, connection, promotion, "accounts", "accountid", Select(AccountColumns, connection), null),
            Table(client, connection, promotion, "contacts", "contactid", Select(ContactColumns, connection), connection.CustomerContactFilter),
        ];
    }

    public void Dispose()
    {
        foreach (var source in tokens.Values)
        {
            source.Dispose();
        }
    }

    private EntraTokenSource Tokens(HttpClient http, EntraCredentials credentials) =>
        tokens.GetOrAdd(credentials, c => new EntraTokenSource(http, c, clock, metrics));

    /// <summary>A table's <c>$select</c>: its columns, and the account-reference column when the connection names one.</summary>
    internal static string Select(IReadOnlyList<string> columns, DataverseConnection connection) =>
        string.Join(',', connection.AccountReferenceColumn is { } reference && !columns.Contains(reference) ? [.. columns, reference] : columns);

    private static ODataEntitySource<DataverseRow> Table(
        ODataClient client, DataverseConnection connection, PromotionCheck? promotion, string table, string key, string select, string? only) =>
        new(table, client, ODataReadMode.Keyset, connection.PageSize,
            request => connection.Api(ODataQuery.Build(table,
                ("$select", select),
                ("$expand", "msdyn_company($select=cdm_companycode)"),
                ("$filter", ODataQuery.And(
                    string.IsNullOrWhiteSpace(only) ? null : $"({only})", // a user's 'or' must not escape the time window
                    request.UpdatedFrom is { } from ? $"modifiedon ge {ODataQuery.Instant(from)}" : null,
                    $"modifiedon le {ODataQuery.Instant(request.UpdatedTo)}")),
                ("$orderby", $"modifiedon asc,{key} asc"))),
            (body, ct) => JsonSerializer.DeserializeAsync(body, DataverseJson.Default.ODataEnvelopeDataverseRow, ct),
            (rows, ct) => MapAsync(rows, table == "accounts" ? "account" : "contact", connection.AccountReferenceColumn, promotion, ct));

    private static async Task<IReadOnlyList<ODataRowOutcome>> MapAsync(
        IReadOnlyList<DataverseRow> rows, string type, string? referenceColumn, PromotionCheck? promotion, CancellationToken cancellationToken)
    {
        var candidates = rows.Select(DataverseMapper.DualWriteKey).Where(k => k is not null).Select(k => k!.Value).Distinct().ToList();
        var confirmed = promotion is null
            ? candidates.ToHashSet()
            : await promotion.ExistingAsync(candidates, cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => DataverseMapper.Record(r, type, confirmed, referenceColumn))];
    }

    /// <summary>Asks F&amp;O which of the dual-write keys are customers, <see cref="PromotionChunk"/> keys per query.</summary>
    private sealed class PromotionCheck(ODataClient client, DynamicsFoConnection fo)
    {
        public async Task<HashSet<(string Company, string Account)>> ExistingAsync(List<(string Company, string Account)> keys, CancellationToken cancellationToken)
        {
            var found = new HashSet<(string, string)>();
            foreach (var chunk in keys.Chunk(PromotionChunk))
            {
                var filter = string.Join(" or ", chunk.Select(k => $"(dataAreaId eq {ODataQuery.Text(k.Company.ToLowerInvariant())} and CustomerAccount eq {ODataQuery.Text(k.Account)})"));
                Uri? next = fo.Data(ODataQuery.Build("CustomersV3", ("cross-company", "true"), ("$select", "dataAreaId,CustomerAccount"), ("$filter", filter)));
                while (next is not null)
                {
                    var page = await client.GetPageAsync(next, fo.PageSize, "dataverse promotion check (F&O CustomersV3)",
                        (body, ct) => JsonSerializer.DeserializeAsync(body, DataverseJson.Default.ODataEnvelopeFoCustomerKeyRow, ct), cancellationToken).ConfigureAwait(false);
                    foreach (var row in page.Rows.Where(r => r.DataAreaId is not null && r.CustomerAccount is not null))
                    {
                        found.Add((row.DataAreaId!.ToUpperInvariant(), row.CustomerAccount!));
                    }

                    next = page.NextLink;
                }
            }

            return found;
        }
    }
}

/// <summary>Dataverse rows to records.</summary>
internal static class DataverseMapper
{
    /// <summary>The (company, F&amp;O customer account) dual-write keys the row by, when it has both.</summary>
    public static (string Company, string Account)? DualWriteKey(DataverseRow row)
    {
        var account = row.AccountNumber ?? row.ContactPersonId;
        var company = row.Company?.CompanyCode;
        return string.IsNullOrWhiteSpace(account) || string.IsNullOrWhiteSpace(row.CompanyId) || string.IsNullOrWhiteSpace(company)
            ? null
            : (company.Trim().ToUpperInvariant(), account.Trim());
    }

    public static ODataRowOutcome Record(DataverseRow row, string type, HashSet<(string Company, string Account)> promoted, string? referenceColumn = null)
    {
        var id = row.AccountId ?? row.ContactId;
        if (string.IsNullOrWhiteSpace(id) || row.ModifiedOn is not { } modified)
        {
            return ODataRowOutcome.Refused(id, $"{type} row without its id or modifiedon");
        }

        var key = DualWriteKey(row);
        var record = new DataverseRecord(id, type, Text(row.Name ?? row.FullName), Text(row.Email), Text(row.TaxExemptNumber), Text(row.Column(referenceColumn)),
            key is { } k && promoted.Contains(k), modified.ToUniversalTime());
        return ODataRowOutcome.Of(record, record.UpdatedAt, id);
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

public static class DataverseConnectorServices
{
    /// <summary>Registers the shared connector resilience (once; 429 waits <c>Retry-After</c>), the Dataverse HTTP client and the connector.</summary>
    public static IServiceCollection AddDataverseConnector(this IServiceCollection services, ConnectorHttpOptions? options = null)
    {
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient(DataverseConnector.HttpClientName);
        services.AddSingleton<DataverseConnector>();
        return services;
    }
}
