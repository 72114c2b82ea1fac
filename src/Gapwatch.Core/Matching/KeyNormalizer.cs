namespace Gapwatch.Matching;

/// <summary>
/// Normalises customer keys before they are compared (docs/matching.md). Every function returns
/// null for a missing or blank value, so "no key" never equals "no key".
/// </summary>
public static class KeyNormalizer
{
    /// <summary>Lower-cased and trimmed.</summary>
    public static string? Email(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim().ToLowerInvariant();

    /// <summary>Upper-cased with spaces, dots and dashes removed; the country prefix is kept ("gb 123.456-789" is "GB123456789").</summary>
    public static string? VatNumber(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var kept = value.Where(c => !char.IsWhiteSpace(c) && c is not '.' and not '-').ToArray();
        return kept.Length == 0 ? null : new string(kept).ToUpperInvariant();
    }

    /// <summary>Trimmed; account references are case-sensitive in some ERPs, so case is kept.</summary>
    public static string? AccountReference(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>
    /// E.164 form (<c>+442079460958</c>). A leading <c>+</c> or <c>00</c> names the country; otherwise
    /// <paramref name="defaultCountry"/> (ISO alpha-2: GB, US, CA, DE, FR, AU, IE, NL) supplies it and
    /// its trunk 0 is dropped. Null when the country is unknown or fewer than 8 or more than 15 digits remain.
    /// </summary>
    public static string? Phone(string? value, string? defaultCountry) => PhoneNumbers.ToE164(value, defaultCountry);

    /// <summary>Upper-cased with all white space removed ("sw1a 1aa" is "SW1A1AA").</summary>
    public static string? Postcode(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return new string(value.Where(c => !char.IsWhiteSpace(c)).ToArray()).ToUpperInvariant();
    }

    /// <summary>
    /// Lower-cased, accents and punctuation folded, and the trailing legal forms folded to one canonical
    /// word each: "ACME Ltd." and "Acme Limited" are both "acme limited", "Müller GmbH" is "muller gmbh".
    /// </summary>
    public static string? CompanyName(string? value)
    {
        var words = TextFolding.Words(TextFolding.Fold(value));
        return words.Length == 0 ? null : string.Join(' ', NameFolding.FoldLegalForms(words));
    }

    /// <summary>Lower-cased, accents and punctuation folded, leading honorifics and a trailing "Jr"/"Sr" dropped: "Mr. Seán O'Neill" is "sean oneill".</summary>
    public static string? PersonName(string? value)
    {
        var words = TextFolding.Words(TextFolding.Fold(value));
        return words.Length == 0 ? null : string.Join(' ', NameFolding.WithoutHonorifics(words).AsEnumerable());
    }

    /// <summary>
    /// The form a party name is compared in by the fuzzy step, whether it names a person or a company:
    /// folded, without honorifics and without trailing legal forms ("Acme Ltd" and "ACME" compare equal).
    /// </summary>
    internal static string[] NameWords(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return []; // folding gives no words
        }

        var words = TextFolding.Words(TextFolding.Fold(value));
        return words.Length == 0 ? [] : [.. NameFolding.WithoutHonorifics(NameFolding.WithoutLegalForms(words))];
    }
}
