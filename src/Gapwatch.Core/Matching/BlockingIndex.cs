namespace Gapwatch.Matching;

/// <summary>
/// The candidate generator: exact-key blocks (<see cref="BlockingKeys"/>) in one flat postings
/// array, plus sorted-neighbourhood passes. Built once; read-only afterwards, so concurrent probes are safe.
/// </summary>
internal sealed class BlockingIndex
{
    private readonly Dictionary<ulong, (int Start, int Count)> blocks;
    private readonly int[] postings;
    private readonly SortedNeighbourhood[] neighbourhoods;

    public BlockingIndex(PreparedParty[] records, SecondaryKeyOptions options)
    {
        var keys = KeysOf(records);
        (blocks, postings) = BuildBlocks(keys, options.MaximumBlockSize);
        neighbourhoods =
        [
            new SortedNeighbourhood(records, NeighbourhoodKeys.SortedName, options.SortedNeighbourhoodWindow),
            new SortedNeighbourhood(records, NeighbourhoodKeys.ReversedName, options.SortedNeighbourhoodWindow),
            new SortedNeighbourhood(records, NeighbourhoodKeys.Address, options.SortedNeighbourhoodWindow),
        ];
    }

    /// <summary>Adds the indices of every record sharing a block or a neighbourhood with the probe (unsorted, may repeat).</summary>
    public void Collect(PreparedParty probe, List<int> candidates)
    {
        Span<ulong> keys = stackalloc ulong[BlockingKeys.MaximumKeys];
        var count = BlockingKeys.Write(probe, keys);
        foreach (var key in keys[..count])
        {
            if (blocks.TryGetValue(key, out var block))
            {
                candidates.AddRange(postings.AsSpan(block.Start, block.Count));
            }
        }

        foreach (var neighbourhood in neighbourhoods)
        {
            neighbourhood.Collect(probe, candidates);
        }
    }

    private static ulong[][] KeysOf(PreparedParty[] records)
    {
        var all = new ulong[records.Length][];
        Span<ulong> buffer = stackalloc ulong[BlockingKeys.MaximumKeys];
        for (var i = 0; i < records.Length; i++)
        {
            all[i] = buffer[..BlockingKeys.Write(records[i], buffer)].ToArray();
        }

        return all;
    }

    /// <summary>Counts first, then fills one flat array; blocks above the size limit are dropped.</summary>
    private static (Dictionary<ulong, (int Start, int Count)> Blocks, int[] Postings) BuildBlocks(ulong[][] keys, int maximumBlockSize)
    {
        var sizes = new Dictionary<ulong, int>();
        foreach (var key in keys.SelectMany(k => k.Distinct()))
        {
            sizes[key] = sizes.GetValueOrDefault(key) + 1;
        }

        var blocks = new Dictionary<ulong, (int Start, int Count)>();
        var next = 0;
        foreach (var (key, size) in sizes.Where(s => s.Value <= maximumBlockSize && s.Value > 0))
        {
            blocks[key] = (next, 0);
            next += size;
        }

        var postings = new int[next];
        for (var record = 0; record < keys.Length; record++)
        {
            foreach (var key in keys[record].Distinct())
            {
                if (blocks.TryGetValue(key, out var block))
                {
                    postings[block.Start + block.Count] = record;
                    blocks[key] = (block.Start, block.Count + 1);
                }
            }
        }

        return (blocks, postings);
    }
}
