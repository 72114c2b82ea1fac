using System.Globalization;
using System.Text;
using Gapwatch.Matching;

namespace Gapwatch.Bench.Matching;

/// <summary>
/// Chooses the matcher's weights and threshold on the FEBRL dedupe files 2 and 3 only, so that the
/// linkage figures of 4a × 4b stay an honest hold-out. Each candidate set of weights deduplicates
/// both files through <see cref="SecondaryKeyIndex"/>; the choice is the highest pooled recall with
/// pooled precision at least <see cref="MinimumPrecision"/>, then the higher F1, then grid order.
/// </summary>
public static class FebrlTuning
{
    public const double MinimumPrecision = 0.99;

    /// <summary>Thresholds tried, in hundredths: 0.70 to 0.99.</summary>
    public static IReadOnlyList<double> Thresholds { get; } = [.. Enumerable.Range(70, 30).Select(t => t / 100.0)];

    /// <summary>Pairs below this score are not kept: no threshold tried is lower.</summary>
    private const double Floor = 0.70;

    /// <summary>A record in file 3 has at most nine copies; keeping twenty matches loses none.</summary>
    private const int MatchesPerRecord = 20;

    /// <summary>The weights tried: name, postcode and street in steps of 0.05, the locality taking the rest.</summary>
    public static IEnumerable<SecondaryKeyOptions> Grid()
    {
        for (var name = 25; name <= 55; name += 5)
        {
            for (var postcode = 5; postcode <= 25; postcode += 5)
            {
                for (var street = 15; street <= 40; street += 5)
                {
                    var locality = 100 - name - postcode - street;
                    if (locality >= 5)
                    {
                        yield return SecondaryKeyOptions.Default with
                        {
                            NameWeight = name / 100.0,
                            PostcodeWeight = postcode / 100.0,
                            StreetWeight = street / 100.0,
                            LocalityWeight = locality / 100.0,
                        };
                    }
                }
            }
        }
    }

    public static TuningReport Tune(string dataDirectory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var started = clock.GetTimestamp();
        var files = new[] { FebrlFile.Dataset2, FebrlFile.Dataset3 }
            .Select(name => (Name: name, Records: FebrlFile.Load(Path.Combine(dataDirectory, name))))
            .ToArray();
        var trials = new List<TuningTrial>();
        foreach (var options in Grid())
        {
            var scored = files.Select(f => DedupeScores.Of(f.Records, options, Floor, MatchesPerRecord)).ToArray();
            trials.AddRange(Thresholds.Select(t => new TuningTrial(options, t, scored.Select(s => s.Counts(t)).ToArray())));
        }

        var chosen = trials
            .Where(t => t.Pooled.Precision >= MinimumPrecision)
            .OrderByDescending(t => t.Pooled.Recall)
            .ThenByDescending(t => t.Pooled.F1)
            .FirstOrDefault() ?? trials.MaxBy(t => t.Pooled.F1)!;
        var current = trials.FirstOrDefault(t => SameWeights(t.Options, SecondaryKeyOptions.Default) && t.Threshold == SecondaryKeyOptions.DefaultThreshold);
        return new TuningReport([.. files.Select(f => f.Name)], trials.Count, chosen, current, clock.GetElapsedTime(started));
    }

    private static bool SameWeights(SecondaryKeyOptions first, SecondaryKeyOptions second) =>
        Math.Abs(first.NameWeight - second.NameWeight) < 1e-9 && Math.Abs(first.PostcodeWeight - second.PostcodeWeight) < 1e-9 &&
        Math.Abs(first.StreetWeight - second.StreetWeight) < 1e-9 && Math.Abs(first.LocalityWeight - second.LocalityWeight) < 1e-9;
}

/// <summary>One set of weights at one threshold, with its counts on each tuning file.</summary>
public sealed record TuningTrial(SecondaryKeyOptions Options, double Threshold, IReadOnlyList<PairCounts> PerFile)
{
    public PairCounts Pooled => PerFile.Aggregate(default(PairCounts), (sum, c) => sum + c);
}

/// <summary>What tuning chose, and how the defaults in the code fare on the same files.</summary>
public sealed record TuningReport(IReadOnlyList<string> Files, int Trials, TuningTrial Chosen, TuningTrial? Current, TimeSpan Elapsed)
{
    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"Tuning on {string.Join(" and ", Files)} (dedupe within each file; {Trials:N0} trials of weights x threshold)"));
        text.AppendLine(Invariant($"  rule       highest pooled recall with pooled precision >= {FebrlTuning.MinimumPrecision:0.00}, then F1"));
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
        text.AppendLine(Invariant($"  {label,-10} name {o.NameWeight:0.00}, postcode {o.PostcodeWeight:0.00}, street {o.StreetWeight:0.00}, locality {o.LocalityWeight:0.00}; threshold {trial.Threshold:0.00}"));
        for (var i = 0; i < Files.Count; i++)
        {
            Counts(text, Files[i], trial.PerFile[i]);
        }

        Counts(text, "pooled", trial.Pooled);
    }

    private static void Counts(StringBuilder text, string label, PairCounts counts) =>
        text.AppendLine(Invariant($"    {label,-20} precision {counts.Precision:0.0000}  recall {counts.Recall:0.0000}  F1 {counts.F1:0.0000}  ({counts.TruePositives:N0} true, {counts.FalsePositives:N0} false, {counts.FalseNegatives:N0} missed)"));

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// Every pair within one file scoring at or above the tuning floor, found by probing the file's own
/// index with each of its records; a pair found from both sides keeps its higher score.
/// </summary>
internal sealed class DedupeScores
{
    private readonly (double Score, bool IsTrue)[] pairs;
    private readonly long truePairs;

    private DedupeScores((double Score, bool IsTrue)[] pairs, long truePairs)
    {
        this.pairs = pairs;
        this.truePairs = truePairs;
    }

    public static DedupeScores Of(IReadOnlyList<FebrlRecord> records, SecondaryKeyOptions options, double floor, int matchesPerRecord)
    {
        PartyRecord[] parties = [.. records.Select(r => r.ToParty())];
        var index = new SecondaryKeyIndex(parties, options);
        var perRecord = new IReadOnlyList<SuspectedMatch>[parties.Length];
        Parallel.For(0, parties.Length, i => perRecord[i] = index.Matches(parties[i], floor, matchesPerRecord + 1));
        var best = new Dictionary<(int, int), double>();
        for (var i = 0; i < perRecord.Length; i++)
        {
            foreach (var match in perRecord[i].Where(m => m.RecordIndex != i))
            {
                var pair = (Math.Min(i, match.RecordIndex), Math.Max(i, match.RecordIndex));
                best[pair] = Math.Max(best.GetValueOrDefault(pair), match.Score);
            }
        }

        var truePairs = records.CountBy(r => r.Person).Sum(g => (long)g.Value * (g.Value - 1) / 2);
        return new DedupeScores([.. best.Select(p => (p.Value, records[p.Key.Item1].Person == records[p.Key.Item2].Person))], truePairs);
    }

    public PairCounts Counts(double threshold)
    {
        int truePositives = 0, falsePositives = 0;
        foreach (var (score, isTrue) in pairs)
        {
            if (score >= threshold)
            {
                _ = isTrue ? truePositives++ : falsePositives++;
            }
        }

        return new PairCounts(truePositives, falsePositives, checked((int)(truePairs - truePositives)));
    }
}
