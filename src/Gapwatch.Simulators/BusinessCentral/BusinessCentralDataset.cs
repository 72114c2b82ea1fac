using System.Text.Json.Nodes;

namespace Gapwatch.Simulators.BusinessCentral;

/// <summary>
/// What one simulated Business Central environment holds: its companies, and per company the API
/// v2.0 collections (<c>customers</c>, <c>salesOrders</c>, …) and the web services published for it
/// (<c>ShpfyLogEntries</c>, …), each row as the JSON the API serves (navigation properties such as
/// <c>dimensionSetLines</c> included; they are left out unless <c>$expand</c> asks for them). Rows are
/// keyed by <c>id</c> (API) or <c>EntryNo</c> (web services). Thread-safe: tests change rows while the
/// simulator serves them. It knows nothing of Gapwatch.
/// </summary>
public sealed class BusinessCentralDataset
{
    private readonly Lock gate = new();
    private readonly List<BusinessCentralCompanyData> companies = [];

    public IReadOnlyList<BusinessCentralCompanyData> Companies
    {
        get
        {
            lock (gate)
            {
                return [.. companies];
            }
        }
    }

    /// <summary>Adds a company (its id a GUID, as Business Central's) and returns it.</summary>
    public BusinessCentralCompanyData AddCompany(string name, string? id = null)
    {
        var company = new BusinessCentralCompanyData(id ?? Guid.NewGuid().ToString(), name);
        lock (gate)
        {
            companies.Add(company);
        }

        return company;
    }

    public BusinessCentralCompanyData? ById(string id) => Companies.FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.OrdinalIgnoreCase));

    public BusinessCentralCompanyData? ByName(string name) => Companies.FirstOrDefault(c => c.Name == name);
}

/// <summary>One company's collections, by entity set or web-service name.</summary>
public sealed class BusinessCentralCompanyData(string id, string name)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Dictionary<string, JsonObject>> collections = new(StringComparer.Ordinal);

    public string Id => id;

    public string Name => name;

    /// <summary>Adds or replaces a row, keyed by its <c>id</c> or, for web services, <c>EntryNo</c>. The row is copied.</summary>
    public void Upsert(string collection, JsonObject row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var key = Key(row);
        lock (gate)
        {
            if (!collections.TryGetValue(collection, out var rows))
            {
                rows = collections[collection] = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            }

            rows[key] = (JsonObject)row.DeepClone();
        }
    }

    public void UpsertAll(string collection, IEnumerable<JsonObject> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var row in rows)
        {
            Upsert(collection, row);
        }
    }

    public bool Remove(string collection, string key)
    {
        lock (gate)
        {
            return collections.TryGetValue(collection, out var rows) && rows.Remove(key);
        }
    }

    /// <summary>Whether the collection exists (an unpublished web service is a 404).</summary>
    public bool Has(string collection)
    {
        lock (gate)
        {
            return collections.ContainsKey(collection);
        }
    }

    /// <summary>Copies of the collection's rows, in no particular order.</summary>
    public List<JsonObject> All(string collection)
    {
        lock (gate)
        {
            return collections.TryGetValue(collection, out var rows) ? [.. rows.Values.Select(r => (JsonObject)r.DeepClone())] : [];
        }
    }

    /// <summary>
    /// The collection's rows themselves, not copies, for the handler to filter and sort without
    /// copying every row on every page: rows are never changed in place (<see cref="Upsert"/> replaces
    /// them), so a caller that only reads them, and copies the ones it serves, is safe.
    /// </summary>
    internal List<JsonObject> Rows(string collection)
    {
        lock (gate)
        {
            return collections.TryGetValue(collection, out var rows) ? [.. rows.Values] : [];
        }
    }

    /// <summary>Declares an empty collection (a web service published with no rows yet).</summary>
    public void Publish(string collection)
    {
        lock (gate)
        {
            collections.TryAdd(collection, new Dictionary<string, JsonObject>(StringComparer.Ordinal));
        }
    }

    private static string Key(JsonObject row) =>
        row["id"]?.ToString() ?? row["EntryNo"]?.ToString() ?? throw new ArgumentException("a row needs an id or an EntryNo", nameof(row));
}
