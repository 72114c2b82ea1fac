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
    private long outOfOrderRows;

    public int Retries => (int)Interlocked.Read(ref retries);

    public long Requests => Interlocked.Read(ref requests);

    public TimeSpan ThrottledTime => TimeSpan.FromTicks(Interlocked.Read(ref throttledTicks));

    /// <summary>Rows a source sent with an earlier time than the row before them in the same ordered query (Business Central's paging-order guard).</summary>
    public long OutOfOrderRows => Interlocked.Read(ref outOfOrderRows);

    internal void RecordRequest() => Interlocked.Increment(ref requests);

    internal void RecordOutOfOrder() => Interlocked.Increment(ref outOfOrderRows);

    internal void RecordRetry() => Interlocked.Increment(ref retries);

    internal void RecordThrottled(TimeSpan wait)
    {
        if (wait > TimeSpan.Zero)
        {
            Interlocked.Add(ref throttledTicks, wait.Ticks);
        }
    }
}
