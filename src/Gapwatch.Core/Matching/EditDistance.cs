namespace Gapwatch.Matching;

/// <summary>
/// Optimal-string-alignment distance: insertions, deletions, substitutions and transpositions of
/// adjacent characters each cost one. Used on short codes (postcodes, house numbers), where a
/// single keying slip is the common error.
/// </summary>
internal static class EditDistance
{
    /// <summary>Codes longer than this are not compared character by character; they count as far apart.</summary>
    public const int MaximumLength = 32;

    public static int Between(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        if (first.Length > MaximumLength || second.Length > MaximumLength)
        {
            return Math.Max(first.Length, second.Length);
        }

        var width = second.Length + 1;
        Span<int> previous = stackalloc int[width];
        Span<int> current = stackalloc int[width];
        Span<int> beforePrevious = stackalloc int[width];
        for (var j = 0; j < width; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= first.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j < width; j++)
            {
                current[j] = Cell(first, second, i, j, current, previous, beforePrevious);
            }

            var recycled = beforePrevious;
            beforePrevious = previous;
            previous = current;
            current = recycled;
        }

        return previous[second.Length];
    }

    private static int Cell(ReadOnlySpan<char> first, ReadOnlySpan<char> second, int i, int j, Span<int> current, Span<int> previous, Span<int> beforePrevious)
    {
        var cost = first[i - 1] == second[j - 1] ? 0 : 1;
        var best = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
        if (i > 1 && j > 1 && first[i - 1] == second[j - 2] && first[i - 2] == second[j - 1])
        {
            best = Math.Min(best, beforePrevious[j - 2] + 1);
        }

        return best;
    }
}
