namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>A Business Central company read by a connection, and the workspace entity its records belong to.</summary>
public sealed record BusinessCentralCompany(string Name, string Entity)
{
    public override string ToString() => Name == Entity ? Name : $"{Name}={Entity}";
}

/// <summary>
/// The Business Central dimension codes that carry Gapwatch's four dimensions. BC names its
/// dimensions per tenant (the demo company has DEPARTMENT, AREA, PROJECT, CUSTOMERGROUP…), so the
/// codes are part of the connection; a code left null is not read.
/// </summary>
public sealed record BusinessCentralDimensionCodes(string? Department = "DEPARTMENT", string? Location = "LOCATION", string? Project = "PROJECT", string? Customer = "CUSTOMER")
{
    public static BusinessCentralDimensionCodes Default { get; } = new();
}

/// <summary>
/// Where and as whom to read one Business Central environment: the API host
/// (<c>https://api.businesscentral.dynamics.com/</c>), the Entra authority, tenant, environment,
/// the app registration's client id and secret, and the companies read (each one an entity). The
/// client secret is sent only to the Entra token endpoint; it never appears in <see cref="ToString"/>,
/// logs or errors. Addresses must be HTTPS unless they are loopback (the simulator).
/// </summary>
public sealed class BusinessCentralConnection
{
    public static readonly Uri PublicApi = new("https://api.businesscentral.dynamics.com/");

    /// <summary>The resource every Business Central token is issued for, whatever host serves the API.</summary>
    public const string Scope = "https://api.businesscentral.dynamics.com/.default";

    /// <summary>
    /// A connection reading <paramref name="companies"/>; <paramref name="allowNoCompany"/> only for
    /// <c>connect</c>, which lists the companies before it stores the connection (a sync needs one).
    /// </summary>
    public BusinessCentralConnection(
        Uri apiHost, Uri authority, string tenant, string environment, string clientId, string clientSecret, IReadOnlyList<BusinessCentralCompany> companies,
        bool allowNoCompany = false)
    {
        ArgumentNullException.ThrowIfNull(apiHost);
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentException.ThrowIfNullOrWhiteSpace(tenant);
        ArgumentException.ThrowIfNullOrWhiteSpace(environment);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientSecret);
        ArgumentNullException.ThrowIfNull(companies);
        RequireSecure(apiHost, nameof(apiHost));
        RequireSecure(authority, nameof(authority));
        if (!tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.') || !environment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"'{tenant}' / '{environment}' is not a tenant id or domain / an environment name");
        }

        if ((companies.Count == 0 && !allowNoCompany) || companies.Any(c => string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.Entity)) || companies.Select(c => c.Entity).Distinct(StringComparer.Ordinal).Count() != companies.Count)
        {
            throw new ArgumentException("name at least one company, each with its own entity", nameof(companies));
        }

        ApiHost = Slash(apiHost);
        Authority = Slash(authority);
        Tenant = tenant;
        Environment = environment;
        ClientId = clientId;
        ClientSecret = clientSecret;
        Companies = companies;
    }

    public Uri ApiHost { get; }

    public Uri Authority { get; }

    public string Tenant { get; }

    public string Environment { get; }

    public string ClientId { get; }

    public IReadOnlyList<BusinessCentralCompany> Companies { get; }

    public BusinessCentralDimensionCodes Dimensions { get; init; } = BusinessCentralDimensionCodes.Default;

    /// <summary>
    /// The OData web-service names under which the Shopify Connector's log pages are published
    /// (page 30119 "Shpfy Log Entries", page 30165 "Shpfy Skipped Records"); null when the sync log is not read.
    /// </summary>
    public BusinessCentralSyncLogServices? SyncLog { get; init; }

    internal string ClientSecret { get; }

    /// <summary><c>{host}/v2.0/{tenant}/{environment}/api/v2.0/</c>: the standard API's root.</summary>
    public Uri ServiceRoot => new(ApiHost, $"v2.0/{Uri.EscapeDataString(Tenant)}/{Uri.EscapeDataString(Environment)}/api/v2.0/");

    /// <summary><c>{host}/v2.0/{tenant}/{environment}/ODataV4/</c>: published web services (pages and queries).</summary>
    public Uri WebServiceRoot => new(ApiHost, $"v2.0/{Uri.EscapeDataString(Tenant)}/{Uri.EscapeDataString(Environment)}/ODataV4/");

    /// <summary>The same connection reading <paramref name="companies"/>.</summary>
    public BusinessCentralConnection WithCompanies(IReadOnlyList<BusinessCentralCompany> companies) =>
        new(ApiHost, Authority, Tenant, Environment, ClientId, ClientSecret, companies) { Dimensions = Dimensions, SyncLog = SyncLog };

    public override string ToString() => $"Business Central {Tenant}/{Environment} ({string.Join(", ", Companies)})";

    private static void RequireSecure(Uri address, string name)
    {
        if (address.Scheme != Uri.UriSchemeHttps && !address.IsLoopback)
        {
            throw new ArgumentException($"the address must use https (got {address.Scheme}://{address.Host})", name);
        }
    }

    private static Uri Slash(Uri address) => address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
}

/// <summary>The web-service names of the Shopify Connector's log pages, as published on the Web Services page.</summary>
public sealed record BusinessCentralSyncLogServices(string LogEntries = "ShpfyLogEntries", string SkippedRecords = "ShpfySkippedRecords");
