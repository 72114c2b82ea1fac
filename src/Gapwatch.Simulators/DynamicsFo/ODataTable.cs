using System.Text.Json.Nodes;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>
/// One entity set of a simulated OData service: rows as JSON objects keyed by their key fields,
/// the properties it has (a <c>$select</c> or <c>$filter</c> of another is refused), its enum
/// properties and its navigation properties (served only when <c>$expand</c>ed). Thread-safe: a
/// test may change rows while the connector reads pages.
/// </summary>
public sealed class ODataTable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> rows = new(StringComparer.Ordinal);

    public ODataTable(string entitySet, IReadOnlyList<string> key, IEnumerable<string> properties, IEnumerable<string>? enums = null, IEnumerable<string>? navigation = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        EntitySet = entitySet;
        Key = key;
        Properties = new HashSet<string>(properties, StringComparer.Ordinal);
        Enums = new HashSet<string>(enums ?? [], StringComparer.Ordinal);
        Navigation = new HashSet<string>(navigation ?? [], StringComparer.Ordinal);
    }

    public string EntitySet { get; }

    public IReadOnlyList<string> Key { get; }

    public IReadOnlySet<string> Properties { get; }

    public IReadOnlySet<string> Enums { get; }

    public IReadOnlySet<string> Navigation { get; }

    public int Count
    {
        get
        {
            lock (gate)
            {
                return rows.Count;
            }
        }
    }

    /// <summary>Adds or replaces the row with the same key.</summary>
    public void Put(JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var copy = row.DeepClone().AsObject();
        lock (gate)
        {
            rows[KeyOf(copy)] = copy;
        }
    }

    /// <summary>Removes the rows <paramref name="match"/> selects; returns how many.</summary>
    public int RemoveWhere(Func<JsonObject, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        lock (gate)
        {
            var keys = rows.Where(r => match(r.Value)).Select(r => r.Key).ToList();
            foreach (var key in keys)
            {
                rows.Remove(key);
            }

            return keys.Count;
        }
    }

    public void PutAll(IEnumerable<JsonObject> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        foreach (var row in all)
        {
            Put(row);
        }
    }

    /// <summary>A copy of every row (the caller may filter and sort it freely).</summary>
    public List<JsonObject> Snapshot()
    {
        lock (gate)
        {
            return [.. rows.Values.Select(r => r.DeepClone().AsObject())];
        }
    }

    /// <summary>
    /// The stored rows themselves, for the endpoint to filter, sort and project without copying the
    /// whole set per page (a stored row is never changed in place: <see cref="Put"/> stores a copy).
    /// Callers must not modify them.
    /// </summary>
    internal List<JsonObject> Rows()
    {
        lock (gate)
        {
            return [.. rows.Values];
        }
    }

    public string KeyOf(JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Join('\u001f', Key.Select(k => row[k]?.ToString() ?? ""));
    }
}
