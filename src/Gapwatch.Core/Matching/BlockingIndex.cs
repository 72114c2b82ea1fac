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
        var neighbourhoodKeys = new Func<PreparedParty, string?>[] { NeighbourhoodKeys.SortedName, NeighbourhoodKeys.ReversedName, NeighbourhoodKeys.Address };
        neighbourhoods = new SortedNeighbourhood[neighbourhoodKeys.Length];
        Dictionary<ulong, (int Start, int Count)>? builtBlocks = null;
        int[]? builtPostings = null;
        if (records.Length < 4_096)
        {
            (builtBlocks, builtPostings) = BuildBlocks(records, options.MaximumBlockSize);
            for (var i = 0; i < neighbourhoods.Length; i++)
            {
                neighbourhoods[i] = new SortedNeighbourhood(records, neighbourhoodKeys[i], options.SortedNeighbourhoodWindow);
            }
        }
        else
        {
            // Four independent structures over read-only records: built side by side.
            Parallel.For(0, neighbourhoodKeys.Length + 1, i =>
            {
                if (i == neighbourhoodKeys.Length)
                {
                    (builtBlocks, builtPostings) = BuildBlocks(records, options.MaximumBlockSize);
                }
                else
                {
                    neighbourhoods[i] = new SortedNeighbourhood(records, neighbourhoodKeys[i], options.SortedNeighbourhoodWindow);
                }
            });
        }

        blocks = builtBlocks!;
        postings = builtPostings!;
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

    /// <summary>
    /// Each record's distinct keys in one flat array (written order kept); blocks in order of first
    /// appearance, postings in record order; blocks above the size limit are dropped.
    /// </summary>
    private static (Dictionary<ulong, (int Start, int Count)> Blocks, int[] Postings) BuildBlocks(PreparedParty[] records, int maximumBlockSize)
    {
        var keyStart = new int[records.Length + 1];
        var flat = new List<ulong>(records.Length);
        Span<ulong> buffer = stackalloc ulong[BlockingKeys.MaximumKeys];
        for (var i = 0; i < records.Length; i++)
        {
            var count = BlockingKeys.Write(records[i], buffer);
            for (var k = 0; k < count; k++)
            {
                if (!buffer[..k].Contains(buffer[k]))
                {
                    flat.Add(buffer[k]);
                }
            }

            keyStart[i + 1] = flat.Count;
        }

        var sizes = new Dictionary<ulong, int>();
        foreach (var key in flat)
        {
            sizes[key] = sizes.GetValueOrDefault(key) + 1;
        }

        var blocks = new Dictionary<ulong, (int Start, int Count)>();
        var next = 0;
        foreach (var (key, size) in sizes)
        {
            if (size <= maximumBlockSize && size > 0)
            {
                blocks[key] = (next, 0);
                next += size;
            }
        }

        var postings = new int[next];
        for (var record = 0; record < records.Length; record++)
        {
            for (var k = keyStart[record]; k < keyStart[record + 1]; k++)
            {
                var key = flat[k];
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
