using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.AdobeCommerce;

public enum AdobeCommerceFaultKind
{
    /// <summary>HTTP 429 with <see cref="AdobeCommerceFault.RetryAfter"/> as <c>Retry-After</c> (a CDN or WAF in front of the store).</summary>
    TooManyRequests = 1,

    /// <summary>HTTP <see cref="QueuedFault.StatusCode"/> (default 503) with a Magento error body, and <c>Retry-After</c> when set.</summary>
    ServerError = 2,

    /// <summary>The connection is dropped without an answer.</summary>
    ConnectionReset = 3,

    /// <summary>HTTP 200, JSON content type, the body cut in half.</summary>
    TruncatedJson = 4,

    /// <summary>HTTP 200 with an HTML maintenance page.</summary>
    HtmlPage = 5,

    /// <summary>HTTP 401 with Magento's body for a token it does not accept.</summary>
    Unauthorized = 6,

    /// <summary>The previous answer for the resource is served again, whatever was asked (as Magento does past the last page).</summary>
    RepeatPage = 7,

    /// <summary>No answer until the client gives up.</summary>
    Hang = 8,

    /// <summary>HTTP 400 with <c>{"message":"… %1","parameters":[…]}</c>.</summary>
    BadRequest = 9,
}

/// <summary>A fault the simulator serves instead of the normal answer; queued, each used <see cref="QueuedFault.Times"/> times by the next matching requests.</summary>
/// <remarks>Its <see cref="QueuedFault.Resource"/> is one of <c>customers</c>, <c>companies</c>, <c>orders</c>, <c>creditmemos</c>.</remarks>
public sealed record AdobeCommerceFault(AdobeCommerceFaultKind Kind) : QueuedFault
{
    /// <summary>The <c>Retry-After</c> sent with a 429 (always) or a 5xx (when set), verbatim.</summary>
    public string? RetryAfter { get; init; }
}

/// <summary>How the simulated store behaves.</summary>
public sealed record AdobeCommerceSimulatorOptions
{
    public string AccessToken { get; init; } = "simulator-integration-token";

    /// <summary>Store codes served under <c>/rest/{code}/V1</c>.</summary>
    public IReadOnlyList<string> StoreCodes { get; init; } = ["all", "default"];

    /// <summary>The largest page size accepted (input limits on: 300); null means no limit, as Magento by default.</summary>
    public int? MaxPageSize { get; init; } = 300;

    /// <summary>Whether the B2B module is installed (<c>/V1/company/</c> answers 404 otherwise).</summary>
    public bool B2B { get; init; } = true;
}

/// <summary>One request as the simulator saw it: resource, parsed filters (<c>field condition value</c>, groups joined by AND, filters by OR), sort, page.</summary>
public sealed record AdobeCommerceRequestLog(int Number, string? Resource, string Filters, string Sort, int PageSize, int CurrentPage);
