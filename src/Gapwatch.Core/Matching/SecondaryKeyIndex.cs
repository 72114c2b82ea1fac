namespace Gapwatch.Matching;

/// <summary>
/// Finds suspected duplicates of a party among a fixed list of records (the ERP customer master of
/// one entity) by secondary key: name and address, or phone. Built once; a probe is compared only
/// with the candidates blocking proposes, never with the whole list. Read-only after construction,
/// so probes may run concurrently. Results are deterministic: equal scores go to the lower index.
/// </summary>
public sealed class SecondaryKeyIndex
{
    private readonly PreparedParty[] records;
    private readonly BlockingIndex blocking;
    private readonly SecondaryKeyOptions options;

    public SecondaryKeyIndex(IReadOnlyList<PartyRecord> records, SecondaryKeyOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        this.options = options ?? SecondaryKeyOptions.Default;
        this.options.Validate();
        var prepared = new PreparedParty[records.Count];
        if (prepared.Length < 4_096)
        {
            for (var i = 0; i < prepared.Length; i++)
            {
                prepared[i] = PreparedParty.From(records[i]);
            }
        }
        else
        {
            // Normalising each record is independent: split across the cores.
            var parts = Math.Max(1, Math.Min(Environment.ProcessorCount, 8));
            Parallel.For(0, parts, p =>
            {
                var to = (int)((long)prepared.Length * (p + 1) / parts);
                for (var i = (int)((long)prepared.Length * p / parts); i < to; i++)
                {
                    prepared[i] = PreparedParty.From(records[i]);
                }
            });
        }

        this.records = prepared;
        blocking = new BlockingIndex(this.records, this.options);
    }

    /// <summary>The number of records indexed; record indices run from 0 to <c>Count - 1</c>.</summary>
    public int Count => records.Length;

    /// <summary>The highest-scoring record at or above <paramref name="threshold"/> (0–1), or null.</summary>
    public SuspectedMatch? BestMatch(PartyRecord probe, double threshold)
    {
        var prepared = Prepare(probe, threshold);
        var best = Ranked.None;
        foreach (var index in Candidates(prepared))
        {
            var candidate = Rank(prepared, index);
            if (candidate.Score >= threshold && candidate.IsBetterThan(best))
            {
                best = candidate;
            }
        }

        return best.Index < 0 ? null : Explain(prepared, best);
    }

    /// <summary>Every record at or above <paramref name="threshold"/> (0–1), best first, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<SuspectedMatch> Matches(PartyRecord probe, double threshold, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var prepared = Prepare(probe, threshold);
        var ranked = new List<Ranked>();
        foreach (var index in Candidates(prepared))
        {
            var candidate = Rank(prepared, index);
            if (candidate.Score >= threshold)
            {
                ranked.Add(candidate);
            }
        }

        ranked.Sort(static (a, b) => a.IsBetterThan(b) ? -1 : b.IsBetterThan(a) ? 1 : 0);
        return [.. ranked.Take(limit).Select(r => Explain(prepared, r))];
    }

    /// <summary>
    /// The indices, ascending and distinct, of the records blocking proposes for a probe: the only
    /// records it is scored against. Exposed so that blocking recall can be measured.
    /// </summary>
    public IReadOnlyList<int> Candidates(PartyRecord probe) => Candidates(PreparedParty.From(probe));

    private static PreparedParty Prepare(PartyRecord probe, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probe);
        if (threshold is < 0 or > 1 || double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "a match threshold is a score between 0 and 1");
        }

        return PreparedParty.From(probe);
    }

    private List<int> Candidates(PreparedParty probe)
    {
        var candidates = new List<int>(64);
        blocking.Collect(probe, candidates);
        candidates.Sort();
        var distinct = 0;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (i == 0 || candidates[i] != candidates[i - 1])
            {
                candidates[distinct++] = candidates[i];
            }
        }

        candidates.RemoveRange(distinct, candidates.Count - distinct);
        return candidates;
    }

    private Ranked Rank(PreparedParty probe, int index)
    {
        var fields = PartyComparer.Compare(probe, records[index], options);
        return new Ranked(index, PartyComparer.Score(fields, options), PartyComparer.NameAndAddressScore(fields, options));
    }

    private SuspectedMatch Explain(PreparedParty probe, Ranked ranked)
    {
        var fields = PartyComparer.Compare(probe, records[ranked.Index], options);
        return new SuspectedMatch(ranked.Index, ranked.Score, FieldScores(fields));
    }

    private static FieldScore[] FieldScores(in FieldSimilarities fields)
    {
        var scores = new List<FieldScore>(5);
        AddIfCompared(scores, MatchField.Name, fields.Name);
        AddIfCompared(scores, MatchField.Postcode, fields.Postcode);
        if (fields.PhoneExact)
        {
            scores.Add(new FieldScore(MatchField.Phone, 1.0));
        }

        AddIfCompared(scores, MatchField.Street, fields.Street);
        AddIfCompared(scores, MatchField.Locality, fields.Locality);
        return [.. scores];
    }

    private static void AddIfCompared(List<FieldScore> scores, MatchField field, double similarity)
    {
        if (!double.IsNaN(similarity))
        {
            scores.Add(new FieldScore(field, similarity));
        }
    }

    /// <summary>A scored candidate. Among phone matches (all scoring 1) the better name and address wins; then the lower index.</summary>
    private readonly record struct Ranked(int Index, double Score, double NameAndAddress)
    {
        public static Ranked None { get; } = new(-1, double.NegativeInfinity, double.NegativeInfinity);

        public bool IsBetterThan(Ranked other) =>
            Score != other.Score ? Score > other.Score
            : NameAndAddress != other.NameAndAddress ? NameAndAddress > other.NameAndAddress
            : Index < other.Index;
    }
}
