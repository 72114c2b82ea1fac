namespace Gapwatch.Workspace;

/// <summary>How often <c>gapwatch serve</c> refreshes the workspace on its own (product spec §6).</summary>
public sealed record RefreshSchedule
{
    public const int DefaultEveryMinutes = 15;

    public const int MinimumEveryMinutes = 1;

    /// <summary>One day: a workspace refreshed less often than daily is not being watched.</summary>
    public const int MaximumEveryMinutes = 1440;

    public int EveryMinutes { get; init; } = DefaultEveryMinutes;

    public TimeSpan Interval => TimeSpan.FromMinutes(EveryMinutes);
}

/// <summary>
/// Where fired alerts go besides the log (product spec §5): webhooks, each with the name of the
/// environment variable that holds its signing secret (never the secret itself), and the base URL
/// of the served dashboard that alerts link to.
/// </summary>
public sealed record AlertDeliverySettings
{
    /// <summary>The dashboard's base URL as users reach it (for the deep link); null: the server's own address.</summary>
    public Uri? DashboardUrl { get; init; }

    public IReadOnlyList<WebhookTarget> Webhooks { get; init; } = [];

    /// <summary>
    /// Lets webhooks reach loopback, private and link-local addresses, and plain http on loopback
    /// (a receiver on the same machine or network). Off by default: quality.md's outgoing-request rule.
    /// </summary>
    public bool AllowPrivateTargets { get; init; }
}

/// <summary>One webhook: a name (for history and logs; the URL may itself hold a secret), its URL, and the environment variable holding its HMAC secret.</summary>
public sealed record WebhookTarget(string Name, Uri Url, string SecretEnvironmentVariable);
