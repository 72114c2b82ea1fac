using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;

namespace Gapwatch.Connectors.Dataverse;

/// <summary>
/// Where and as whom to read one Dataverse organisation (<c>https://{org}.crm.dynamics.com</c>),
/// with an Entra app registration's client credentials for <c>{org}/.default</c>. When
/// <see cref="FinanceOperations"/> is set (the same app registration, the F&amp;O scope), a
/// dual-written account is confirmed against the F&amp;O customer master before it counts as
/// promoted. The secret never appears in <see cref="ToString"/>. HTTPS unless loopback.
/// </summary>
public sealed class DataverseConnection
{
    public DataverseConnection(Uri organization, EntraCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(credentials);
        if (organization.Scheme != Uri.UriSchemeHttps && !organization.IsLoopback)
        {
            throw new ArgumentException($"the organisation URL must use https (got {organization.Scheme}://{organization.Host})", nameof(organization));
        }

        Organization = new Uri(organization.GetLeftPart(UriPartial.Authority) + "/");
        Credentials = credentials;
    }

    /// <summary>The organisation's root, with a trailing slash.</summary>
    public Uri Organization { get; }

    public EntraCredentials Credentials { get; }

    /// <summary>The F&amp;O environment dual-write promotes into; without it, promotion is judged from the Dataverse fields alone.</summary>
    public DynamicsFoConnection? FinanceOperations { get; init; }

    /// <summary>
    /// Which contacts are customers: the <c>$filter</c> clause dual-write's Customers V3 → contacts map
    /// reverses on (<c>msdyn_sellable eq true</c>; docs: dual-write CustomersV3-contacts). Vendor
    /// contact persons carry a <c>msdyn_contactpersonid</c> too (CDS Contacts V2, <c>msdyn_sellable eq
    /// false</c>), so without it their ids would be checked as customer accounts. Null or empty reads
    /// every contact (an organisation without the dual-write solution has no <c>msdyn_sellable</c>).
    /// </summary>
    public string? CustomerContactFilter { get; init; } = DefaultCustomerContactFilter;

    public const string DefaultCustomerContactFilter = "msdyn_sellable eq true";

    /// <summary>
    /// The column, on both accounts and contacts, that holds the commerce account reference; none by
    /// default. No standard or dual-write column carries it (<c>msdyn_accountreference</c> does not
    /// exist), and Dataverse refuses a whole query whose <c>$select</c> names a column the table does not
    /// have (400, 0x80060888), so it is selected only when named here — a custom column (<c>new_…</c>)
    /// or, on contacts mapped from F&amp;O's IDENTIFICATIONNUMBER, <c>msdyn_identificationnumber</c> (verify in the org).
    /// </summary>
    public string? AccountReferenceColumn
    {
        get;
        init => field = value is null || value.Length == 0 ? null
            : value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? value
            : throw new ArgumentException($"'{value}' is not a Dataverse column logical name", nameof(value));
    }

    /// <summary><c>Prefer: odata.maxpagesize</c>; Dataverse allows at most 5,000.</summary>
    public int PageSize { get; init; } = 5_000;

    public static string ScopeOf(Uri organization)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return organization.GetLeftPart(UriPartial.Authority) + "/.default";
    }

    internal Uri Api(string entitySetAndQuery) => new(Organization, "api/data/v9.2/" + entitySetAndQuery);

    public override string ToString() => $"Dataverse {Organization.Host} (app {Credentials.ClientId})";
}
