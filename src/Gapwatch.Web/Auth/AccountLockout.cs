namespace Gapwatch.Web.Auth;

/// <summary>
/// Per-account sign-in throttling: after <c>failures</c> failed sign-ins for one email within
/// <c>window</c>, that email is locked for <c>lockout</c>. Counted for any email, existing or not,
/// so the answer never tells whether an account exists. In memory, on an injected clock.
/// </summary>
public sealed class AccountLockout(TimeProvider clock, int failures, TimeSpan window, TimeSpan lockout)
{
    private const int MaximumTracked = 10_000;
    private readonly Lock gate = new();
    private readonly Dictionary<string, State> accounts = new(StringComparer.Ordinal);

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
