using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.AdobeCommerce;

public enum AdobeCommerceFaultKind
{
    /// <summary>HTTP 429 with <see cref="AdobeCommerceFault.RetryAfter"/> as <c>Retry-After</c> (a CDN or WAF in front of the store).</summary>
    TooManyRequests = 1,

    /// <summary>HTTP <see cref="AdobeCommerceFault.StatusCode"/> (default 503) with a Magento error body, and <c>Retry-After</c> when set.</summary>
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

/// <summary>A fault the simulator serves instead of the normal answer; queued, each used <see cref="Times"/> times by the next matching requests.</summary>
public sealed record AdobeCommerceFault(AdobeCommerceFaultKind Kind) : IQueuedFault
{
    /// <summary>Only requests for this resource (customers, companies, orders, creditmemos) match; null matches all.</summary>
    public string? Resource { get; init; }

    public string? RetryAfter { get; init; }

    public int StatusCode { get; init; } = 503;

    public int Times { get; init; } = 1;

    /// <summary>Skip this many matching requests before the fault starts.</summary>
    public int After { get; init; }
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
