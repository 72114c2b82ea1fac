namespace Gapwatch.Web.Auth;

/// <summary>
/// Per-account sign-in throttling: at most <c>attemptsPerWindow</c> attempts per email per
/// <c>attemptWindow</c> (a partitioned rate limiter), and after <c>failures</c> failed sign-ins for
/// one email within <c>window</c>, that email is locked for <c>lockout</c>. Counted for any email,
/// existing or not, so the answer never tells whether an account exists. In memory, on an injected clock.
/// </summary>
public sealed class AccountLockout(TimeProvider clock, int failures, TimeSpan window, TimeSpan lockout, int attemptsPerWindow, TimeSpan attemptWindow) : IDisposable
{
    private readonly System.Threading.RateLimiting.PartitionedRateLimiter<string> attempts =
        System.Threading.RateLimiting.PartitionedRateLimiter.Create<string, string>(email =>
            System.Threading.RateLimiting.RateLimitPartition.Get(email, _ => new ClockWindowRateLimiter(clock, attemptsPerWindow, attemptWindow)));

    private const int MaximumTracked = 10_000;
    private readonly Lock gate = new();
    private readonly Dictionary<string, State> accounts = new(StringComparer.Ordinal);

    /// <summary>Takes one attempt from the email's allowance (a rate limiter partitioned by account); false when none is left.</summary>
    public bool TryAttempt(string email)
    {
        using var lease = attempts.AttemptAcquire(Key(email));
        return lease.IsAcquired;
    }

    public void Dispose() => attempts.Dispose();

    public bool IsLocked(string email)
    {
        lock (gate)
        {
            return accounts.TryGetValue(Key(email), out var state) && state.LockedUntil is { } until && until > clock.GetUtcNow();
        }
    }

    /// <summary>Counts a failure; true when this failure locked the account.</summary>
    public bool Fail(string email)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            Prune(now);
            var key = Key(email);
            if (!accounts.TryGetValue(key, out var state) || now - state.FirstFailure >= window || state.LockedUntil is { } until && until <= now)
            {
                state = new State(now, 0, null);
            }

            state = state with { Count = state.Count + 1 };
            if (state.Count >= failures)
            {
                state = state with { LockedUntil = now + lockout };
            }

            accounts[key] = state;
            return state.LockedUntil is not null;
        }
    }

    public void Succeed(string email)
    {
        lock (gate)
        {
            accounts.Remove(Key(email));
        }
    }

    private static string Key(string email) => email.Trim().ToLowerInvariant();

    private void Prune(DateTimeOffset now)
    {
        if (accounts.Count < MaximumTracked)
        {
            return;
        }

        foreach (var key in accounts.Where(a => now - a.Value.FirstFailure >= window && (a.Value.LockedUntil is null || a.Value.LockedUntil <= now)).Select(a => a.Key).ToList())
        {
            accounts.Remove(key);
        }
    }

    private sealed record State(DateTimeOffset FirstFailure, int Count, DateTimeOffset? LockedUntil);
}
