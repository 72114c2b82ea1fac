using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gapwatch.Connectors.BigCommerce;

/// <summary>
/// Lenient readers of BigCommerce JSON: ids and amounts arrive as numbers or strings (money as
/// 4-decimal strings such as <c>"336.3200"</c>), booleans sometimes as strings, dates as RFC 2822
/// (v2: <c>Tue, 05 Mar 2019 21:40:11 +0000</c>), ISO 8601 (v3) or Unix seconds, often as a string
/// (B2B Edition). An unreadable value throws <see cref="FormatException"/> naming the field, so the
/// row is quarantined with its reason; an absent or empty value is null.
/// </summary>
internal static partial class BigCommerceJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string? Text(JsonElement row, string name) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(name, out var value) ? AsText(value) : null;

    public static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => string.IsNullOrWhiteSpace(value.GetString()) ? null : value.GetString()!.Trim(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    public static decimal Money(JsonElement row, string name) => Decimal(row, name) ?? 0m;

    public static decimal? Decimal(JsonElement row, string name)
    {
        var text = Text(row, name);
        if (text is null)
        {
            return null;
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{name} is not a number ('{Short(text)}')");
    }

    public static bool Bool(JsonElement row, string name) => Text(row, name) switch
    {
        null => false,
        "true" or "True" or "1" => true,
        "false" or "False" or "0" => false,
        var other => throw new FormatException($"{name} is not a boolean ('{Short(other)}')"),
    };

    public static DateTimeOffset? Date(JsonElement row, string name)
    {
        var text = Text(row, name);
        return text is null ? null : ParseDate(text) ?? throw new FormatException($"{name} is not a date ('{Short(text)}')");
    }

    /// <summary>RFC 2822 (v2), ISO 8601 (v3, refunds) or Unix seconds (B2B Edition), to an instant.</summary>
    public static DateTimeOffset? ParseDate(string text)
    {
        text = text.Trim();
        if (UnixSeconds().IsMatch(text))
        {
            return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= 253_402_300_799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }

        if (Rfc2822().Match(text) is { Success: true } rfc)
        {
            // .NET's zzz wants +00:00; RFC 2822 writes +0000.
            var normalised = $"{rfc.Groups["day"].Value} {rfc.Groups["month"].Value} {rfc.Groups["year"].Value} {rfc.Groups["time"].Value} {rfc.Groups["sign"].Value}{rfc.Groups["hh"].Value}:{rfc.Groups["mm"].Value}";
            return DateTimeOffset.TryParseExact(normalised, "d MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? parsed : null;
        }

        return IsoDate().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) ? iso : null;
    }

    /// <summary>The RFC 2822 form v2 filters accept (<c>min_date_modified</c>), in UTC.</summary>
    public static string Rfc2822Utc(DateTimeOffset at) => at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    /// <summary>The ISO form v3 filters accept (<c>date_modified:min</c>), in UTC to the second.</summary>
    public static string IsoUtc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Short(string text) => text.Length > 40 ? text[..40] + "…" : text;

    [GeneratedRegex(@"^\d{1,12}$")]
    private static partial Regex UnixSeconds();

    [GeneratedRegex(@"^(?:[A-Za-z]{3},\s*)?(?<day>\d{1,2})\s+(?<month>[A-Za-z]{3})\s+(?<year>\d{4})\s+(?<time>\d{2}:\d{2}:\d{2})\s+(?<sign>[+-])(?<hh>\d{2}):?(?<mm>\d{2})$")]
    private static partial Regex Rfc2822();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}")]
    private static partial Regex IsoDate();
}
