namespace Gapwatch.Matching;

/// <summary>
/// The secondary-key fields of one party (an ERP customer or an absent commerce buyer), as the
/// source holds them: the matcher normalises them itself. Any field may be missing; a party
/// without a name can match only by phone.
/// </summary>
/// <param name="Name">Company or person name.</param>
/// <param name="Postcode">Postal code as keyed (spaces and case do not matter).</param>
/// <param name="Phone">Phone number as keyed; national numbers need <see cref="Country"/>.</param>
public sealed record PartyRecord(string? Name, string? Postcode = null, string? Phone = null)
{
    /// <summary>Street line(s), house number included ("8 Stanley Street, Miami").</summary>
    public string? Street { get; init; }

    /// <summary>Town, city or suburb.</summary>
    public string? Locality { get; init; }

    /// <summary>ISO 3166 alpha-2 country, used to read national phone numbers.</summary>
    public string? Country { get; init; }
}
