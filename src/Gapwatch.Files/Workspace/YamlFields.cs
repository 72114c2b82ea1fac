using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Gapwatch.Files.Workspace;

/// <summary>
/// Reads typed values out of a YAML mapping, collecting every problem with its key path and
/// position instead of stopping at the first.
/// </summary>
internal sealed class YamlFields(string file, List<string> problems)
{
    public YamlMappingNode? Mapping(YamlMappingNode parent, string path, string key, IReadOnlyCollection<string> allowedKeys)
    {
        if (Find(parent, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode mapping)
        {
            Problem(node, Join(path, key), "expected a mapping of keys", Describe(node));
            return null;
        }

        UnknownKeys(mapping, Join(path, key), allowedKeys);
        return mapping;
    }

    public void UnknownKeys(YamlMappingNode mapping, string path, IReadOnlyCollection<string> allowed)
    {
        foreach (var entry in mapping.Children)
        {
            var name = (entry.Key as YamlScalarNode)?.Value ?? "?";
            if (!allowed.Contains(name))
            {
                Problem(entry.Key, Join(path, name), $"unknown key (allowed here: {string.Join(", ", allowed)})", null);
            }
        }
    }

    public string? Text(YamlMappingNode parent, string path, string key, bool required = false)
    {
        var node = Find(parent, key);
        if (node is null)
        {
            if (required)
            {
                problems.Add($"{file}: {Join(path, key)}: is required");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            return Problem<string?>(node, Join(path, key), "expected text", Describe(node));
        }

        if (IsNull(node))
        {
            return required ? Problem<string?>(node, Join(path, key), "expected text", "nothing") : null;
        }

        return scalar.Value;
    }

    public int? WholeNumber(YamlMappingNode parent, string path, string key, int min, int max, bool nullable = false)
    {
        if (Find(parent, key) is not { } node || (nullable && IsNull(node)))
        {
            return null;
        }

        return node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : Problem<int?>(node, Join(path, key), $"expected a whole number from {min} to {max}", Describe(node));
    }

    public decimal? Amount(YamlMappingNode parent, string path, string key)
    {
        if (Find(parent, key) is not { } node)
        {
            return null;
        }

        return node is YamlScalarNode { Value: { } text } && decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : Problem<decimal?>(node, Join(path, key), "expected an amount of zero or more, with '.' as decimal separator", Describe(node));
    }

    public double? Fraction(YamlMappingNode parent, string path, string key)
    {
        if (Find(parent, key) is not { } node)
        {
            return null;
        }

        return node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 1
            ? value
            : Problem<double?>(node, Join(path, key), "expected a number above 0 and at most 1", Describe(node));
    }

    public bool? Bool(YamlMappingNode parent, string path, string key)
    {
        if (Find(parent, key) is not { } node)
        {
            return null;
        }

        return node is YamlScalarNode { Value: "true" or "false" } scalar
            ? scalar.Value == "true"
            : Problem<bool?>(node, Join(path, key), "expected true or false", Describe(node));
    }

    public IReadOnlyList<string>? List(YamlMappingNode parent, string path, string key)
    {
        if (Find(parent, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlSequenceNode sequence || sequence.Children.Any(c => c is not YamlScalarNode))
        {
            return Problem<IReadOnlyList<string>?>(node, Join(path, key), "expected a list such as [a, b]", Describe(node));
        }

        return [.. sequence.Children.Cast<YamlScalarNode>().Select(c => c.Value ?? "")];
    }

    public IReadOnlyDictionary<string, string>? Map(YamlMappingNode parent, string path, string key)
    {
        if (Find(parent, key) is not { } node)
        {
            return null;
        }

        if (node is not YamlMappingNode mapping || mapping.Children.Any(c => c.Key is not YamlScalarNode || c.Value is not YamlScalarNode))
        {
            return Problem<IReadOnlyDictionary<string, string>?>(node, Join(path, key), "expected a mapping of text to text", Describe(node));
        }

        return mapping.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value ?? "", c => ((YamlScalarNode)c.Value).Value ?? "", StringComparer.Ordinal);
    }

    public void Problem(YamlNode node, string path, string expected, string? actual) =>
        problems.Add($"{file}: {path}: {expected}{(actual is null ? "" : $", got {actual}")} (line {node.Start.Line}, column {node.Start.Column})");

    public static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static YamlNode? Find(YamlMappingNode parent, string key) =>
        parent.Children.TryGetValue(new YamlScalarNode(key), out var node) ? node : null;

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not YamlDotNet.Core.ScalarStyle.DoubleQuoted and not YamlDotNet.Core.ScalarStyle.SingleQuoted, Value: null or "" or "null" or "~" };

    private T Problem<T>(YamlNode node, string path, string expected, string actual)
    {
        Problem(node, path, expected, actual);
        return default!;
    }

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode scalar => $"'{scalar.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => "something else",
    };
}
