namespace Gapwatch.Simulators.Hosting;

/// <summary>
/// Every request a simulator received, faults included, numbered from 1 in arrival order, so a
/// test can assert what the connector asked for (and how often) rather than trust its own counters.
/// </summary>
public sealed class RequestJournal<TEntry>
{
    private readonly Lock gate = new();
    private readonly List<TEntry> entries = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public IReadOnlyList<TEntry> Entries
    {
        get
        {
            lock (gate)
            {
                return [.. entries];
            }
        }
    }

    /// <summary>Records one request; <paramref name="describe"/> gets its number. Returns the number.</summary>
    public int Record(Func<int, TEntry> describe)
    {
        ArgumentNullException.ThrowIfNull(describe);
        lock (gate)
        {
            var number = entries.Count + 1;
            entries.Add(describe(number));
            return number;
        }
    }
}
