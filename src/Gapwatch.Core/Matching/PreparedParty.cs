namespace Gapwatch.Matching;

/// <summary>
/// A <see cref="PartyRecord"/> normalised once, in the forms the comparators and blocking keys read,
/// so that comparing two parties allocates nothing.
/// </summary>
internal sealed class PreparedParty
{
    private PreparedParty(string[] nameWords, string? postcode, string? phone, StreetParts street, string? locality)
    {
        NameWords = nameWords;
        Name = nameWords.Length == 0 ? null : string.Join(' ', nameWords);
        SortedName = nameWords.Length < 2 ? Name : string.Join(' ', nameWords.Order(StringComparer.Ordinal));
        Postcode = postcode;
        Phone = phone;
        StreetWords = street.Words;
        StreetNumbers = street.Numbers;
        Locality = locality;
    }

    public string[] NameWords { get; }

    public string? Name { get; }

    /// <summary>The name words in ordinal order: "smith john" and "john smith" are the same here.</summary>
    public string? SortedName { get; }

    public string? Postcode { get; }

    /// <summary>E.164, or null when the number could not be read.</summary>
    public string? Phone { get; }

    /// <summary>The street's words without its numbers, street types spelt out ("st" is "street").</summary>
    public string[] StreetWords { get; }

    /// <summary>The street's house and unit numbers in the order keyed, space-separated, or null.</summary>
    public string? StreetNumbers { get; }

    public string? Locality { get; }

    public bool HasStreet => StreetWords.Length > 0 || StreetNumbers is not null;

    /// <summary>A party with no field at all: it has no blocking or neighbourhood key, and every record like it is the same.</summary>
    private static readonly PreparedParty Empty = new([], null, null, new StreetParts([], null), null);

    public static PreparedParty From(PartyRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrWhiteSpace(record.Name) && string.IsNullOrWhiteSpace(record.Postcode) && string.IsNullOrWhiteSpace(record.Phone)
            && string.IsNullOrWhiteSpace(record.Street) && string.IsNullOrWhiteSpace(record.Locality))
        {
            return Empty; // what normalising every blank field gives, shared instead of allocated per record
        }

        return new PreparedParty(
            KeyNormalizer.NameWords(record.Name),
            KeyNormalizer.Postcode(record.Postcode),
            KeyNormalizer.Phone(record.Phone, record.Country),
            StreetParts.Of(record.Street),
            TextFolding.Fold(record.Locality));
    }
}
