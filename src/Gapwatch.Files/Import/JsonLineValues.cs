using System.Text.Json;

namespace Gapwatch.Files.Import;

/// <summary>Turns one JSON Lines object into the same field texts a CSV row gives.</summary>
internal static class JsonLineValues
{
    public static Dictionary<string, string?> Parse(string text, string file, int line, KindSchema schema, ErrorSink errors)
    {
        using var document = JsonDocument.Parse(text);
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ImportError(file, line, null, $"is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()} (expected an object)"));
            return values;
        }

        var valid = true;
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!schema.Knows(property.Name))
            {
                errors.Add(new ImportError(file, line, property.Name, $"unknown field (expected fields: {string.Join(", ", schema.Columns.Select(c => c.Name))})"));
                valid = false;
                continue;
            }

            var (value, ok) = Text(property.Value);
            if (!ok)
            {
                errors.Add(new ImportError(file, line, property.Name, $"is a JSON {property.Value.ValueKind.ToString().ToLowerInvariant()} (expected a string, number, boolean or null)"));
                valid = false;
                continue;
            }

            values[property.Name] = value;
        }

        return valid ? values : [];
    }

    private static (string? Value, bool Ok) Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => (element.GetString(), true),
        JsonValueKind.Number => (element.GetRawText(), true),
        JsonValueKind.True => ("true", true),
        JsonValueKind.False => ("false", true),
        JsonValueKind.Null => (null, true),
        JsonValueKind.Array when element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String) =>
            (string.Join(';', element.EnumerateArray().Select(e => e.GetString())), true),
        _ => (null, false),
    };
}
