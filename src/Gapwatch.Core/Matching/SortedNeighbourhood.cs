namespace Gapwatch.Matching;

/// <summary>
/// One sorted-neighbourhood pass: records sorted by a key; a probe's candidates are the records
/// just before and after the place its own key would sort to. Unlike a block, a window never grows
/// with the data, and it tolerates slips late in the key.
/// </summary>
internal sealed class SortedNeighbourhood
{
    private readonly string[] keys;
    private readonly int[] records;
    private readonly Func<PreparedParty, string?> keyOf;
    private readonly int window;

    public SortedNeighbourhood(PreparedParty[] parties, Func<PreparedParty, string?> keyOf, int window)
    {
        this.keyOf = keyOf;
        this.window = window;
        // Keyed records sorted by key (ordinal), then by index: one pass, one sort, no per-record objects.
        var count = 0;
        var all = new string?[parties.Length];
        for (var i = 0; i < parties.Length; i++)
        {
            all[i] = keyOf(parties[i]);
            count += all[i] is null ? 0 : 1;
        }

        keys = new string[count];
        records = new int[count];
        var next = 0;
        for (var i = 0; i < parties.Length; i++)
        {
            if (all[i] is { } key)
            {
                keys[next] = key;
                records[next++] = i;
            }
        }

        // Indices ascend already, so a stable sort by key alone gives (key, index); Array.Sort is not
        // stable, hence the index as the second comparison.
        var order = records;
        var sortedKeys = keys;
        Array.Sort(order, (x, y) =>
        {
            var byKey = string.CompareOrdinal(all[x], all[y]);
            return byKey != 0 ? byKey : x.CompareTo(y);
        });
        for (var i = 0; i < order.Length; i++)
        {
            sortedKeys[i] = all[order[i]]!;
        }
    }

    public void Collect(PreparedParty probe, List<int> candidates)
    {
        var key = keyOf(probe);
        if (key is null || window == 0 || keys.Length == 0)
        {
            return;
        }

        var position = Array.BinarySearch(keys, key, StringComparer.Ordinal);
        var insertion = position >= 0 ? position : ~position;
        var start = Math.Max(0, insertion - window);
        var end = Math.Min(keys.Length, insertion + window + (position >= 0 ? 1 : 0));
        candidates.AddRange(records.AsSpan(start, end - start));
    }
}

/// <summary>The sort keys of the sorted-neighbourhood passes.</summary>
internal static class NeighbourhoodKeys
{
    /// <summary>Name words in order: swapped given and family names sort together.</summary>
    public static string? SortedName(PreparedParty party) => party.SortedName;

    /// <summary>The name spelt backwards, so a slip in the first letters still sorts near its original.</summary>
    public static string? ReversedName(PreparedParty party)
    {
        if (party.Name is null)
        {
            return null;
        }

        var letters = party.Name.ToCharArray();
        Array.Reverse(letters);
        return new string(letters);
    }

    /// <summary>Street words, then locality: a changed or missing name still finds the same address.</summary>
    public static string? Address(PreparedParty party) =>
        party.StreetWords.Length == 0 ? null : string.Join(' ', party.StreetWords) + "|" + party.Locality;
}
