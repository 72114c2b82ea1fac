namespace Gapwatch.Matching;

/// <summary>
/// American Soundex: the first letter and three digits for the consonant sounds that follow, so
/// that "Smith" and "Smyth" block together. Only a blocking key, never a comparator.
/// </summary>
internal static class Phonetic
{
    public const int SoundexLength = 4;

    //                                            abcdefghijklmnopqrstuvwxyz
    private static ReadOnlySpan<byte> Codes => "01230120022455012623010202"u8;

    /// <summary>Writes the code of a folded word into <paramref name="destination"/> and returns its length (0 when the word has no letter).</summary>
    public static int Soundex(ReadOnlySpan<char> word, Span<char> destination)
    {
        var written = 0;
        var previous = '\0';
        foreach (var c in word)
        {
            if (c is < 'a' or > 'z')
            {
                continue;
            }

            var code = (char)Codes[c - 'a'];
            if (written == 0)
            {
                destination[written++] = c;
            }
            else if (code != '0' && code != previous && written < SoundexLength)
            {
                destination[written++] = code;
            }

            // H and W do not separate equal codes; vowels do.
            if (c is not 'h' and not 'w')
            {
                previous = code;
            }
        }

        if (written == 0)
        {
            return 0;
        }

        destination[written..SoundexLength].Fill('0');
        return SoundexLength;
    }
}
