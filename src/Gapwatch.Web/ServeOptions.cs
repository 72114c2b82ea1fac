using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web;

/// <summary>How <c>gapwatch serve</c> runs: which workspaces, where it listens, and the limits of sign-in.</summary>
public sealed record ServeOptions
{
    public required IReadOnlyList<string> Workspaces { get; init; }

    /// <summary>Loopback by default: the server is for this machine unless a reverse proxy is put in front.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0: the OS picks a free port (tests).</summary>
    public int Port { get; init; } = 5080;

    /// <summary>When set, the server speaks HTTPS only, with this certificate (and sends HSTS).</summary>
    public X509Certificate2? Certificate { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Sign-in attempts one client address may make per <see cref="SignInWindow"/>.</summary>
    public int SignInPermitsPerClient { get; init; } = 20;

    public TimeSpan SignInWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in attempts for one email (right or wrong, account or not) per <see cref="SignInWindow"/>.</summary>
    public int SignInPermitsPerAccount { get; init; } = 10;

    /// <summary>Failed sign-ins for one account within <see cref="LockoutWindow"/> that lock it.</summary>
    public int LockoutFailures { get; init; } = 5;

    public TimeSpan LockoutWindow { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Requests one caller (a signed-in user, or a client address before signing in) may make per <see cref="ApiWindow"/>.</summary>
    public int ApiPermitsPerCaller { get; init; } = 1200;

    public TimeSpan ApiWindow { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Where the cookie and antiforgery keys are kept (default: <c>.gapwatch/web-keys</c> of the first workspace).</summary>
    public string? KeysDirectory { get; init; }

    /// <summary>Refresh every served workspace on its schedule (Quartz.NET); off: refresh only when asked.</summary>
    public bool ScheduledRefresh { get; init; } = true;

    /// <summary>Quartz's job store file (default: <c>.gapwatch/scheduler.db</c> of the first workspace).</summary>
    public string? SchedulerStorePath { get; init; }

    /// <summary>Retries, timeouts and limits of webhook delivery.</summary>
    public Alerts.WebhookOptions Webhooks { get; init; } = new();

    /// <summary>Reads a webhook secret by its environment variable's name (tests replace it).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>Tests only: told of every refresh attempt (workspace id, outcome; null when refused as busy).</summary>
    internal Action<string, Gapwatch.Workspaces.RefreshOutcome?>? RefreshObserver { get; init; }

    /// <summary>Replaces the default logging (console) — tests capture it.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}
