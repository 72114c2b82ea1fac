using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.DynamicsFo;

public enum DynamicsFaultKind
{
    /// <summary>HTTP 429 with <c>Retry-After</c> = <see cref="DynamicsFault.RetryAfter"/> (seconds or an HTTP-date).</summary>
    TooManyRequests = 1,

    /// <summary>HTTP <see cref="QueuedFault.StatusCode"/> (default 503) with an OData error body.</summary>
    ServerError = 2,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset = 3,

    /// <summary>HTTP 200, JSON content type, the body cut in half.</summary>
    TruncatedJson = 4,

    /// <summary>HTTP 200 with an HTML maintenance page.</summary>
    HtmlPage = 5,

    /// <summary>HTTP 401 whatever the token (a revoked app registration).</summary>
    Unauthorized = 6,

    /// <summary>A request that follows a next link gets 400: the paging cookie has expired.</summary>
    ExpiredNextLink = 7,

    /// <summary>The answer's next link is the link just followed (a paging loop).</summary>
    RepeatNextLink = 8,

    /// <summary>No answer until the client gives up.</summary>
    Hang = 9,
}

/// <summary>
/// A fault a simulated Microsoft service serves instead of the normal answer; queued, used <see cref="QueuedFault.Times"/> times.
/// <see cref="QueuedFault.Resource"/> is the entity set; null matches all.
/// </summary>
public sealed record DynamicsFault(DynamicsFaultKind Kind) : QueuedFault
{
    /// <summary>The <c>Retry-After</c> header of a 429: seconds (<c>"2"</c>) or an HTTP-date.</summary>
    public string RetryAfter { get; init; } = "2";
}

/// <summary>One request as a simulated Microsoft service saw it.</summary>
public sealed record DynamicsRequestLog(int Number, string EntitySet, string Query, bool CrossCompany, bool FollowsNextLink, int? MaxPageSize, string? Fault, string Method = "GET");
