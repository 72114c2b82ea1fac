using Gapwatch.Matching;

namespace Gapwatch.Bench.Matching;

/// <summary>
/// Every pair within one FEBRL file that blocking proposes, with its per-field similarities, found by
/// probing the file's own index with each of its records. A pair proposed from both sides is kept
/// once, as the lower record's probe saw it.
/// </summary>
internal sealed class ComparedPairs
{
    /// <summary>A probe is scored against at most this many candidates; FEBRL blocks stay far below it.</summary>
    private const int MaximumCandidates = 10_000;

    private readonly double[] name;
    private readonly double[] postcode;
    private readonly double[] street;
    private readonly double[] locality;
    private readonly bool[] isTrue;
    private readonly long truePairs;

    private ComparedPairs(List<(IReadOnlyList<FieldScore> Fields, bool IsTrue)> pairs, long truePairs)
    {
        name = [.. pairs.Select(p => Similarity(p.Fields, MatchField.Name))];
        postcode = [.. pairs.Select(p => Similarity(p.Fields, MatchField.Postcode))];
        street = [.. pairs.Select(p => Similarity(p.Fields, MatchField.Street))];
        locality = [.. pairs.Select(p => Similarity(p.Fields, MatchField.Locality))];
        isTrue = [.. pairs.Select(p => p.IsTrue)];
        this.truePairs = truePairs;
    }

    public static ComparedPairs Of(IReadOnlyList<FebrlRecord> records, SecondaryKeyOptions options)
    {
        PartyRecord[] parties = [.. records.Select(r => r.ToParty())];
        var index = new SecondaryKeyIndex(parties, options);
        var perRecord = new IReadOnlyList<SuspectedMatch>[parties.Length];
        Parallel.For(0, parties.Length, i => perRecord[i] = index.Matches(parties[i], 0.0, MaximumCandidates));
        var seen = new HashSet<(int, int)>();
        var pairs = new List<(IReadOnlyList<FieldScore> Fields, bool IsTrue)>();
        for (var i = 0; i < perRecord.Length; i++)
        {
            foreach (var match in perRecord[i].Where(m => m.RecordIndex != i))
            {
                if (seen.Add((Math.Min(i, match.RecordIndex), Math.Max(i, match.RecordIndex))))
                {
                    pairs.Add((match.Fields, records[i].Person == records[match.RecordIndex].Person));
                }
            }
        }

        var truePairs = records.CountBy(r => r.Person).Sum(g => (long)g.Value * (g.Value - 1) / 2);
        return new ComparedPairs(pairs, truePairs);
    }

    /// <summary>
    /// True and false pairs by score in hundredths (a score of 0.884 counts at 0.88). With
    /// <paramref name="nameAndPostcodeOnly"/> street and locality are left out, as when a suspected
    /// duplicate is sought with only a name and a postcode on file.
    /// </summary>
    public ScoreHistogram Histogram(SecondaryKeyOptions options, bool nameAndPostcodeOnly = false)
    {
        var trueAt = new int[101];
        var falseAt = new int[101];
        for (var i = 0; i < isTrue.Length; i++)
        {
            var score = nameAndPostcodeOnly
                ? options.Score(name[i], postcode[i], double.NaN, double.NaN)
                : options.Score(name[i], postcode[i], street[i], locality[i]);
            var bin = Math.Clamp((int)Math.Floor((score * 100) + 1e-9), 0, 100);
            _ = isTrue[i] ? trueAt[bin]++ : falseAt[bin]++;
        }

        return new ScoreHistogram(trueAt, falseAt, truePairs);
    }

    private static double Similarity(IReadOnlyList<FieldScore> fields, MatchField field)
    {
        foreach (var score in fields)
        {
            if (score.Field == field)
            {
                return score.Similarity;
            }
        }

        return double.NaN;
    }
}

/// <summary>Scored pairs counted by score in hundredths, so a threshold's counts are two suffix sums.</summary>
internal sealed class ScoreHistogram(int[] trueAt, int[] falseAt, long truePairs)
{
    public PairCounts Counts(double threshold)
    {
        var from = (int)Math.Round(threshold * 100);
        var truePositives = trueAt.AsSpan(from).ToArray().Sum();
        var falsePositives = falseAt.AsSpan(from).ToArray().Sum();
        return new PairCounts(truePositives, falsePositives, checked((int)(truePairs - truePositives)));
    }
}
