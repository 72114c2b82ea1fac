using System.Threading.RateLimiting;

namespace Gapwatch.Web.Auth;

/// <summary>
/// A fixed-window rate limiter on an injected <see cref="TimeProvider"/> (the framework's own
/// limiters read the system clock, which tests cannot move): at most <c>permits</c> acquisitions
/// per window; the window restarts at the first acquisition after it ran out. No queueing.
/// </summary>
public sealed class ClockWindowRateLimiter(TimeProvider clock, int permits, TimeSpan window) : RateLimiter
{
    private readonly Lock gate = new();
    private DateTimeOffset windowStart = clock.GetUtcNow();
    private int used;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (gate)
            {
                var elapsed = clock.GetUtcNow() - windowStart;
                return used == 0 || elapsed >= window ? elapsed : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (gate)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = Math.Max(0, permits - used) };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now - windowStart >= window)
            {
                windowStart = now;
                used = 0;
            }

            if (used + permitCount <= permits)
            {
                used += permitCount;
                return Lease.Granted;
            }

            return new Lease(false, windowStart + window - now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static Lease Granted { get; } = new(true, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } after && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = after;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
