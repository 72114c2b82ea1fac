namespace Gapwatch.Connectors.Http;

/// <summary>The limits of connector HTTP calls, with their defaults in one place.</summary>
public sealed record ConnectorHttpOptions
{
    /// <summary>Retries after the first attempt, for one request (transient failures and throttling alike).</summary>
    public int MaxRetryAttempts { get; init; } = 5;

    /// <summary>The first backoff when the server gives no wait; doubles per attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>One attempt's time limit.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A throttle wait longer than this is not waited out: the stream is deferred to the next run.</summary>
    public TimeSpan MaxThrottleWait { get; init; } = TimeSpan.FromMinutes(2);

    public ConnectorHttpOptions Validate()
    {
        if (MaxRetryAttempts is < 0 or > 20)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "must be between 0 and 20");
        }

        Positive(BaseDelay, nameof(BaseDelay));
        Positive(AttemptTimeout, nameof(AttemptTimeout));
        Positive(MaxThrottleWait, nameof(MaxThrottleWait));
        return this;
    }

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(name, value, "must be above zero");
        }
    }
}
