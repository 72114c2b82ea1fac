using System.Globalization;
using System.Net;

namespace Gapwatch.Connectors.BigCommerce;

/// <summary>
/// BigCommerce's rate-limit headers: a quota of requests per window shared by all apps of the
/// store (<c>X-Rate-Limit-Requests-Quota</c>, <c>-Requests-Left</c>, <c>-Time-Window-Ms</c>) and
/// the time until it resets (<c>X-Rate-Limit-Time-Reset-Ms</c>). A 429 waits the reset time;
/// <c>X-Retry-After</c> (seconds) is the fallback. A 429 without them means platform load: backoff.
/// </summary>
public static class BigCommerceRateLimit
{
    /// <summary>The wait a 429 asks for, for the shared HTTP pipeline's vendor hook; null for anything else.</summary>
    public static TimeSpan? Signal(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.TooManyRequests)
        {
            return null;
        }

        return ResetTime(response) ?? Seconds(response, "X-Retry-After");
    }

    /// <summary>After a successful answer that used the window's last request: the time until the window resets.</summary>
    internal static TimeSpan? WaitBeforeNext(HttpResponseMessage response) =>
        response.IsSuccessStatusCode && Number(response, "X-Rate-Limit-Requests-Left") is <= 0m ? ResetTime(response) : null;

    private static TimeSpan? ResetTime(HttpResponseMessage response) =>
        Number(response, "X-Rate-Limit-Time-Reset-Ms") is { } ms and >= 0m ? TimeSpan.FromMilliseconds((double)Math.Min(ms, 3_600_000m)) : null;

    private static TimeSpan? Seconds(HttpResponseMessage response, string header) =>
        Number(response, header) is { } s and >= 0m ? TimeSpan.FromSeconds((double)Math.Min(s, 3600m)) : null;

    private static decimal? Number(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values)
        && decimal.TryParse(values.FirstOrDefault()?.Trim(), NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
