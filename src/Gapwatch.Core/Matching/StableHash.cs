namespace Gapwatch.Matching;

/// <summary>
/// 64-bit FNV-1a over blocking-key text. Stable across processes, so candidate sets are
/// reproducible; a collision only adds a candidate, it never loses one.
/// </summary>
internal struct StableHash
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private ulong value;

    public static StableHash Start(int pass)
    {
        var hash = new StableHash { value = OffsetBasis };
        hash.Add((char)pass);
        return hash;
    }

    public readonly ulong Value => value;

    public void Add(char c)
    {
        value = unchecked((value ^ (c & 0xFFu)) * Prime);
        value = unchecked((value ^ (uint)(c >> 8)) * Prime);
    }

    public void Add(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            Add(c);
        }

        // A separator, so ("ab", "c") and ("a", "bc") differ.
        Add('\u001F');
    }
}
