using System.Globalization;

namespace Gapwatch.Connectors.OData;

/// <summary>Builds the first page's query of an entity set; values are escaped, absent ones left out.</summary>
public static class ODataQuery
{
    public static string Build(string entitySet, params (string Name, string? Value)[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
        return query.Length == 0 ? entitySet : entitySet + "?" + query;
    }

    /// <summary>An OData v4 <c>Edm.DateTimeOffset</c> literal in UTC (unquoted), to the millisecond.</summary>
    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An OData string literal: quoted, a quote doubled.</summary>
    public static string Text(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
    }

    /// <summary>
    /// <c>(field eq a or field eq b …)</c>: how a client asks for several keys where the service has
    /// no <c>in</c> (F&amp;O) or refuses <c>or</c> across fields (Business Central). Literals as given.
    /// </summary>
    public static string AnyOf(string field, IEnumerable<string> literals) => "(" + string.Join(" or ", literals.Select(l => $"{field} eq {l}")) + ")";

    /// <summary>A filter that is the conjunction of the present parts; null when none is.</summary>
    public static string? And(params string?[] parts)
    {
        var present = parts.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return present.Count == 0 ? null : string.Join(" and ", present);
    }
}
