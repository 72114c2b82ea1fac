namespace Gapwatch.Matching;

/// <summary>
/// Jaro–Winkler similarity (Winkler 1990): 1 for equal strings, 0 for strings with no common
/// character in reach; a shared prefix of up to four characters raises the Jaro score when it is
/// already above 0.7. Ordinal and case-sensitive: compare normalised text.
/// </summary>
public static class JaroWinkler
{
    /// <summary>Winkler's standard scaling of the common-prefix bonus.</summary>
    public const double PrefixScale = 0.1;

    /// <summary>Winkler applies the prefix bonus only to pairs already this similar.</summary>
    public const double BoostThreshold = 0.7;

    private const int MaximumPrefix = 4;

    /// <summary>Longer strings use pooled buffers instead of the stack.</summary>
    private const int StackLimit = 256;

    public static double Similarity(string? first, string? second) =>
        Similarity((first ?? "").AsSpan(), (second ?? "").AsSpan());

    public static double Similarity(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        if (first.SequenceEqual(second))
        {
            return 1.0;
        }

        if (first.IsEmpty || second.IsEmpty)
        {
            return 0.0;
        }

        var jaro = Jaro(first, second);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }

        var prefix = first.CommonPrefixLength(second);
        return jaro + (Math.Min(prefix, MaximumPrefix) * PrefixScale * (1.0 - jaro));
    }

    /// <summary>The Jaro similarity of two non-empty strings.</summary>
    internal static double Jaro(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
    {
        var total = first.Length + second.Length;
        bool[]? rented = null;
        var flags = total <= StackLimit
            ? stackalloc bool[total]
            : (rented = System.Buffers.ArrayPool<bool>.Shared.Rent(total)).AsSpan(0, total);
        flags.Clear();
        try
        {
            return Jaro(first, second, flags[..first.Length], flags[first.Length..]);
        }
        finally
        {
            if (rented is not null)
            {
                System.Buffers.ArrayPool<bool>.Shared.Return(rented);
            }
        }
    }

    private static double Jaro(ReadOnlySpan<char> first, ReadOnlySpan<char> second, Span<bool> firstMatched, Span<bool> secondMatched)
    {
        var matches = CountMatches(first, second, firstMatched, secondMatched);
        if (matches == 0)
        {
            return 0.0;
        }

        var transpositions = CountHalfTranspositions(first, second, firstMatched, secondMatched) / 2;
        double m = matches;
        return ((m / first.Length) + (m / second.Length) + ((m - transpositions) / m)) / 3.0;
    }

    /// <summary>Characters count as matching when equal and no further apart than half the longer length, less one.</summary>
    private static int CountMatches(ReadOnlySpan<char> first, ReadOnlySpan<char> second, Span<bool> firstMatched, Span<bool> secondMatched)
    {
        var window = Math.Max(0, (Math.Max(first.Length, second.Length) / 2) - 1);
        var matches = 0;
        for (var i = 0; i < first.Length; i++)
        {
            var end = Math.Min(i + window + 1, second.Length);
            for (var j = Math.Max(0, i - window); j < end; j++)
            {
                if (!secondMatched[j] && first[i] == second[j])
                {
                    firstMatched[i] = true;
                    secondMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }

        return matches;
    }

    private static int CountHalfTranspositions(ReadOnlySpan<char> first, ReadOnlySpan<char> second, Span<bool> firstMatched, Span<bool> secondMatched)
    {
        var half = 0;
        var j = 0;
        for (var i = 0; i < first.Length; i++)
        {
            if (!firstMatched[i])
            {
                continue;
            }

            while (!secondMatched[j])
            {
                j++;
            }

            if (first[i] != second[j])
            {
                half++;
            }

            j++;
        }

        return half;
    }
}
