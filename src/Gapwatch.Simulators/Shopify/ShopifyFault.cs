using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.Shopify;

public enum ShopifyFaultKind
{
    /// <summary>HTTP 429 with <see cref="ShopifyFault.RetryAfter"/> as the <c>Retry-After</c> header (seconds or an HTTP-date).</summary>
    TooManyRequests = 1,

    /// <summary>HTTP <see cref="QueuedFault.StatusCode"/> (default 503) with a JSON error body.</summary>
    ServerError = 2,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset = 3,

    /// <summary>HTTP 200 with <c>errors[].extensions.code = THROTTLED</c> and a throttleStatus whose bucket is empty.</summary>
    Throttled = 4,

    /// <summary>HTTP 200, JSON content type, the body cut in half (the connection ends cleanly).</summary>
    TruncatedJson = 5,

    /// <summary>HTTP 200 with an HTML maintenance page.</summary>
    HtmlPage = 6,

    /// <summary>HTTP 401 as for a revoked token.</summary>
    Unauthorized = 7,

    /// <summary>A GraphQL error refusing the <c>after</c> cursor (an expired page token), only on requests that carry one.</summary>
    InvalidCursor = 8,

    /// <summary>The page is served with the previous answer's end cursor again (a paging loop).</summary>
    RepeatCursor = 9,

    /// <summary>No answer until the client gives up (a timeout on the client's side).</summary>
    Hang = 10,
}

/// <summary>
/// A fault the simulator serves instead of (or on top of) the normal answer. Faults are queued and
/// each is used <see cref="QueuedFault.Times"/> times by the next matching requests, in order.
/// </summary>
/// <remarks>Its <see cref="QueuedFault.Resource"/> is one of <c>customers</c>, <c>companies</c>, <c>orders</c>, and <c>bulk</c> for the bulk file download.</remarks>
public sealed record ShopifyFault(ShopifyFaultKind Kind) : QueuedFault
{
    /// <summary>The <c>Retry-After</c> value sent with a 429, verbatim.</summary>
    public string? RetryAfter { get; init; }
}
