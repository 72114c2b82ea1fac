using System.Text.Json;

namespace Gapwatch.Connectors.DynamicsFo;

/// <summary>What <see cref="DmfExecutionErrorReader"/> made of one <c>GetExecutionErrors</c> answer: the error items, and the records it could not read (an excerpt of each).</summary>
internal sealed record DmfExecutionErrorList(IReadOnlyList<FoExecutionErrorItem> Items, IReadOnlyList<string> Unreadable, bool FellBack)
{
    public static DmfExecutionErrorList Empty { get; } = new([], [], false);
}

/// <summary>
/// Reads the <c>value</c> of <c>GetExecutionErrors</c>: a JSON array of
/// <c>{"RecordId","Field","ErrorMessage"}</c> sent as one string. F&amp;O has been seen to put
/// unescaped quotes and line breaks inside ErrorMessage, so a strict parse can fail part-way on a
/// large answer. The reader parses strictly first; when that fails it splits the text on the record
/// boundary <c>},{"RecordId"</c> and reads the three fields of each record by their markers. A
/// record it still cannot read is returned in <see cref="DmfExecutionErrorList.Unreadable"/>, so the
/// caller reports it: no record is ever dropped silently.
/// </summary>
internal static class DmfExecutionErrorReader
{
    private const string Boundary = "},{\"RecordId\"";
    private const int ExcerptLength = 160;
    private static readonly string[] Fields = ["RecordId", "Field", "ErrorMessage"];

    public static DmfExecutionErrorList Read(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return DmfExecutionErrorList.Empty;
        }

        try
        {
            // Read as property bags, so a RecordId sent as a number (verify) is read as its text.
            var strict = JsonSerializer.Deserialize(value, DynamicsFoJson.Default.ListDictionaryStringJsonElement);
            return new DmfExecutionErrorList([.. (strict ?? []).Select(Item)], [], false);
        }
        catch (JsonException)
        {
            // The known trap: an ErrorMessage with a raw quote or line break. Read record by record.
            return Fallback(value);
        }
    }

    private static DmfExecutionErrorList Fallback(string value)
    {
        var text = value.Trim();
        text = text.StartsWith('[') ? text[1..] : text;
        text = text.EndsWith(']') ? text[..^1] : text;
        text = text.Trim();
        var items = new List<FoExecutionErrorItem>();
        var unreadable = new List<string>();
        foreach (var chunk in Records(text))
        {
            if (Record(chunk) is { } item)
            {
                items.Add(item);
            }
            else
            {
                unreadable.Add(Excerpt(chunk));
            }
        }

        return new DmfExecutionErrorList(items, unreadable, true);
    }

    /// <summary>The record texts between the boundaries, each without its outer braces.</summary>
    private static IEnumerable<string> Records(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var cut = text.IndexOf(Boundary, start, StringComparison.Ordinal);
            var end = cut < 0 ? text.Length : cut;
            var chunk = text[start..end].Trim();
            // The first record keeps its opening brace and the last its closing one; the boundary took the others.
            chunk = chunk.StartsWith('{') ? chunk[1..] : chunk;
            chunk = cut < 0 && chunk.EndsWith('}') ? chunk[..^1] : chunk;
            if (chunk.Length > 0)
            {
                yield return chunk;
            }

            // The next record starts at its "RecordId" marker (after the "},{" of the boundary).
            start = cut < 0 ? text.Length : cut + 2;
        }
    }

    /// <summary>One record: strictly when it parses on its own, else by its field markers; null when even its markers are missing.</summary>
    private static FoExecutionErrorItem? Record(string chunk)
    {
        try
        {
            if (JsonSerializer.Deserialize("{" + chunk + "}", DynamicsFoJson.Default.DictionaryStringJsonElement) is { } strict)
            {
                return Item(strict);
            }
        }
        catch (JsonException)
        {
            // Read by markers below.
        }

        var markers = Fields
            .Select(f => (Field: f, At: chunk.IndexOf($"\"{f}\":\"", StringComparison.Ordinal)))
            .Where(m => m.At >= 0)
            .OrderBy(m => m.At)
            .ToList();
        if (!markers.Any(m => m.Field == "RecordId") || !markers.Any(m => m.Field == "ErrorMessage"))
        {
            return null;
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < markers.Count; i++)
        {
            var from = markers[i].At + markers[i].Field.Length + 4;
            // A value ends at the quote before the comma that precedes the next marker, or at the record's last quote.
            var to = chunk.LastIndexOf('"');
            if (i + 1 < markers.Count)
            {
                var comma = chunk.LastIndexOf(',', markers[i + 1].At - 1);
                to = comma > from ? chunk.LastIndexOf('"', comma - 1) : -1;
            }

            if (to < from)
            {
                return null;
            }

            values[markers[i].Field] = Unescape(chunk[from..to]);
        }

        return new FoExecutionErrorItem(values.GetValueOrDefault("RecordId"), values.GetValueOrDefault("Field"), values.GetValueOrDefault("ErrorMessage"));
    }

    private static FoExecutionErrorItem Item(Dictionary<string, JsonElement> record) =>
        new(Get(record, "RecordId"), Get(record, "Field"), Get(record, "ErrorMessage"));

    /// <summary>A field's text: a string as is, a number or other value as its JSON text, absent or null as null.</summary>
    private static string? Get(Dictionary<string, JsonElement> record, string field)
    {
        var value = record.FirstOrDefault(p => string.Equals(p.Key, field, StringComparison.OrdinalIgnoreCase)).Value;
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            _ => value.GetRawText(),
        };
    }

    /// <summary>JSON escapes decoded where they are valid; a raw quote or line break is kept as it is.</summary>
    private static string Unescape(string raw)
    {
        try
        {
            return JsonSerializer.Deserialize("\"" + raw + "\"", DynamicsFoJson.Default.String) ?? raw;
        }
        catch (JsonException)
        {
            return raw.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
        }
    }

    private static string Excerpt(string chunk)
    {
        var flat = string.Join(' ', chunk.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= ExcerptLength ? flat : flat[..ExcerptLength] + "…";
    }
}
