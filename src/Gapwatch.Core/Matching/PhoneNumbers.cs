using System.Text;

namespace Gapwatch.Matching;

/// <summary>
/// Turns a phone number as typed into E.164 form (<c>+442079460958</c>). This is not a numbering
/// plan validator: it knows the calling code and trunk prefix of a handful of countries and
/// otherwise trusts an explicit <c>+</c> or <c>00</c>.
/// </summary>
internal static class PhoneNumbers
{
    /// <summary>E.164 allows at most 15 digits; fewer than 8 cannot be a full number with its country code.</summary>
    public const int MinimumDigits = 8;

    public const int MaximumDigits = 15;

    /// <summary>ISO 3166 alpha-2 → calling code and whether national numbers carry a leading trunk 0.</summary>
    private static readonly Dictionary<string, (string CallingCode, bool TrunkZero)> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GB"] = ("44", true),
        ["UK"] = ("44", true),
        ["US"] = ("1", false),
        ["CA"] = ("1", false),
        ["DE"] = ("49", true),
        ["FR"] = ("33", true),
        ["AU"] = ("61", true),
        ["IE"] = ("353", true),
        ["NL"] = ("31", true),
    };

    public static string? ToE164(string? value, string? defaultCountry)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        var digits = Digits(trimmed);
        var international = Internationalise(trimmed, digits, defaultCountry);
        return international is { Length: >= MinimumDigits and <= MaximumDigits } ? "+" + international : null;
    }

    /// <summary>The digits with the country code in front, or null when the country cannot be known.</summary>
    private static string? Internationalise(string trimmed, string digits, string? defaultCountry)
    {
        if (trimmed.StartsWith('+'))
        {
            return digits;
        }

        if (digits.StartsWith("00", StringComparison.Ordinal))
        {
            return digits[2..];
        }

        if (defaultCountry is null || !Countries.TryGetValue(defaultCountry.Trim(), out var country))
        {
            return null;
        }

        return National(digits, country.CallingCode, country.TrunkZero);
    }

    private static string National(string digits, string callingCode, bool trunkZero)
    {
        if (trunkZero && digits.StartsWith('0'))
        {
            return callingCode + digits[1..];
        }

        // North American numbers are often written with their "1" in front and no plus.
        if (!trunkZero && digits.Length == 11 && digits.StartsWith(callingCode, StringComparison.Ordinal))
        {
            return digits;
        }

        return callingCode + digits;
    }

    /// <summary>
    /// The digits up to an extension ("x12", "ext. 12"), skipping the "(0)" that UK and German numbers
    /// carry after their country code: "+44 (0)20 7946 0958" is +44 20 7946 0958.
    /// </summary>
    private static string Digits(string value)
    {
        var cleaned = value.Replace("(0)", "", StringComparison.Ordinal);
        var builder = new StringBuilder(cleaned.Length);
        foreach (var c in cleaned)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(c);
            }
            else if (char.IsAsciiLetter(c))
            {
                break;
            }
        }

        return builder.ToString();
    }
}
