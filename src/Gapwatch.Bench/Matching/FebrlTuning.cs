using System.Globalization;
using System.Text;
using Gapwatch.Matching;

namespace Gapwatch.Bench.Matching;

/// <summary>
/// Chooses the matcher's weights, postcode slip similarity and threshold on the FEBRL dedupe files 2
/// and 3 only, so that the linkage figures of 4a × 4b stay an honest hold-out. Each file is compared
/// once per postcode slip similarity through <see cref="SecondaryKeyIndex"/> (every pair blocking
/// proposes, with its per-field similarities); each set of weights then re-weighs those pairs with
/// <see cref="SecondaryKeyOptions.Score(double, double, double, double)"/>, the matcher's own
/// scoring. The choice is the highest pooled recall with pooled precision at least
/// <see cref="MinimumPrecision"/>, then the higher F1, then grid order; the pooled precision must
/// also hold when only name and postcode are compared, as the workspace's suspected duplicates do.
/// </summary>
public static class FebrlTuning
{
    public const double MinimumPrecision = 0.99;

    /// <summary>Thresholds tried, in hundredths: 0.70 to 0.99.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = [.. Enumerable.Range(70, 30).Select(t => t / 100.0)];

    public static IReadOnlyList<double> PostcodeSlipSimilarities { get; } = [0.5, 0.75];

    public static IReadOnlyList<double> MissingFieldSimilarities { get; } = [0.4, 0.5, 0.6, 0.7, 0.8];

    /// <summary>The weights tried: name, postcode and street in steps of 0.05, the locality taking the rest (at least 0.05).</summary>
    public static IEnumerable<(double Name, double Postcode, double Street, double Locality)> WeightGrid()
    {
        for (var name = 20; name <= 55; name += 5)
        {
            for (var postcode = 5; postcode <= 30; postcode += 5)
            {
                for (var street = 10; street <= 45; street += 5)
                {
                    var locality = 100 - name - postcode - street;
                    if (locality >= 5)
                    {
                        yield return (name / 100.0, postcode / 100.0, street / 100.0, locality / 100.0);
                    }
                }
            }
        }
    }

    public static TuningReport Tune(string dataDirectory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var started = clock.GetTimestamp();
        string[] names = [FebrlFile.Dataset2, FebrlFile.Dataset3];
        var files = names.Select(name => FebrlFile.Load(Path.Combine(dataDirectory, name))).ToArray();
        var trials = new List<TuningTrial>();
        foreach (var slip in PostcodeSlipSimilarities)
        {
            var compared = files.Select(f => ComparedPairs.Of(f, SecondaryKeyOptions.Default with { PostcodeOneEditSimilarity = slip })).ToArray();
            foreach (var ((name, postcode, street, locality), missing) in WeightGrid().SelectMany(w => MissingFieldSimilarities.Select(m => (w, m))))
            {
                var options = SecondaryKeyOptions.Default with
                {
                    NameWeight = name, PostcodeWeight = postcode, StreetWeight = street, LocalityWeight = locality,
                    PostcodeOneEditSimilarity = slip, MissingFieldSimilarity = missing,
                };
                var full = compared.Select(c => c.Histogram(options)).ToArray();
                var nameAndPostcode = compared.Select(c => c.Histogram(options, nameAndPostcodeOnly: true)).ToArray();
                trials.AddRange(Thresholds.Select(t => new TuningTrial(
                    options, t, [.. full.Select(h => h.Counts(t))], [.. nameAndPostcode.Select(h => h.Counts(t))])));
            }
        }

        var chosen = trials
            .Where(t => t.Pooled.Precision >= MinimumPrecision && t.PooledNameAndPostcode.Precision >= MinimumPrecision)
            .OrderByDescending(t => t.Pooled.Recall)
            .ThenByDescending(t => t.Pooled.F1)
            .FirstOrDefault() ?? trials.MaxBy(t => t.Pooled.F1)!;
        var current = trials.FirstOrDefault(t => t.Options == SecondaryKeyOptions.Default && t.Threshold == SecondaryKeyOptions.DefaultThreshold);
        return new TuningReport(names, trials.Count, chosen, current, clock.GetElapsedTime(started));
    }
}

/// <summary>One set of options at one threshold, with its counts on each tuning file, comparing all fields and only name and postcode.</summary>
public sealed record TuningTrial(SecondaryKeyOptions Options, double Threshold, IReadOnlyList<PairCounts> PerFile, IReadOnlyList<PairCounts> PerFileNameAndPostcode)
{
    public PairCounts Pooled => PerFile.Aggregate(default(PairCounts), (sum, c) => sum + c);

    public PairCounts PooledNameAndPostcode => PerFileNameAndPostcode.Aggregate(default(PairCounts), (sum, c) => sum + c);
}

/// <summary>What tuning chose, and how the defaults in the code fare on the same files.</summary>
public sealed record TuningReport(IReadOnlyList<string> Files, int Trials, TuningTrial Chosen, TuningTrial? Current, TimeSpan Elapsed)
{
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"FEBRL tuning on {string.Join(" and ", Files)} (dedupe within each file; {Trials:N0} trials of weights x postcode slip x missing-field similarity x threshold)"));
        text.AppendLine(Invariant($"  rule       highest pooled recall with pooled precision >= {FebrlTuning.MinimumPrecision:0.00} (also on name and postcode only), then F1"));
        Append(text, "chosen", Chosen);
        if (Current is not null)
        {
            Append(text, "defaults", Current);
        }

        text.AppendLine(Invariant($"  elapsed    {Elapsed.TotalSeconds:N1} s"));
        return text.ToString();
    }

    private void Append(StringBuilder text, string label, TuningTrial trial)
    {
        var o = trial.Options;
        text.AppendLine(Invariant($"  {label,-10} name {o.NameWeight:0.00}, postcode {o.PostcodeWeight:0.00} (slip {o.PostcodeOneEditSimilarity:0.00}), street {o.StreetWeight:0.00}, locality {o.LocalityWeight:0.00}, missing field {o.MissingFieldSimilarity:0.00}; threshold {trial.Threshold:0.00}"));
        for (var i = 0; i < Files.Count; i++)
        {
            Counts(text, Files[i], trial.PerFile[i]);
        }

        Counts(text, "pooled", trial.Pooled);
        Counts(text, "name + postcode only", trial.PooledNameAndPostcode);
    }

    private static void Counts(StringBuilder text, string label, PairCounts counts) =>
        text.AppendLine(Invariant($"    {label,-20} precision {counts.Precision:0.0000}  recall {counts.Recall:0.0000}  F1 {counts.F1:0.0000}  ({counts.TruePositives:N0} true, {counts.FalsePositives:N0} false, {counts.FalseNegatives:N0} missed)"));

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
