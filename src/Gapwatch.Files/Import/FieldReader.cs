using System.Globalization;
using System.Text.RegularExpressions;
using Gapwatch.Model;

namespace Gapwatch.Files.Import;

/// <summary>
/// Reads one row's fields by column name into typed values. A bad value records an error naming
/// file, line, column, what was found and what was expected, and yields a default so the rest of
/// the row is still checked.
/// </summary>
internal sealed partial class FieldReader(string file, int line, Func<string, string?> raw, ErrorSink errors)
{
    public int ErrorCount { get; private set; }

    public string File => file;

    public int Line => line;

    public string Text(string column) => Required(column) ?? "";

    public string? OptionalText(string column) => Value(column);

    public decimal Decimal(string column, bool nonNegative = true) =>
        Required(column) is { } text ? ParseDecimal(column, text, nonNegative) : 0m;

    public decimal OptionalDecimal(string column, decimal fallback, bool nonNegative = true) =>
        Value(column) is { } text ? ParseDecimal(column, text, nonNegative) : fallback;

    public DateTimeOffset Timestamp(string column) => Required(column) is { } text ? ParseTimestamp(column, text) : default;

    public DateTimeOffset? OptionalTimestamp(string column) => Value(column) is { } text ? ParseTimestamp(column, text) : null;

    public DateOnly Date(string column)
    {
        var text = Required(column);
        if (text is null)
        {
            return default;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        return Fail<DateOnly>(column, $"'{text}' is not a date (expected yyyy-MM-dd, for example 2026-04-12)");
    }

    public bool Bool(string column, bool fallback) => Value(column) switch
    {
        null => fallback,
        "true" => true,
        "false" => false,
        var other => Fail<bool>(column, $"'{other}' is not a boolean (expected true or false)"),
    };

    public string Currency(string column)
    {
        var text = Required(column);
        if (text is null || Model.Currency.TryParse(text, out _))
        {
            return text ?? "USD";
        }

        return Fail<string>(column, $"'{text}' is not a supported ISO 4217 currency code (for example USD, EUR, GBP)");
    }

    public Platform Platform(string column)
    {
        var text = Required(column);
        if (text is null)
        {
            return default;
        }

        return SystemKeys.TryParsePlatform(text, out var platform)
            ? platform
            : Fail<Platform>(column, $"'{text}' is not a platform (expected one of {string.Join(", ", SystemKeys.PlatformKeys)})");
    }

    public T Choice<T>(string column, IReadOnlyDictionary<string, T> choices)
        where T : struct
    {
        var text = Required(column);
        if (text is null)
        {
            return default;
        }

        return choices.TryGetValue(text, out var value)
            ? value
            : Fail<T>(column, $"'{text}' is not allowed (expected one of {string.Join(", ", choices.Keys)})");
    }

    /// <summary>A list in one field, separated by semicolons; blanks are dropped.</summary>
    public IReadOnlyList<string> List(string column) =>
        Value(column) is { } text ? [.. text.Split(';').Select(t => t.Trim()).Where(t => t.Length > 0)] : [];

    /// <summary>Records a rule that spans fields (deferred above net, an end before a start).</summary>
    public void Check(bool holds, string column, string message)
    {
        if (!holds)
        {
            Fail<bool>(column, message);
        }
    }

    private string? Value(string column)
    {
        var text = raw(column);
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private string? Required(string column) => Value(column) ?? Fail<string?>(column, "is empty (a value is required)");

    private decimal ParseDecimal(string column, string text, bool nonNegative)
    {
        if (!DecimalPattern().IsMatch(text) || !decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            var hint = text.Contains(',', StringComparison.Ordinal) ? " (expected '.' as decimal separator and no thousands separator)" : " (expected a decimal such as 1234.56)";
            return Fail<decimal>(column, $"'{text}' is not a number{hint}");
        }

        return nonNegative && value < 0 ? Fail<decimal>(column, $"'{text}' is negative (expected zero or more)") : value;
    }

    private DateTimeOffset ParseTimestamp(string column, string text)
    {
        if (!OffsetPattern().IsMatch(text))
        {
            return Fail<DateTimeOffset>(column, $"'{text}' has no UTC offset (expected ISO 8601 with offset, for example 2026-04-12T23:10:00Z or 2026-04-12T23:10:00+01:00)");
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant
            : Fail<DateTimeOffset>(column, $"'{text}' is not an ISO 8601 timestamp (for example 2026-04-12T23:10:00Z)");
    }

    private T Fail<T>(string column, string message)
    {
        ErrorCount++;
        errors.Add(new ImportError(file, line, column, message));
        return default!;
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex DecimalPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex OffsetPattern();
}
