using System.Net;
using Gapwatch.Connectors.BigCommerce;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>The X-Rate-Limit-* headers as the shared pipeline's vendor hook reads them.</summary>
public sealed class BigCommerceRateLimitTests
{
    private static HttpResponseMessage Response(HttpStatusCode status, params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    [Fact]
    public void Signal_429_WaitsTheResetTimeFirstThenXRetryAfter()
    {
        using var both = Response(HttpStatusCode.TooManyRequests, ("X-Rate-Limit-Time-Reset-Ms", "2500"), ("X-Retry-After", "9"));
        using var retryOnly = Response(HttpStatusCode.TooManyRequests, ("X-Retry-After", "9"));
        using var none = Response(HttpStatusCode.TooManyRequests);
        using var ok = Response(HttpStatusCode.OK, ("X-Rate-Limit-Time-Reset-Ms", "2500"));

        Assert.Equal(TimeSpan.FromMilliseconds(2500), BigCommerceRateLimit.Signal(both));
        Assert.Equal(TimeSpan.FromSeconds(9), BigCommerceRateLimit.Signal(retryOnly));
        Assert.Null(BigCommerceRateLimit.Signal(none)); // platform load: the shared backoff decides
        Assert.Null(BigCommerceRateLimit.Signal(ok));
    }

    [Fact]
    public void WaitBeforeNext_OnlyWhenTheWindowIsSpent()
    {
        using var spent = Response(HttpStatusCode.OK, ("X-Rate-Limit-Requests-Left", "0"), ("X-Rate-Limit-Time-Reset-Ms", "1200"));
        using var left = Response(HttpStatusCode.OK, ("X-Rate-Limit-Requests-Left", "4"), ("X-Rate-Limit-Time-Reset-Ms", "1200"));
        using var garbage = Response(HttpStatusCode.OK, ("X-Rate-Limit-Requests-Left", "0"), ("X-Rate-Limit-Time-Reset-Ms", "soon"));

        Assert.Equal(TimeSpan.FromMilliseconds(1200), BigCommerceRateLimit.WaitBeforeNext(spent));
        Assert.Null(BigCommerceRateLimit.WaitBeforeNext(left));
        Assert.Null(BigCommerceRateLimit.WaitBeforeNext(garbage));
    }
}
