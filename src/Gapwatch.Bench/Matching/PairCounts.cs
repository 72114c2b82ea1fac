namespace Gapwatch.Bench.Matching;

/// <summary>Predicted pairs scored against the truth. Precision is 1 when nothing was predicted, recall 1 when nothing was true.</summary>
public readonly record struct PairCounts(int TruePositives, int FalsePositives, int FalseNegatives)
{
    public int Predicted => TruePositives + FalsePositives;

    public int True => TruePositives + FalseNegatives;

    public double Precision => Predicted == 0 ? 1.0 : (double)TruePositives / Predicted;

    public double Recall => True == 0 ? 1.0 : (double)TruePositives / True;

    public double F1 => Precision + Recall == 0 ? 0.0 : 2 * Precision * Recall / (Precision + Recall);

    public static PairCounts operator +(PairCounts first, PairCounts second) => new(
        first.TruePositives + second.TruePositives,
        first.FalsePositives + second.FalsePositives,
        first.FalseNegatives + second.FalseNegatives);
}
