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
