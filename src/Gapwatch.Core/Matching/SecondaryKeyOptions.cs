namespace Gapwatch.Matching;

/// <summary>
/// Weights, thresholds and limits of the secondary-key matcher, with their defaults in one place.
/// The defaults were tuned on the FEBRL dedupe datasets 2 and 3 and measured, untouched, on
/// 4a × 4b (docs/matching.md).
/// </summary>
public sealed record SecondaryKeyOptions
{
    /// <summary>Default minimum total score for a suspected duplicate; the workspace setting starts here.</summary>
    public const double DefaultThreshold = 0.88;

    public static SecondaryKeyOptions Default { get; } = new();

    /// <summary>Weight of the name similarity in the total score.</summary>
    public double NameWeight { get; init; } = 0.45;

    public double PostcodeWeight { get; init; } = 0.15;

    public double StreetWeight { get; init; } = 0.25;

    public double LocalityWeight { get; init; } = 0.15;

    /// <summary>Similarity of two postcodes one keying slip apart (one character changed, dropped or two swapped).</summary>
    public double PostcodeOneEditSimilarity { get; init; } = 0.5;

    /// <summary>Records sharing a blocking key with more records than this are not compared on that key: the key says too little.</summary>
    public int MaximumBlockSize { get; init; } = 500;

    /// <summary>Records on each side of the probe taken from each sorted-neighbourhood pass.</summary>
    public int SortedNeighbourhoodWindow { get; init; } = 4;

    /// <summary>Throws when a weight is negative, all weights are zero, or a limit is not positive.</summary>
    public void Validate()
    {
        double[] weights = [NameWeight, PostcodeWeight, StreetWeight, LocalityWeight];
        if (weights.Any(w => w < 0 || !double.IsFinite(w)) || weights.Sum() <= 0)
        {
            throw new ArgumentException($"weights must be finite, non-negative and not all zero; got name {NameWeight}, postcode {PostcodeWeight}, street {StreetWeight}, locality {LocalityWeight}");
        }

        if (PostcodeOneEditSimilarity is < 0 or > 1)
        {
            throw new ArgumentException($"postcode one-edit similarity must be within 0–1; got {PostcodeOneEditSimilarity}");
        }

        if (MaximumBlockSize < 1 || SortedNeighbourhoodWindow < 0)
        {
            throw new ArgumentException($"maximum block size must be at least 1 and the window not negative; got {MaximumBlockSize} and {SortedNeighbourhoodWindow}");
        }
    }
}
