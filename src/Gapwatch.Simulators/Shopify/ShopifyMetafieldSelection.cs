using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Gapwatch.Simulators.Shopify;

/// <summary>
/// The one part of a selection set the simulator evaluates: <c>alias: metafield(namespace: "…", key: "…") { value }</c>.
/// Which metafield a shop keeps a value in is the merchant's choice and the query names it, so a stored
/// object keeps all its metafields (<c>metafields: [{namespace, key, value}]</c>, not served as such)
/// and each answer carries, under the query's alias, the one asked for — or null, as Shopify answers
/// for a metafield the object does not have.
/// </summary>
internal static partial class ShopifyMetafieldSelection
{
    public const string StoredField = "metafields";

    /// <summary>A copy of <paramref name="stored"/> as the document asks for it.</summary>
    public static JsonObject Serve(JsonObject stored, string document)
    {
        var copy = (JsonObject)stored.DeepClone();
        if (copy[StoredField] is not JsonArray metafields)
        {
            return Resolve(copy, [], document);
        }

        copy.Remove(StoredField);
        return Resolve(copy, metafields, document);
    }

    private static JsonObject Resolve(JsonObject copy, JsonArray metafields, string document)
    {
        foreach (Match m in Aliased().Matches(document))
        {
            var (alias, ns, key) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value);
            var found = metafields.OfType<JsonObject>().FirstOrDefault(f => (string?)f["namespace"] == ns && (string?)f["key"] == key);
            copy[alias] = found is null ? null : new JsonObject { ["value"] = found["value"]?.DeepClone() };
        }

        return copy;
    }

    [GeneratedRegex("""(\w+)\s*:\s*metafield\(\s*namespace:\s*"([^"]*)"\s*,\s*key:\s*"([^"]*)"\s*\)""")]
    private static partial Regex Aliased();
}
