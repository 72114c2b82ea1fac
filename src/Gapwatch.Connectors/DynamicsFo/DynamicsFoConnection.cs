using Gapwatch.Connectors.Entra;

namespace Gapwatch.Connectors.DynamicsFo;

/// <summary>
/// Where and as whom to read one Finance &amp; Operations environment: its URL
/// (<c>https://{env}.operations.dynamics.com</c>) and an Entra app registration's client
/// credentials for the scope <c>{environment}/.default</c>. The secret stays inside
/// <see cref="Credentials"/> and never appears in <see cref="ToString"/>. The URL must be HTTPS
/// unless it is loopback (the simulator).
/// </summary>
public sealed class DynamicsFoConnection
{
    public DynamicsFoConnection(Uri environment, EntraCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(credentials);
        if (environment.Scheme != Uri.UriSchemeHttps && !environment.IsLoopback)
        {
            throw new ArgumentException($"the environment URL must use https (got {environment.Scheme}://{environment.Host})", nameof(environment));
        }

        Environment = new Uri(environment.GetLeftPart(UriPartial.Authority) + "/");
        Credentials = credentials;
    }

    /// <summary>The environment's root, with a trailing slash.</summary>
    public Uri Environment { get; }

    public EntraCredentials Credentials { get; }

    /// <summary>Customer groups whose customers are holding accounts (the web-sales customer orders post to when the buyer is unknown).</summary>
    public IReadOnlyList<string> HoldingCustomerGroups { get; init; } = [];

    /// <summary>Sales order origin codes that mark a commerce-sourced invoice (the integration's origin, e.g. <c>WEB</c>).</summary>
    public IReadOnlyList<string> CommerceOriginCodes { get; init; } = ["WEB"];

    /// <summary>
    /// After the first full read, GL journal entries are re-read only this many days back by
    /// accounting date (the entities have no modified timestamp; older postings sit in closed periods).
    /// </summary>
    public int ReReadDays { get; init; } = 45;

    /// <summary>
    /// An entity set of our own contract holding the commerce integration's log (no standard F&amp;O
    /// entity); not read when null, the default. The data-management execution history
    /// (<see cref="ExecutionErrorEntities"/>) is the default log source.
    /// </summary>
    public string? IntegrationLogEntitySet { get; init; }

    /// <summary>The own-contract log entity set Gapwatch suggests when one is wanted (verify and point it at yours).</summary>
    public const string DefaultIntegrationLogEntitySet = "GapwatchIntegrationLogEntries";

    /// <summary>
    /// The entities whose data-management (DMF) import errors are the integration's log (cards 4.2
    /// and 4.3); empty reads none. Default: customers and sales order headers.
    /// </summary>
    public IReadOnlyList<DmfLogEntity> ExecutionErrorEntities { get; init; } = DmfLogEntity.Defaults;

    /// <summary>
    /// A regular expression with a named group <c>ref</c> that finds the commerce reference in a DMF
    /// ErrorMessage (e.g. <c>Customer account '(?&lt;ref&gt;[^']+)'</c>); when null or not matching,
    /// the error's RecordId is the reference.
    /// </summary>
    public string? ExecutionErrorReferencePattern { get; init; }

    /// <summary>
    /// How far before the checkpoint DMF executions are read again, so one still running when it was
    /// read is read once it has ended (its errors are listed only then).
    /// </summary>
    public TimeSpan ExecutionReReadWindow { get; init; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The financial-dimension segment delimiter of the environment (General ledger parameters; <c>-</c>
    /// by default). Choose another when dimension values themselves contain <c>-</c>.
    /// </summary>
    public char DimensionDelimiter { get; init; } = '-';

    /// <summary><c>Prefer: odata.maxpagesize</c>; F&amp;O pages server-side at most 10,000 rows.</summary>
    public int PageSize { get; init; } = 10_000;

    /// <summary>The scope of an environment: its root with <c>/.default</c>.</summary>
    public static string ScopeOf(Uri environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return environment.GetLeftPart(UriPartial.Authority) + "/.default";
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="pattern"/> is a valid regular expression with a named group <c>ref</c>.</summary>
    public static string CheckReferencePattern(string pattern)
    {
        _ = DmfExecutionErrors.Reference(pattern);
        return pattern;
    }

    internal Uri Data(string entitySetAndQuery) => new(Environment, "data/" + entitySetAndQuery);

    public override string ToString() => $"Finance & Operations {Environment.Host} (app {Credentials.ClientId})";
}
