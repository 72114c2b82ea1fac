using System.Globalization;

namespace Gapwatch.Matching;

/// <summary>The fields the secondary-key step compares, in the order explanations list them.</summary>
public enum MatchField
{
    Name = 1,
    Postcode = 2,
    Phone = 3,
    Street = 4,
    Locality = 5,
}

/// <summary>The similarity of one field of a pair, 0 (unlike) to 1 (equal after normalisation).</summary>
public readonly record struct FieldScore(MatchField Field, double Similarity)
{
    /// <summary>"name 0.93" or "postcode exact". Similarities are truncated, never rounded up to "1.00".</summary>
    public override string ToString()
    {
        var label = Field.ToString().ToLowerInvariant();
        if (Similarity >= 1.0)
        {
            return label + " exact";
        }

        var truncated = Math.Floor(Similarity * 100) / 100;
        return label + " " + truncated.ToString("0.00", CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// The best ERP record for a probe at or above the threshold: its index in the list the
/// <see cref="SecondaryKeyIndex"/> was built from, the total score (0–1) and the fields that were
/// compared on both sides, in <see cref="MatchField"/> order.
/// </summary>
public sealed record SuspectedMatch(int RecordIndex, double Score, IReadOnlyList<FieldScore> Fields)
{
    /// <summary>The per-field scores as finance reads them: <c>name 0.93, postcode exact</c>.</summary>
    public string Explain() => string.Join(", ", Fields);
}
