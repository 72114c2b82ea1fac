namespace Gapwatch.Simulators.SageIntacct;

/// <summary>One object the simulated company serves: its object name, <c>docparid</c> (order-entry documents), <c>RECORDNO</c>, version and fields (dotted names nest: <c>DISPLAYCONTACT.EMAIL1</c>).</summary>
public sealed record IntacctObject(string Object, string? DocParId, long RecordNo, DateTimeOffset WhenModified, IReadOnlyDictionary<string, string?> Fields)
{
    /// <summary>
    /// The entity that owns the object, for objects without a readable entity field (GL lines,
    /// entity-level reporting periods): an entity-scoped session sees it only in that entity. Null:
    /// its <c>MEGAENTITYID</c> field says, else it is a top-level record every session sees.
    /// </summary>
    public string? Owner { get; init; }

    /// <summary>The owning entity: <see cref="Owner"/>, else the <c>MEGAENTITYID</c> field; null at the top level.</summary>
    public string? Entity => Owner ?? (Fields.TryGetValue("MEGAENTITYID", out var e) && !string.IsNullOrEmpty(e) ? e : null);
}

/// <summary>
/// The simulated company's objects as Intacct stores them: field values as the XML gateway writes
/// them (dates <c>MM/DD/YYYY</c>, times <c>MM/DD/YYYY HH:MM:SS</c> without a zone, decimals with a
/// dot). <c>RECORDNO</c> and <c>WHENMODIFIED</c> are written from the record itself. Thread-safe;
/// tests change it between or during runs (an edit is a new version with a later modified time).
/// </summary>
public sealed class IntacctDataset
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string Object, long RecordNo), IntacctObject> objects = [];
    private readonly Dictionary<string, HashSet<string>> customFields = new(StringComparer.OrdinalIgnoreCase);
    private long nextRecordNo = 1000;

    /// <summary>The zone the company's wall-clock times are written in.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public int Count
    {
        get
        {
            lock (gate)
            {
                return objects.Count;
            }
        }
    }

    /// <summary>Defines custom fields on an object, as a company does in Customization Services: a field list may name them.</summary>
    public void DeclareCustomFields(string objectName, params string?[] fields)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectName);
        ArgumentNullException.ThrowIfNull(fields);
        lock (gate)
        {
            if (!customFields.TryGetValue(objectName, out var set))
            {
                customFields[objectName] = set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            }

            set.UnionWith(fields.Where(f => !string.IsNullOrWhiteSpace(f)).Select(f => f!));
        }
    }

    /// <summary>Whether a field list may name <paramref name="field"/> on <paramref name="objectName"/>: a standard field or a declared custom one.</summary>
    public bool HasField(string objectName, string field)
    {
        lock (gate)
        {
            return IntacctSchema.IsStandard(objectName, field) || (customFields.TryGetValue(objectName, out var set) && set.Contains(field));
        }
    }

    /// <summary>Adds or replaces an object; a null <paramref name="recordNo"/> takes the next free one; <paramref name="owner"/> is the entity owning an object without an entity field. Returns the RECORDNO.</summary>
    public long Put(string objectName, string? docParId, DateTimeOffset whenModified, IReadOnlyDictionary<string, string?> fields, long? recordNo = null, string? owner = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectName);
        ArgumentNullException.ThrowIfNull(fields);
        lock (gate)
        {
            var number = recordNo ?? ++nextRecordNo;
            nextRecordNo = Math.Max(nextRecordNo, number);
            objects[(objectName.ToUpperInvariant(), number)] = new IntacctObject(
                objectName.ToUpperInvariant(), docParId, number, whenModified, new Dictionary<string, string?>(fields, StringComparer.OrdinalIgnoreCase)) { Owner = owner };
            return number;
        }
    }

    /// <summary>Changes fields of an object and gives it a new version.</summary>
    public void Edit(string objectName, long recordNo, DateTimeOffset whenModified, IReadOnlyDictionary<string, string?> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        lock (gate)
        {
            var key = (objectName.ToUpperInvariant(), recordNo);
            var current = objects[key];
            var fields = new Dictionary<string, string?>(current.Fields, StringComparer.OrdinalIgnoreCase);
            foreach (var (name, value) in changes)
            {
                fields[name] = value;
            }

            objects[key] = current with { WhenModified = whenModified, Fields = fields };
        }
    }

    /// <summary>The objects of one kind (and document type), in RECORDNO order, as readByQuery serves them (not by version).</summary>
    public IReadOnlyList<IntacctObject> Of(string objectName, string? docParId = null)
    {
        lock (gate)
        {
            return [.. objects.Values
                .Where(o => o.Object.Equals(objectName, StringComparison.OrdinalIgnoreCase)
                    && (docParId is null || string.Equals(o.DocParId, docParId, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(o => o.RecordNo)];
        }
    }

    /// <summary>Every object.</summary>
    public IReadOnlyList<IntacctObject> All()
    {
        lock (gate)
        {
            return [.. objects.Values.OrderBy(o => o.Object, StringComparer.Ordinal).ThenBy(o => o.RecordNo)];
        }
    }
}
