namespace Gapwatch.Connectors.Sync;

/// <summary>How a failed stream should be handled: the run says which, so the operator knows what to do.</summary>
public enum SyncErrorKind
{
    /// <summary>Transient (throttling beyond the budget, 5xx, network, a malformed body): the next run retries from the checkpoint.</summary>
    Retryable = 1,

    /// <summary>The credentials were refused: run <c>gapwatch connect</c> again. Retrying will not help.</summary>
    NeedsReauthentication = 2,

    /// <summary>The request or the source is wrong (missing scope, unknown shop, a page loop): needs a change before it can work.</summary>
    Permanent = 3,
}

/// <summary>
/// A classified connector failure. Sources throw it from a page read; the stream syncer turns it
/// into a failed <see cref="StreamResult"/> (an expected outcome, not a crash).
/// </summary>
public sealed class SyncException : Exception
{
    public SyncException(SyncErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException) => Kind = kind;

    public SyncException()
        : this(SyncErrorKind.Permanent, "sync failed")
    {
    }

    public SyncException(string message)
        : this(SyncErrorKind.Permanent, message)
    {
    }

    public SyncException(string message, Exception innerException)
        : this(SyncErrorKind.Permanent, message, innerException)
    {
    }

    public SyncErrorKind Kind { get; }

    /// <summary>The page token was refused as expired or unknown: the stream restarts from its checkpoint.</summary>
    public bool PageTokenExpired { get; init; }
}

/// <summary>
/// A vendor's throttle signal found in a response body (Shopify's <c>THROTTLED</c> in an HTTP 200),
/// with how long the vendor says to wait. The page pipeline retries it after that wait.
/// </summary>
public sealed class VendorThrottledException : Exception
{
    public VendorThrottledException(TimeSpan wait, string message)
        : base(message) => Wait = wait;

    public VendorThrottledException()
        : this(TimeSpan.Zero, "throttled")
    {
    }

    public VendorThrottledException(string message)
        : this(TimeSpan.Zero, message)
    {
    }

    public VendorThrottledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public TimeSpan Wait { get; }
}
