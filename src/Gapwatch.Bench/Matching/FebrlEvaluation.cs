using Gapwatch.Matching;

namespace Gapwatch.Bench.Matching;

/// <summary>
/// Measures the secondary-key matcher (<see cref="SecondaryKeyIndex"/>) on FEBRL: links the records
/// of one file to another, one to one, and scores the links against the truth in the record ids.
/// Deterministic: the same files and options give the same links.
/// </summary>
public static class FebrlEvaluation
{
    /// <summary>A left record proposes at most this many right records for the one-to-one assignment.</summary>
    public const int ProposalsPerRecord = 5;

    /// <summary>Links <c>febrl_dataset4a.csv</c> to <c>febrl_dataset4b.csv</c> in <paramref name="dataDirectory"/> with the default options and threshold.</summary>
    public static LinkageReport LinkDataset4(string dataDirectory, TimeProvider clock) => Link(
        FebrlFile.Dataset4A,
        FebrlFile.Load(Path.Combine(dataDirectory, FebrlFile.Dataset4A)),
        FebrlFile.Dataset4B,
        FebrlFile.Load(Path.Combine(dataDirectory, FebrlFile.Dataset4B)),
        SecondaryKeyOptions.Default,
        SecondaryKeyOptions.DefaultThreshold,
        clock);

    /// <summary>
    /// Indexes <paramref name="right"/> (the ERP master's role), probes it with every left record and
    /// assigns links greedily, best score first, each record linked at most once.
    /// </summary>
    public static LinkageReport Link(
        string leftName, IReadOnlyList<FebrlRecord> left, string rightName, IReadOnlyList<FebrlRecord> right,
        SecondaryKeyOptions options, double threshold, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        ArgumentNullException.ThrowIfNull(clock);
        PartyRecord[] leftParties = [.. left.Select(r => r.ToParty())];
        PartyRecord[] rightParties = [.. right.Select(r => r.ToParty())];

        var started = clock.GetTimestamp();
        var index = new SecondaryKeyIndex(rightParties, options);
        var proposals = Propose(index, leftParties, threshold);
        var links = OneToOne(proposals, left.Count, right.Count);
        var elapsed = clock.GetElapsedTime(started);

        var (candidatePairs, trueCandidatePairs) = MeasureBlocking(index, leftParties, left, right);
        return new LinkageReport
        {
            Left = leftName,
            Right = rightName,
            LeftRecords = left.Count,
            RightRecords = right.Count,
            Threshold = threshold,
            Options = options,
            Links = Score(links, left, right),
            CandidatePairs = candidatePairs,
            TrueCandidatePairs = trueCandidatePairs,
            Elapsed = elapsed,
        };
    }

    /// <summary>Every (left, right, score) at or above the threshold, at most <see cref="ProposalsPerRecord"/> per left record.</summary>
    private static Proposal[] Propose(SecondaryKeyIndex index, PartyRecord[] left, double threshold)
    {
        var perRecord = new IReadOnlyList<SuspectedMatch>[left.Length];
        Parallel.For(0, left.Length, i => perRecord[i] = index.Matches(left[i], threshold, ProposalsPerRecord));
        return [.. perRecord.SelectMany((matches, i) => matches.Select(m => new Proposal(i, m.RecordIndex, m.Score)))];
    }

    /// <summary>Greedy assignment: best score first, ties to the lower left then right index.</summary>
    private static List<(int Left, int Right)> OneToOne(Proposal[] proposals, int leftCount, int rightCount)
    {
        Array.Sort(proposals, static (a, b) =>
            a.Score != b.Score ? b.Score.CompareTo(a.Score)
            : a.Left != b.Left ? a.Left.CompareTo(b.Left)
            : a.Right.CompareTo(b.Right));
        var leftTaken = new bool[leftCount];
        var rightTaken = new bool[rightCount];
        var links = new List<(int Left, int Right)>();
        foreach (var proposal in proposals)
        {
            if (!leftTaken[proposal.Left] && !rightTaken[proposal.Right])
            {
                leftTaken[proposal.Left] = rightTaken[proposal.Right] = true;
                links.Add((proposal.Left, proposal.Right));
            }
        }

        return links;
    }

    private static PairCounts Score(List<(int Left, int Right)> links, IReadOnlyList<FebrlRecord> left, IReadOnlyList<FebrlRecord> right)
    {
        var truePositives = links.Count(l => left[l.Left].Person == right[l.Right].Person);
        var truePairs = TruePairs(left, right);
        return new PairCounts(truePositives, links.Count - truePositives, checked((int)(truePairs - truePositives)));
    }

    /// <summary>The number of (left, right) pairs naming the same person.</summary>
    private static long TruePairs(IReadOnlyList<FebrlRecord> left, IReadOnlyList<FebrlRecord> right)
    {
        var rightByPerson = right.CountBy(r => r.Person).ToDictionary();
        return left.Sum(l => (long)rightByPerson.GetValueOrDefault(l.Person));
    }

    private static (long CandidatePairs, int TrueCandidatePairs) MeasureBlocking(
        SecondaryKeyIndex index, PartyRecord[] leftParties, IReadOnlyList<FebrlRecord> left, IReadOnlyList<FebrlRecord> right)
    {
        var candidatePairs = new int[left.Count];
        var trueCandidatePairs = new int[left.Count];
        Parallel.For(0, left.Count, i =>
        {
            var candidates = index.Candidates(leftParties[i]);
            candidatePairs[i] = candidates.Count;
            trueCandidatePairs[i] = candidates.Count(c => right[c].Person == left[i].Person);
        });
        return (candidatePairs.Sum(c => (long)c), trueCandidatePairs.Sum());
    }

    private readonly record struct Proposal(int Left, int Right, double Score);
}
