using System.Globalization;

namespace Gapwatch.Connectors.Http;

/// <summary>
/// Reads <c>Retry-After</c> as seconds (Shopify REST sends fractions such as <c>2.0</c>, which the
/// typed header refuses) or as an HTTP-date (the wait is the date less now, never negative).
/// </summary>
public static class RetryAfter
{
    public static TimeSpan? Read(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Retry-After", out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds > 86_400m ? TimeSpan.FromDays(1) : TimeSpan.FromTicks((long)(seconds * TimeSpan.TicksPerSecond));
        }

        return DateTimeOffset.TryParseExact(text, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? (date > now ? date - now : TimeSpan.Zero)
            : null;
    }
}
