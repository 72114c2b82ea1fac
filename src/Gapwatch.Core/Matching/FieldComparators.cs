namespace Gapwatch.Matching;

/// <summary>The similarity (0–1) of one field of two prepared parties; both sides present.</summary>
internal static class FieldComparators
{
    /// <summary>
    /// The best of three views of a name, so that each common corruption costs little: typing slips
    /// (whole-string Jaro–Winkler), given and family name swapped (words sorted), and a word missing
    /// or replaced on one side (word-by-word).
    /// </summary>
    public static double Name(PreparedParty first, PreparedParty second)
    {
        var whole = JaroWinkler.Similarity(first.Name, second.Name);
        var sorted = JaroWinkler.Similarity(first.SortedName, second.SortedName);
        var words = WordSets(first.NameWords, second.NameWords);
        return Math.Max(whole, Math.Max(sorted, words));
    }

    /// <summary>Codes (postcodes) are equal, one keying slip apart, or different.</summary>
    public static double Code(string first, string second, double oneEditSimilarity)
    {
        if (string.Equals(first, second, StringComparison.Ordinal))
        {
            return 1.0;
        }

        return EditDistance.Between(first, second) == 1 ? oneEditSimilarity : 0.0;
    }

    /// <summary>
    /// House numbers and street words are compared apart: "8 Stanley Street" and "18 Stanley Street"
    /// are different houses however alike the text. Numbers weigh a quarter when both sides have them.
    /// </summary>
    public static double Street(PreparedParty first, PreparedParty second)
    {
        var hasWords = first.StreetWords.Length > 0 && second.StreetWords.Length > 0;
        var hasNumbers = first.StreetNumbers is not null && second.StreetNumbers is not null;
        var words = hasWords ? WordSets(first.StreetWords, second.StreetWords) : double.NaN;
        var numbers = hasNumbers ? Code(first.StreetNumbers!, second.StreetNumbers!, 0.5) : double.NaN;
        return (hasWords, hasNumbers) switch
        {
            (true, true) => (0.75 * words) + (0.25 * numbers),
            (true, false) => words,
            (false, true) => numbers,
            _ => 0.0,
        };
    }

    /// <summary>
    /// Symmetric Monge–Elkan: each word takes its best Jaro–Winkler partner on the other side, and
    /// the two directions' means are averaged, so a missing word costs half of its share.
    /// </summary>
    public static double WordSets(string[] first, string[] second) =>
        (BestPartnerMean(first, second) + BestPartnerMean(second, first)) / 2.0;

    private static double BestPartnerMean(string[] from, string[] to)
    {
        var total = 0.0;
        foreach (var word in from)
        {
            var best = 0.0;
            foreach (var other in to)
            {
                best = Math.Max(best, JaroWinkler.Similarity(word, other));
            }

            total += best;
        }

        return total / from.Length;
    }
}
