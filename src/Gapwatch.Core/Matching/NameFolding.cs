namespace Gapwatch.Matching;

/// <summary>
/// Word-level rules for party names: legal forms folded to one canonical word, honorifics dropped.
/// Works on text already folded by <see cref="TextFolding"/>.
/// </summary>
internal static class NameFolding
{
    /// <summary>Legal forms and their canonical word: "Ltd" and "Limited" are the same company.</summary>
    private static readonly Dictionary<string, string> LegalForms = new(StringComparer.Ordinal)
    {
        ["ltd"] = "limited", ["limited"] = "limited",
        ["inc"] = "incorporated", ["incorporated"] = "incorporated",
        ["corp"] = "corporation", ["corporation"] = "corporation",
        ["co"] = "company", ["company"] = "company",
        ["pty"] = "pty", ["proprietary"] = "pty",
        ["llc"] = "llc", ["llp"] = "llp", ["lp"] = "lp", ["plc"] = "plc",
        ["gmbh"] = "gmbh", ["ag"] = "ag", ["kg"] = "kg",
        ["sa"] = "sa", ["sarl"] = "sarl", ["sas"] = "sas", ["srl"] = "srl", ["spa"] = "spa",
        ["bv"] = "bv", ["nv"] = "nv", ["ab"] = "ab", ["oy"] = "oy",
    };

    private static readonly HashSet<string> Honorifics = new(StringComparer.Ordinal)
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "the",
    };

    private static readonly HashSet<string> GenerationSuffixes = new(StringComparer.Ordinal) { "jr", "sr", "ii", "iii" };

    /// <summary>
    /// Folds the trailing run of legal-form words to their canonical word. Only the tail is folded:
    /// "Co" inside "Co-operative Group" is part of the name, "Co" in "Smith &amp; Co Ltd" is a legal form.
    /// </summary>
    public static string[] FoldLegalForms(string[] words)
    {
        var folded = (string[])words.Clone();
        for (var i = folded.Length - 1; i > 0 && LegalForms.TryGetValue(folded[i], out var canonical); i--)
        {
            folded[i] = canonical;
        }

        return folded;
    }

    /// <summary>The words of a name without its trailing legal forms, when something else remains.</summary>
    public static ArraySegment<string> WithoutLegalForms(string[] words)
    {
        var end = words.Length;
        while (end > 1 && LegalForms.ContainsKey(words[end - 1]))
        {
            end--;
        }

        // "Smith & Co" keeps "smith", not "smith and".
        if (end < words.Length && end > 1 && words[end - 1] == "and")
        {
            end--;
        }

        return new ArraySegment<string>(words, 0, end);
    }

    /// <summary>The words of a person's name without leading honorifics and trailing "Jr"/"Sr", when something else remains.</summary>
    public static ArraySegment<string> WithoutHonorifics(ArraySegment<string> words)
    {
        var start = 0;
        var end = words.Count;
        while (end - start > 1 && Honorifics.Contains(words[start]))
        {
            start++;
        }

        while (end - start > 1 && GenerationSuffixes.Contains(words[end - 1]))
        {
            end--;
        }

        return words.Slice(start, end - start);
    }
}
