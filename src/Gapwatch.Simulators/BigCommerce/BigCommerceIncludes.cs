using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.BigCommerce;

/// <summary>
/// v2 orders' optional sub-resources: a stored order keeps its consignments
/// (<c>{"shipping":[…],"pickups":[…],…}</c>) and an answer carries them only when asked with
/// <c>include=consignments</c> — as that object with <c>consignment_structure=object</c>, else in the
/// legacy form, an array holding it.
/// </summary>
internal static class BigCommerceIncludes
{
    public const string Consignments = "consignments";

    public static JsonNode Serve(JsonObject stored, IQueryCollection query)
    {
        var copy = (JsonObject)stored.DeepClone();
        if (copy[Consignments] is not JsonObject consignments)
        {
            return copy;
        }

        var included = query["include"].ToString().Split(',').Any(i => i.Trim() is Consignments or "consignments.line_items");
        if (!included)
        {
            copy.Remove(Consignments);
            return copy;
        }

        if (query["consignment_structure"] != "object")
        {
            copy[Consignments] = new JsonArray(consignments.DeepClone());
        }

        return copy;
    }
}
