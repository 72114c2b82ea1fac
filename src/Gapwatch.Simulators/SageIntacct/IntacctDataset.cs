namespace Gapwatch.Simulators.SageIntacct;

/// <summary>One object the simulated company serves: its object name, <c>docparid</c> (order-entry documents), <c>RECORDNO</c>, version and fields (dotted names nest: <c>DISPLAYCONTACT.EMAIL1</c>).</summary>
public sealed record IntacctObject(string Object, string? DocParId, long RecordNo, DateTimeOffset WhenModified, IReadOnlyDictionary<string, string?> Fields);

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

    /// <summary>Adds or replaces an object; a null <paramref name="recordNo"/> takes the next free one. Returns the RECORDNO.</summary>
    public long Put(string objectName, string? docParId, DateTimeOffset whenModified, IReadOnlyDictionary<string, string?> fields, long? recordNo = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(objectName);
        ArgumentNullException.ThrowIfNull(fields);
        lock (gate)
        {
            var number = recordNo ?? ++nextRecordNo;
            nextRecordNo = Math.Max(nextRecordNo, number);
            objects[(objectName.ToUpperInvariant(), number)] = new IntacctObject(
                objectName.ToUpperInvariant(), docParId, number, whenModified, new Dictionary<string, string?>(fields, StringComparer.OrdinalIgnoreCase));
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
