namespace Gapwatch.Simulators.Hosting;

/// <summary>What every simulator's fault has in common: which resource it hits, after how many matching requests, how often.</summary>
public interface IQueuedFault
{
    /// <summary>Only requests for this resource match; null matches every request.</summary>
    string? Resource { get; }

    /// <summary>How many matching requests get the fault (at least one).</summary>
    int Times { get; }

    /// <summary>How many matching requests pass untouched before the fault starts.</summary>
    int After { get; }
}

/// <summary>
/// The fields every simulator's fault record carries; a simulator's record adds its kind and its
/// vendor's own parameters (a <c>Retry-After</c>, a reset header).
/// </summary>
public abstract record QueuedFault : IQueuedFault
{
    /// <summary>Only requests for this resource (<c>customers</c>, <c>orders</c>, …) match; null matches all.</summary>
    public string? Resource { get; init; }

    /// <summary>The status of a server-error fault.</summary>
    public int StatusCode { get; init; } = 503;

    public int Times { get; init; } = 1;

    /// <summary>Skip this many matching requests before the fault starts.</summary>
    public int After { get; init; }
}

/// <summary>
/// Faults waiting to be served, in the order they were queued. A request takes the first fault
/// that matches its resource; the fault's own counters are left alone (faults are immutable
/// records) and the countdown is kept here, under a lock, because Kestrel answers concurrently.
/// </summary>
public sealed class PendingFaults<TFault>
    where TFault : class, IQueuedFault
{
    private readonly Lock gate = new();
    private readonly List<Pending> pending = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    public void Enqueue(params IEnumerable<TFault> faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        lock (gate)
        {
            pending.AddRange(faults.Select(f => new Pending(f, f.After, Math.Max(1, f.Times))));
        }
    }

    /// <summary>The fault this request of <paramref name="resource"/> must get, or null to answer normally.</summary>
    public TFault? Take(string? resource) => Take(resource, static _ => true);

    /// <summary>
    /// As <see cref="Take(string?)"/>, but a fault for which <paramref name="applies"/> is false is
    /// passed over as if it named another resource (a cursor fault on a request without a cursor).
    /// </summary>
    public TFault? Take(string? resource, Func<TFault, bool> applies)
    {
        ArgumentNullException.ThrowIfNull(applies);
        lock (gate)
        {
            for (var i = 0; i < pending.Count; i++)
            {
                var entry = pending[i];
                if ((entry.Fault.Resource is not null && entry.Fault.Resource != resource) || !applies(entry.Fault))
                {
                    continue;
                }

                if (entry.SkipsLeft > 0)
                {
                    pending[i] = entry with { SkipsLeft = entry.SkipsLeft - 1 };
                    return null;
                }

                if (entry.TimesLeft <= 1)
                {
                    pending.RemoveAt(i);
                }
                else
                {
                    pending[i] = entry with { TimesLeft = entry.TimesLeft - 1 };
                }

                return entry.Fault;
            }

            return null;
        }
    }

    private sealed record Pending(TFault Fault, int SkipsLeft, int TimesLeft);
}
