namespace Gapwatch.Matching;

/// <summary>Per-field similarities of one pair; NaN where a field is missing on either side.</summary>
internal readonly record struct FieldSimilarities(double Name, double Postcode, double Street, double Locality, bool PhoneExact)
{
    public bool HasLocation => !double.IsNaN(Postcode) || !double.IsNaN(Street) || !double.IsNaN(Locality);
}

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

    /// <summary>
    /// The weighted mean of the fields compared on both sides. A name alone says too little ("John
    /// Smith"), so without a name and at least one address field the score is 0.
    /// </summary>
    public static double NameAndAddressScore(in FieldSimilarities fields, SecondaryKeyOptions options)
    {
        if (double.IsNaN(fields.Name) || !fields.HasLocation)
        {
            return 0.0;
        }

        var weighted = fields.Name * options.NameWeight;
        var weights = options.NameWeight;
        Add(fields.Postcode, options.PostcodeWeight, ref weighted, ref weights);
        Add(fields.Street, options.StreetWeight, ref weighted, ref weights);
        Add(fields.Locality, options.LocalityWeight, ref weighted, ref weights);
        return weights <= 0 ? 0.0 : weighted / weights;
    }

    /// <summary>An exact phone match is a match on its own: the score is 1.</summary>
    public static double Score(in FieldSimilarities fields, SecondaryKeyOptions options) =>
        fields.PhoneExact ? 1.0 : NameAndAddressScore(fields, options);

    private static void Add(double similarity, double weight, ref double weighted, ref double weights)
    {
        if (!double.IsNaN(similarity))
        {
            weighted += similarity * weight;
            weights += weight;
        }
    }
}
