namespace Gapwatch.Matching;

/// <summary>Per-field similarities of one pair; NaN where a field is missing on either side.</summary>
internal readonly record struct FieldSimilarities(double Name, double Postcode, double Street, double Locality, bool PhoneExact);

/// <summary>
/// Compares two prepared parties field by field and weighs the fields into one score. Allocation
/// free: it runs once per candidate pair.
/// </summary>
internal static class PartyComparer
{
    public static FieldSimilarities Compare(PreparedParty probe, PreparedParty record, SecondaryKeyOptions options) => new(
        probe.Name is null || record.Name is null ? double.NaN : FieldComparators.Name(probe, record),
        probe.Postcode is null || record.Postcode is null ? double.NaN : FieldComparators.Code(probe.Postcode, record.Postcode, options.PostcodeOneEditSimilarity),
        probe.HasStreet && record.HasStreet ? FieldComparators.Street(probe, record) : double.NaN,
        probe.Locality is null || record.Locality is null ? double.NaN : JaroWinkler.Similarity(probe.Locality, record.Locality),
        probe.Phone is not null && string.Equals(probe.Phone, record.Phone, StringComparison.Ordinal));

    /// <summary>The weighted mean of the fields compared on both sides (<see cref="SecondaryKeyOptions.Score(double, double, double, double)"/>).</summary>
    public static double NameAndAddressScore(in FieldSimilarities fields, SecondaryKeyOptions options) =>
        options.Score(fields.Name, fields.Postcode, fields.Street, fields.Locality);

    /// <summary>An exact phone match is a match on its own: the score is 1.</summary>
    public static double Score(in FieldSimilarities fields, SecondaryKeyOptions options) =>
        fields.PhoneExact ? 1.0 : NameAndAddressScore(fields, options);
}
