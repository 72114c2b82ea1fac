namespace Gapwatch.Web.Alerts;

/// <summary>Limits of webhook delivery, with their defaults in one place (validated at server start).</summary>
public sealed record WebhookOptions
{
    /// <summary>Retries within one delivery round after the first attempt (5xx, 408, 429, connection errors).</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>First backoff delay; doubled per retry, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Delivery rounds (each after a refresh or at start) before a delivery is marked failed for good.</summary>
    public int MaxRounds { get; init; } = 5;

    /// <summary>At most this much of a receiver's answer is read (for the error text); the rest is dropped.</summary>
    public int MaxResponseBytes { get; init; } = 1024;

    /// <summary>Deliveries sent per workspace per round.</summary>
    public int BatchSize { get; init; } = 50;

    public void Validate()
    {
        if (MaxRetryAttempts is < 0 or > 10)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRetryAttempts), MaxRetryAttempts, "webhook retries: expected 0 to 10");
        }

        if (RetryBaseDelay < TimeSpan.Zero || AttemptTimeout <= TimeSpan.Zero || ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(RetryBaseDelay), "webhook delays: the retry delay must be zero or more and the timeouts above zero");
        }

        if (MaxRounds < 1 || MaxResponseBytes < 0 || BatchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxRounds), "webhook limits: rounds and batch size at least 1, response bytes zero or more");
        }
    }
}
