using System.Text.Json;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>
/// The connection's OData reads: a company's collections under the API v2.0 root, published web
/// services under <c>ODataV4/Company('…')</c>, and the company ids looked up once by name. Every
/// read carries <c>Data-Access-Intent: ReadOnly</c>, so Business Central may answer from a read-only
/// replica and never takes locks that would slow the merchant's own users.
/// </summary>
internal sealed class BusinessCentralClient(ODataClient odata, BusinessCentralConnection connection)
{
    internal static readonly RefusalAdvice Advice = new()
    {
        Unauthorized = "create a new client secret for the app registration and run 'gapwatch connect business_central' again",
        Forbidden = "on the Microsoft Entra Applications page in Business Central, give the app the read permission sets listed in docs/connectors.md (D365 READ, and read access to the Shopify Connector's log tables)",
        NotFound = "check the tenant, the environment name, the company names and, for the sync log, that the Shopify Connector's log pages are published as web services",
    };

    private readonly Lock gate = new();
    private Task<Dictionary<string, string>>? companyIds;

    public BusinessCentralConnection Connection => connection;

    public string Where(string entity, string stream) => $"business_central {connection.Environment} {entity} {stream}";

    /// <summary>One page of <paramref name="url"/>; the answer's rows stay JSON elements until each is mapped on its own.</summary>
    public Task<ODataPage<JsonElement>> PageAsync(Uri url, int pageSize, string where, CancellationToken cancellationToken) =>
        odata.GetPageAsync(url, pageSize, where, ReadEnvelope, cancellationToken);

    /// <summary>The URL of a company's API collection with its query options.</summary>
    public async Task<Uri> CollectionAsync(string company, string entitySet, string query, CancellationToken cancellationToken)
    {
        var id = await CompanyIdAsync(company, cancellationToken).ConfigureAwait(false);
        return new Uri(connection.ServiceRoot, $"companies({id})/{entitySet}{(query.Length == 0 ? "" : "?" + query)}");
    }

    /// <summary>The URL of a web service published for a company (<c>ODataV4/Company('name')/service</c>).</summary>
    public Uri WebService(string company, string service, string query) =>
        new(connection.WebServiceRoot, $"Company('{Uri.EscapeDataString(company.Replace("'", "''", StringComparison.Ordinal))}')/{Uri.EscapeDataString(service)}{(query.Length == 0 ? "" : "?" + query)}");

    /// <summary>The company's id (a GUID), from one read of <c>companies</c> per run; an unknown name is permanent.</summary>
    public async Task<string> CompanyIdAsync(string company, CancellationToken cancellationToken)
    {
        Task<Dictionary<string, string>> reading;
        lock (gate)
        {
            // One read per run, shared by every stream; a failed read is not cached, the next stream tries again.
            reading = companyIds is { IsFaulted: false, IsCanceled: false } known ? known : companyIds = ReadCompaniesAsync(cancellationToken);
        }

        var ids = await reading.ConfigureAwait(false);
        return ids.TryGetValue(company, out var id)
            ? id
            : throw new SyncException(SyncErrorKind.Permanent,
                $"{Where(company, "companies")}: no company named '{company}' in the environment (it has: {string.Join(", ", ids.Keys.Order(StringComparer.Ordinal))}); run 'gapwatch connect business_central' with --company again");
    }

    /// <summary>Every company of the environment by name (connect lists them when none is named).</summary>
    public async Task<Dictionary<string, string>> ReadCompaniesAsync(CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        Uri? next = new(connection.ServiceRoot, "companies");
        var where = $"business_central {connection.Environment} companies";
        var pages = 0;
        while (next is not null && pages++ < 100)
        {
            var page = await PageAsync(next, 1000, where, cancellationToken).ConfigureAwait(false);
            foreach (var row in page.Rows)
            {
                if (BusinessCentralMapper.Text(row, "name") is { } name && BusinessCentralMapper.Text(row, "id") is { } id)
                {
                    ids[name] = id;
                }
            }

            next = page.NextLink;
        }

        return ids;
    }

    private static ValueTask<ODataEnvelope<JsonElement>?> ReadEnvelope(Stream body, CancellationToken cancellationToken) =>
        JsonSerializer.DeserializeAsync(body, BusinessCentralJson.Default.ODataEnvelopeJsonElement, cancellationToken);
}
