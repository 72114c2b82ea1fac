using Gapwatch.Matching;

namespace Gapwatch.Bench.Matching;

/// <summary>
/// One FEBRL person record, reduced to the name and address fields the secondary-key matcher may
/// read: date of birth and social security id are never loaded, so they cannot leak into a score.
/// <see cref="RecordId"/> is "rec-N-org" or "rec-N-dup-k"; <see cref="Person"/> is its <c>N</c>, and
/// records of the same person are a true pair.
/// </summary>
public sealed record FebrlRecord(
    string RecordId,
    int Person,
    string? GivenName,
    string? Surname,
    string? StreetNumber,
    string? Address1,
    string? Address2,
    string? Suburb,
    string? Postcode,
    string? State)
{
    /// <summary>
    /// The record as a party: given name and surname make the name, street number and address lines
    /// the street ("8 stanley street, miami"), the suburb the locality.
    /// </summary>
    public PartyRecord ToParty() => new(Join(' ', GivenName, Surname), Postcode)
    {
        Street = Join(", ", Join(' ', StreetNumber, Address1), Address2),
        Locality = Suburb,
    };

    /// <summary>
    /// The person number of a FEBRL record id: <c>rec-N-org</c> or <c>rec-N-dup-k</c>. Null when the id
    /// has neither shape.
    /// </summary>
    public static int? PersonOf(string recordId)
    {
        ArgumentNullException.ThrowIfNull(recordId);
        var parts = recordId.Split('-');
        var shaped = parts is ["rec", _, "org"] || (parts is ["rec", _, "dup", var copy] && int.TryParse(copy, out _));
        return shaped && int.TryParse(parts[1], out var person) && person >= 0 ? person : null;
    }

    private static string? Join(char separator, string? first, string? second) => Join(separator.ToString(), first, second);

    private static string? Join(string separator, string? first, string? second) =>
        (first, second) switch
        {
            (null, null) => null,
            (null, _) => second,
            (_, null) => first,
            _ => first + separator + second,
        };
}
