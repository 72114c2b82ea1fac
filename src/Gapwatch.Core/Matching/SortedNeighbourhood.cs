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
        var keyed = parties
            .Select((party, index) => (Key: keyOf(party), Index: index))
            .Where(k => k.Key is not null)
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .ThenBy(k => k.Index)
            .ToArray();
        keys = [.. keyed.Select(k => k.Key!)];
        records = [.. keyed.Select(k => k.Index)];
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
