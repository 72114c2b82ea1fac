namespace Gapwatch.Matching;

/// <summary>The exact-key blocking passes; a record and a probe are candidates when they share any key.</summary>
internal enum BlockingPass
{
    Postcode = 1,
    Phone = 2,
    NameWordPair = 3,
    NameWordLocality = 4,
    NameWordStreetNumber = 5,
    StreetNumberStreetWord = 6,
    NameWordPostcodeDistrict = 7,
}

/// <summary>
/// Writes the blocking keys of a prepared party as 64-bit hashes. Each pass pairs two pieces of
/// evidence, so a block stays small in a large customer master, and the passes overlap, so one
/// corrupted field seldom hides a true pair from all of them.
/// </summary>
internal static class BlockingKeys
{
    /// <summary>Keys per party are bounded: names with more words than this contribute their first words only.</summary>
    public const int MaximumKeys = 64;

    private const int MaximumNameWords = 4;

    public static int Write(PreparedParty party, Span<ulong> keys)
    {
        var writer = new KeyWriter(keys);
        writer.Add(BlockingPass.Postcode, party.Postcode);
        writer.Add(BlockingPass.Phone, party.Phone);
        Span<char> codes = stackalloc char[MaximumNameWords * Phonetic.SoundexLength];
        var count = NameCodes(party, codes);
        for (var i = 0; i < count; i++)
        {
            var code = codes.Slice(i * Phonetic.SoundexLength, Phonetic.SoundexLength);
            WriteNameWordKeys(ref writer, party, code, codes, i, count);
        }

        writer.Add(BlockingPass.StreetNumberStreetWord, party.StreetNumbers, First(party.StreetWords));
        return writer.Count;
    }

    private static void WriteNameWordKeys(ref KeyWriter writer, PreparedParty party, scoped ReadOnlySpan<char> code, scoped ReadOnlySpan<char> codes, int index, int count)
    {
        // Pairs are written once, in code order, so "john smith" and "smith john" share the key.
        for (var j = 0; j < count; j++)
        {
            var other = codes.Slice(j * Phonetic.SoundexLength, Phonetic.SoundexLength);
            if (j != index && code.SequenceCompareTo(other) < 0)
            {
                writer.Add(BlockingPass.NameWordPair, code, other);
            }
        }

        writer.Add(BlockingPass.NameWordLocality, code, party.Locality);
        writer.Add(BlockingPass.NameWordStreetNumber, code, party.StreetNumbers);
        writer.Add(BlockingPass.NameWordPostcodeDistrict, code, District(party.Postcode));
    }

    /// <summary>The Soundex codes of the first name words, four characters each.</summary>
    private static int NameCodes(PreparedParty party, Span<char> codes)
    {
        var count = 0;
        foreach (var word in party.NameWords)
        {
            if (count == MaximumNameWords)
            {
                break;
            }

            if (word.Length >= 2 && Phonetic.Soundex(word, codes[(count * Phonetic.SoundexLength)..]) > 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The postcode without its last two characters: a postal district, robust to a slip at the end.</summary>
    private static ReadOnlySpan<char> District(string? postcode) => postcode is { Length: > 3 } ? postcode.AsSpan(0, postcode.Length - 2) : default;

    private static ReadOnlySpan<char> First(string[] words) => words.Length == 0 ? default : words[0];

    private ref struct KeyWriter(Span<ulong> keys)
    {
        private readonly Span<ulong> keys = keys;

        public int Count { get; private set; }

        public void Add(BlockingPass pass, scoped ReadOnlySpan<char> first) => Add(pass, first, "-");

        /// <summary>Both parts must be present: a half-empty compound key would gather every party missing the same field.</summary>
        public void Add(BlockingPass pass, scoped ReadOnlySpan<char> first, scoped ReadOnlySpan<char> second)
        {
            if (first.IsEmpty || second.IsEmpty || Count == keys.Length)
            {
                return;
            }

            var hash = StableHash.Start((int)pass);
            hash.Add(first);
            hash.Add(second);
            keys[Count++] = hash.Value;
        }
    }
}
