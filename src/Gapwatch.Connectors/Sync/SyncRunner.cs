using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Sync;

/// <summary>
/// Runs the streams of one source (a connection) in order. The upper bound is frozen at the run's
/// start minus the safety lag. When every stream completed, the source's freshness is stored; when
/// one needs re-authentication, the rest are skipped and the run says so once.
/// </summary>
public sealed class SyncRunner(IWorkspaceStore records, ISyncStateStore state, TimeProvider clock, ConnectorMetrics metrics)
{
    public async Task<SyncSummary> RunAsync(
        string source,
        string freshnessSource,
        IReadOnlyList<IStreamSource> streams,
        SyncOptions options,
        IProgress<StreamProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var started = clock.GetTimestamp();
        var (retries, throttled, outOfOrder) = (metrics.Retries, metrics.ThrottledTime, metrics.OutOfOrderRows);
        var runStart = clock.GetUtcNow();
        var upperBound = runStart - options.SafetyLag;
        var results = new List<StreamResult>();
        foreach (var stream in streams)
        {
            if (results.Any(r => r.ErrorKind == SyncErrorKind.NeedsReauthentication))
            {
                results.Add(new StreamResult(stream.Name, StreamStatus.Skipped, 0, UpsertResult.Empty, 0, 0, null, null, null, "skipped: the credentials need re-authentication"));
                continue;
            }

            var syncer = new StreamSyncer(source, stream, state, options, progress);
            results.Add(await syncer.RunAsync(upperBound, cancellationToken).ConfigureAwait(false));
        }

        if (results.All(r => r.Status == StreamStatus.Completed))
        {
            records.Upsert([new SourceFreshness(freshnessSource, upperBound, upperBound)]);
        }

        return new SyncSummary(source, results, metrics.Retries - retries, metrics.ThrottledTime - throttled, clock.GetElapsedTime(started))
        {
            OutOfOrderRows = metrics.OutOfOrderRows - outOfOrder,
        };
    }
}
