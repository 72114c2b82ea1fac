using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.BusinessCentral;

public enum BusinessCentralFaultKind
{
    /// <summary>HTTP 429 with <see cref="BusinessCentralFault.RetryAfter"/> as <c>Retry-After</c> and Business Central's throttling body.</summary>
    TooManyRequests = 1,

    /// <summary>HTTP <see cref="QueuedFault.StatusCode"/> (default 503) with an error body, and <c>Retry-After</c> when set.</summary>
    ServerError = 2,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset = 3,

    /// <summary>HTTP 200, JSON content type, the page cut in half.</summary>
    TruncatedJson = 4,

    /// <summary>HTTP 200 with an HTML maintenance page.</summary>
    HtmlPage = 5,

    /// <summary>HTTP 401 with Business Central's body, whatever the token.</summary>
    Unauthorized = 6,

    /// <summary>The answer's next link is the one just followed (a server that loops).</summary>
    RepeatNextLink = 7,

    /// <summary>No answer until the client gives up.</summary>
    Hang = 8,

    /// <summary>HTTP 400 with <see cref="BusinessCentralFault.Code"/> and a message.</summary>
    BadRequest = 9,

    /// <summary>
    /// HTTP 200 with the page's rows in reverse <c>$orderby</c> order (the next link as usual): a server
    /// whose order does not hold across or within pages, which Microsoft does not rule out.
    /// </summary>
    ReversedPage = 10,
}

/// <summary>A fault served instead of the normal answer to the next matching requests (<see cref="QueuedFault.Resource"/> = entity set or web-service name).</summary>
public sealed record BusinessCentralFault(BusinessCentralFaultKind Kind) : QueuedFault
{
    public string? RetryAfter { get; init; }

    public string Code { get; init; } = "BadRequest";
}

/// <summary>How the simulated environment behaves.</summary>
public sealed record BusinessCentralSimulatorOptions
{
    public string Tenant { get; init; } = "contoso.onmicrosoft.com";

    public string Environment { get; init; } = "production";

    public string ClientId { get; init; } = "11111111-2222-3333-4444-555555555555";

    public string ClientSecret { get; init; } = "simulator-client-secret-value";

    /// <summary>The largest page the server sends whatever the client prefers (Business Central: 20,000).</summary>
    public int MaxPageSize { get; init; } = 20_000;
}

/// <summary>One request as the simulator saw it.</summary>
public sealed record BusinessCentralRequest(
    int Number, string? Company, string? Resource, string? Filter, string? OrderBy, string? Expand, int? MaxPageSize, bool NextPage, string? DataAccessIntent);
