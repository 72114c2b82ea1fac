namespace Gapwatch.Matching;

/// <summary>
/// Weights, thresholds and limits of the secondary-key matcher, with their defaults in one place.
/// The defaults were tuned on the FEBRL dedupe datasets 2 and 3 (<c>gapwatch bench matching --tune</c>)
/// and measured, untouched, on 4a × 4b (docs/matching.md).
/// </summary>
public sealed record SecondaryKeyOptions
{
    /// <summary>Default minimum total score for a suspected duplicate; the workspace setting starts here.</summary>
    public const double DefaultThreshold = 0.72;

    public static SecondaryKeyOptions Default { get; } = new();

    /// <summary>Weight of the name similarity in the total score.</summary>
    public double NameWeight { get; init; } = 0.35;

    public double PostcodeWeight { get; init; } = 0.10;

    public double StreetWeight { get; init; } = 0.35;

    public double LocalityWeight { get; init; } = 0.20;

    /// <summary>Similarity of two postcodes one keying slip apart (one character changed, dropped or two swapped).</summary>
    public double PostcodeOneEditSimilarity { get; init; } = 0.75;

    /// <summary>
    /// The similarity an address field counts with when it is missing on either side: neither
    /// agreement nor disagreement. A pair compared on fewer fields has less evidence, so it needs the
    /// fields it has to agree more closely before it reaches the same threshold.
    /// </summary>
    public double MissingFieldSimilarity { get; init; } = 0.5;

    /// <summary>Records sharing a blocking key with more records than this are not compared on that key: the key says too little.</summary>
    public int MaximumBlockSize { get; init; } = 500;

    /// <summary>Records on each side of the probe taken from each sorted-neighbourhood pass.</summary>
    public int SortedNeighbourhoodWindow { get; init; } = 4;

    /// <summary>
    /// The total score (0–1) of a pair from its per-field similarities: their weighted mean, where an
    /// address field missing on either side (NaN) counts as <see cref="MissingFieldSimilarity"/>. A
    /// name alone says too little ("John Smith"), so without a name and at least one address field
    /// the score is 0.
    /// </summary>
    public double Score(double name, double postcode, double street, double locality)
    {
        if (double.IsNaN(name) || (double.IsNaN(postcode) && double.IsNaN(street) && double.IsNaN(locality)))
        {
            return 0.0;
        }

        var weighted = (name * NameWeight) + Weighted(postcode, PostcodeWeight) + Weighted(street, StreetWeight) + Weighted(locality, LocalityWeight);
        var weights = NameWeight + PostcodeWeight + StreetWeight + LocalityWeight;
        return weighted / weights;
    }

    /// <summary>
    /// The total score of a pair from the fields of its explanation (<see cref="SuspectedMatch.Fields"/>):
    /// 1 for an exact phone match, otherwise <see cref="Score(double, double, double, double)"/>.
    /// Lets a tuning run re-weigh scored pairs without comparing them again.
    /// </summary>
    public double Score(IReadOnlyList<FieldScore> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        double name = double.NaN, postcode = double.NaN, street = double.NaN, locality = double.NaN;
        foreach (var field in fields)
        {
            switch (field.Field)
            {
                case MatchField.Phone: return 1.0;
                case MatchField.Name: name = field.Similarity; break;
                case MatchField.Postcode: postcode = field.Similarity; break;
                case MatchField.Street: street = field.Similarity; break;
                case MatchField.Locality: locality = field.Similarity; break;
            }
        }

        return Score(name, postcode, street, locality);
    }

    /// <summary>Throws when a weight is negative, all weights are zero, or a limit is not positive.</summary>
    public void Validate()
    {
        double[] weights = [NameWeight, PostcodeWeight, StreetWeight, LocalityWeight];
        if (weights.Any(w => w < 0 || !double.IsFinite(w)) || weights.Sum() <= 0)
        {
            throw new ArgumentException($"weights must be finite, non-negative and not all zero; got name {NameWeight}, postcode {PostcodeWeight}, street {StreetWeight}, locality {LocalityWeight}");
        }

        if (PostcodeOneEditSimilarity is < 0 or > 1 || double.IsNaN(PostcodeOneEditSimilarity))
        {
            throw new ArgumentException($"postcode one-edit similarity must be within 0–1; got {PostcodeOneEditSimilarity}");
        }

        if (MissingFieldSimilarity is < 0 or > 1 || double.IsNaN(MissingFieldSimilarity))
        {
            throw new ArgumentException($"missing-field similarity must be within 0–1; got {MissingFieldSimilarity}");
        }

        if (MaximumBlockSize < 1 || SortedNeighbourhoodWindow < 0)
        {
            throw new ArgumentException($"maximum block size must be at least 1 and the window not negative; got {MaximumBlockSize} and {SortedNeighbourhoodWindow}");
        }
    }

    private double Weighted(double similarity, double weight) => (double.IsNaN(similarity) ? MissingFieldSimilarity : similarity) * weight;
}
