namespace Gapwatch.Connectors.Sync;

/// <summary>
/// Counters the resilience pipelines feed (retries, time waited on throttling). One instance per
/// process; a run reports the difference between its start and its end.
/// </summary>
public sealed class ConnectorMetrics
{
    private long retries;
    private long throttledTicks;
    private long requests;

    public int Retries => (int)Interlocked.Read(ref retries);

    public long Requests => Interlocked.Read(ref requests);

    public TimeSpan ThrottledTime => TimeSpan.FromTicks(Interlocked.Read(ref throttledTicks));

    internal void RecordRequest() => Interlocked.Increment(ref requests);

    internal void RecordRetry() => Interlocked.Increment(ref retries);

    internal void RecordThrottled(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            Interlocked.Add(ref throttledTicks, wait.Ticks);
        }
    }
}
