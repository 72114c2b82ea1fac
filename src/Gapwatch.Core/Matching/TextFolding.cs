using System.Text;

namespace Gapwatch.Matching;

/// <summary>
/// Folds free text (names, streets, localities) to lower-case ASCII words separated by single
/// spaces, so that comparators see the same spelling whatever the source's punctuation and accents.
/// </summary>
internal static class TextFolding
{
    /// <summary>Accented Latin letters folded by a fixed table: the build runs with invariant globalization, so Unicode decomposition is not relied on.</summary>
    private static readonly Dictionary<char, string> Accents = BuildAccentTable();

    /// <summary>
    /// Lower-cases, folds accents, turns <c>&amp;</c> into "and", drops apostrophes and dots (so
    /// "O'Brien" is "obrien" and "S.A." is "sa") and turns every other non-alphanumeric into a space.
    /// Returns null when nothing alphanumeric is left.
    /// </summary>
    public static string? Fold(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var builder = new StringBuilder(value.Length);
        foreach (var raw in value)
        {
            AppendFolded(builder, char.ToLowerInvariant(raw));
        }

        return Collapse(builder);
    }

    /// <summary>Splits folded text into its words; folded text has single spaces only.</summary>
    public static string[] Words(string? folded) =>
        folded is null ? [] : folded.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private static void AppendFolded(StringBuilder builder, char c)
    {
        if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
        {
            builder.Append(c);
        }
        else if (c == '&')
        {
            builder.Append(" and ");
        }
        else if (c is '\'' or '\u2019' or '.')
        {
            // Joined, not split: "O'Brien" and "S.A." are single words.
        }
        else if (Accents.TryGetValue(c, out var folded))
        {
            builder.Append(folded);
        }
        else if (char.IsLetterOrDigit(c))
        {
            builder.Append(c);
        }
        else
        {
            builder.Append(' ');
        }
    }

    private static string? Collapse(StringBuilder builder)
    {
        var words = builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? null : string.Join(' ', words);
    }

    private static Dictionary<char, string> BuildAccentTable()
    {
        var table = new Dictionary<char, string>();
        void Add(string letters, string folded)
        {
            foreach (var letter in letters)
            {
                table[letter] = folded;
            }
        }

        Add("àáâãäåāăą", "a");
        Add("çćĉċč", "c");
        Add("ďđ", "d");
        Add("èéêëēĕėęě", "e");
        Add("ĝğġģ", "g");
        Add("ìíîïĩīĭįı", "i");
        Add("ķ", "k");
        Add("ĺļľŀł", "l");
        Add("ñńņňŉ", "n");
        Add("òóôõöøōŏő", "o");
        Add("ŕŗř", "r");
        Add("śŝşš", "s");
        Add("ţťŧ", "t");
        Add("ùúûüũūŭůűų", "u");
        Add("ýÿŷ", "y");
        Add("źżž", "z");
        Add("æ", "ae");
        Add("œ", "oe");
        Add("ß", "ss");
        Add("þ", "th");
        Add("ð", "d");
        return table;
    }
}
