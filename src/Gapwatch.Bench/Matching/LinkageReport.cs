using System.Globalization;
using System.Text;
using Gapwatch.Matching;

namespace Gapwatch.Bench.Matching;

/// <summary>
/// The outcome of linking two FEBRL files: quality of the one-to-one links, reach of blocking, and
/// cost. <see cref="BlockingRecall"/> is the share of true pairs blocking proposed at all: no
/// threshold can find a pair blocking never proposed.
/// </summary>
public sealed record LinkageReport
{
    public required string Left { get; init; }

    public required string Right { get; init; }

    public required int LeftRecords { get; init; }

    public required int RightRecords { get; init; }

    public required double Threshold { get; init; }

    public required SecondaryKeyOptions Options { get; init; }

    /// <summary>Links made, against the truth.</summary>
    public required PairCounts Links { get; init; }

    /// <summary>Pairs blocking proposed for scoring (left record, right record), over all left records.</summary>
    public required long CandidatePairs { get; init; }

    public required int TrueCandidatePairs { get; init; }

    /// <summary>Wall time of building the index, scoring every left record and assigning links; blocking recall is measured apart.</summary>
    public required TimeSpan Elapsed { get; init; }

    public double BlockingRecall => Links.True == 0 ? 1.0 : (double)TrueCandidatePairs / Links.True;

    /// <summary>Candidate pairs as a share of all pairs: what blocking saves.</summary>
    public double ReductionRatio => 1.0 - ((double)CandidatePairs / ((long)LeftRecords * RightRecords));

    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"FEBRL linkage {Left} -> {Right} ({LeftRecords:N0} x {RightRecords:N0} records, {Links.True:N0} true pairs)"));
        text.AppendLine("  fields     name, street number and address lines, suburb, postcode (no date of birth, no social security id)");
        text.AppendLine(Invariant($"  weights    name {Options.NameWeight:0.00}, postcode {Options.PostcodeWeight:0.00}, street {Options.StreetWeight:0.00}, locality {Options.LocalityWeight:0.00}; threshold {Threshold:0.00}; one-to-one"));
        text.AppendLine(Invariant($"  blocking   {CandidatePairs:N0} candidate pairs (reduction {ReductionRatio:P2}); blocking recall {BlockingRecall:0.0000} ({TrueCandidatePairs:N0} of {Links.True:N0} true pairs)"));
        text.AppendLine(Invariant($"  links      {Links.Predicted:N0}: {Links.TruePositives:N0} true, {Links.FalsePositives:N0} false; {Links.FalseNegatives:N0} true pairs missed"));
        text.AppendLine(Invariant($"  precision  {Links.Precision:0.0000}"));
        text.AppendLine(Invariant($"  recall     {Links.Recall:0.0000}"));
        text.AppendLine(Invariant($"  F1         {Links.F1:0.0000}"));
        text.AppendLine(Invariant($"  elapsed    {Elapsed.TotalMilliseconds:N0} ms (index, scoring and assignment; {Environment.ProcessorCount} cores)"));
        return text.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
