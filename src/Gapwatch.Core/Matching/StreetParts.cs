namespace Gapwatch.Matching;

/// <summary>A street line split into its words and its numbers, which are compared differently.</summary>
internal readonly record struct StreetParts(string[] Words, string? Numbers)
{
    /// <summary>Common abbreviations of street types, spelt out so "Stanley St" and "Stanley Street" agree.</summary>
    private static readonly Dictionary<string, string> StreetTypes = new(StringComparer.Ordinal)
    {
        ["st"] = "street", ["rd"] = "road", ["ave"] = "avenue", ["av"] = "avenue", ["dr"] = "drive",
        ["ln"] = "lane", ["pl"] = "place", ["cres"] = "crescent", ["cr"] = "crescent", ["ct"] = "court",
        ["hwy"] = "highway", ["pde"] = "parade", ["cct"] = "circuit", ["tce"] = "terrace",
        ["blvd"] = "boulevard", ["sq"] = "square", ["cl"] = "close", ["gr"] = "grove",
    };

    public static StreetParts Of(string? street)
    {
        if (string.IsNullOrWhiteSpace(street))
        {
            return new StreetParts([], null); // what folding an empty line gives, without the lists
        }

        var words = new List<string>();
        var numbers = new List<string>();
        foreach (var word in TextFolding.Words(TextFolding.Fold(street)))
        {
            if (word.Any(char.IsAsciiDigit))
            {
                numbers.Add(word);
            }
            else
            {
                // Not the first word: "St Kilda Road" names a saint, "Kilda St" a street.
                words.Add(words.Count > 0 && StreetTypes.TryGetValue(word, out var spelt) ? spelt : word);
            }
        }

        return new StreetParts([.. words], numbers.Count == 0 ? null : string.Join(' ', numbers));
    }
}
