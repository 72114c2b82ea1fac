using System.Collections.Concurrent;
using Gapwatch.Cards;
using Gapwatch.Model;
using Gapwatch.Store;
using Gapwatch.Store.Sqlite;
using Gapwatch.Workspaces;

namespace Gapwatch.Web.Hosting;

/// <summary>
/// One workspace the server serves. Cards are answered from the last snapshot, held in memory
/// and replaced after each refresh, so no request recomputes a card. The store's connection is
/// used under a lock (SQLite connections are not thread-safe); refreshes of one workspace never
/// overlap.
/// </summary>
public sealed class ServedWorkspace : IDisposable
{
    private readonly GapwatchWorkspace workspace;
    private readonly Lock storeGate = new();
    private readonly SemaphoreSlim refreshGate = new(1, 1);
    private readonly ConcurrentDictionary<string, IReadOnlyList<TrendPoint>> trends = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte[]> rendered = new(StringComparer.Ordinal);
    private const int MaximumRendered = 1024;
    private readonly TimeProvider clock;
    private volatile RefreshSnapshot? latest;
    private long lastCheckedTicks;

    public ServedWorkspace(string id, GapwatchWorkspace workspace, SqliteAccessStore access, TimeProvider clock)
    {
        Id = id;
        this.workspace = workspace;
        this.clock = clock;
        Access = access;
        latest = workspace.Store.LatestSnapshot();
        LastRefreshError = workspace.StandingRefreshFailure()?.Error;
        lastCheckedTicks = clock.GetUtcNow().UtcTicks;
    }

    /// <summary>The id in URLs: the folder's name, lower-cased, made URL-safe and unique among the served workspaces.</summary>
    public string Id { get; }

    public string Name => workspace.Settings.Name;

    public string Erp => workspace.Settings.Erp.Key();

    public IReadOnlyList<string> Entities => workspace.Settings.Entities;

    /// <summary>How often the server refreshes this workspace (<c>schedule</c> in gapwatch.yaml).</summary>
    public Gapwatch.Workspace.RefreshSchedule Schedule => workspace.Settings.Schedule;

    /// <summary>Where its fired alerts go (<c>alerts</c> in gapwatch.yaml).</summary>
    public Gapwatch.Workspace.AlertDeliverySettings AlertDelivery => workspace.Settings.AlertDelivery;

    /// <summary>Tests only: runs inside the refresh gate before the refresh computes (to hold a refresh open).</summary>
    internal Func<CancellationToken, Task>? RefreshProbe { get; set; }

    public SqliteAccessStore Access { get; }

    /// <summary>
    /// The snapshot cards are served from (null before the first refresh). A refresh made by
    /// another process (<c>gapwatch refresh</c>) is noticed within <see cref="ExternalRefreshCheck"/>:
    /// the newest snapshot id is read at most that often, and the snapshot is loaded only when it changed.
    /// </summary>
    public RefreshSnapshot? Latest
    {
        get
        {
            var now = clock.GetUtcNow().UtcTicks;
            if (now - Interlocked.Read(ref lastCheckedTicks) >= ExternalRefreshCheck.Ticks && refreshGate.Wait(0))
            {
                try
                {
                    Interlocked.Exchange(ref lastCheckedTicks, now);
                    lock (storeGate)
                    {
                        var standing = workspace.StandingRefreshFailure()?.Error;
                        if (workspace.LatestSnapshotId() != (latest?.Id ?? 0))
                        {
                            // Another process refreshed: its snapshot ends any earlier failure.
                            latest = workspace.Store.LatestSnapshot();
                            LastRefreshError = standing;
                            trends.Clear();
                            rendered.Clear();
                        }
                        else if (standing is not null)
                        {
                            // Another process's refresh failed.
                            LastRefreshError = standing;
                        }
                    }
                }
                finally
                {
                    refreshGate.Release();
                }
            }

            return latest;
        }
    }

    /// <summary>How often to look for a snapshot stored by another process.</summary>
    public static TimeSpan ExternalRefreshCheck { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The error of the last refresh, when it failed (the last good snapshot stays served, marked stale).</summary>
    public string? LastRefreshError { get; private set; }

    public DateTimeOffset ParseAsOf(string text) => workspace.ParseAsOf(text);

    /// <summary>The latest snapshot at or before an instant (a store read, not cached).</summary>
    public RefreshSnapshot? SnapshotAt(DateTimeOffset asOf)
    {
        lock (storeGate)
        {
            return workspace.Store.LatestSnapshot(asOf);
        }
    }

    /// <summary>The card's headline over the last <paramref name="limit"/> snapshots, cached until the next refresh.</summary>
    public IReadOnlyList<TrendPoint> Trend(string cardKey, int limit)
    {
        var key = cardKey + "/" + limit.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + (latest?.Id ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return trends.GetOrAdd(key, _ =>
        {
            lock (storeGate)
            {
                return workspace.Store.Trend(cardKey, limit);
            }
        });
    }

    /// <summary>An answer rendered once per key (the key names the snapshot it was rendered from), dropped at the next refresh.</summary>
    public byte[] Cached(string key, Func<byte[]> render)
    {
        if (rendered.TryGetValue(key, out var hit))
        {
            return hit;
        }

        if (rendered.Count >= MaximumRendered)
        {
            // Many distinct filters: start over rather than grow without bound.
            rendered.Clear();
        }

        return rendered.GetOrAdd(key, _ => render());
    }

    public IReadOnlyList<StoredAlert> AlertHistory(int limit)
    {
        lock (storeGate)
        {
            return workspace.AlertHistory(limit);
        }
    }

    public IReadOnlyList<AlertDelivery> PendingDeliveries(int limit)
    {
        lock (storeGate)
        {
            return workspace.PendingDeliveries(limit);
        }
    }

    public IReadOnlyList<AlertDelivery> DeliveriesOf(IReadOnlyCollection<long> alertIds)
    {
        lock (storeGate)
        {
            return workspace.DeliveriesOf(alertIds);
        }
    }

    public void RecordDeliveryAttempt(long deliveryId, DeliveryStatus status, int? statusCode, string? error)
    {
        lock (storeGate)
        {
            workspace.RecordDeliveryAttempt(deliveryId, status, statusCode, error);
        }
    }

    /// <summary>Runs a refresh now; a second caller waits for the first to finish (never two at once).</summary>
    public async Task<RefreshOutcome> RefreshAsync(CancellationToken cancellationToken)
    {
        await refreshGate.WaitAsync(cancellationToken);
        return await RefreshHoldingGateAsync(cancellationToken);
    }

    /// <summary>Runs a refresh now, or answers null at once when a refresh of this workspace is already running.</summary>
    public async Task<RefreshOutcome?> TryRefreshAsync(CancellationToken cancellationToken)
    {
        if (!await refreshGate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return null;
        }

        return await RefreshHoldingGateAsync(cancellationToken);
    }

    private async Task<RefreshOutcome> RefreshHoldingGateAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (RefreshProbe is { } probe)
            {
                await probe(cancellationToken);
            }

            RefreshOutcome outcome;
            try
            {
                lock (storeGate)
                {
                    outcome = workspace.Refresh();
                }
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidDataException or InvalidOperationException)
            {
                // Product spec §6: a refresh that fails leaves the last good figures in place, marked stale, with the error shown.
                outcome = new RefreshOutcome(null, $"the refresh failed: {e.Message}");
                KeepFailureOnRecord(outcome.Error!, latest?.Id ?? 0);
            }

            if (outcome.Succeeded)
            {
                latest = outcome.Snapshot;
                LastRefreshError = null;
                trends.Clear();
                rendered.Clear();
            }
            else
            {
                LastRefreshError = outcome.Error;
            }

            return outcome;
        }
        finally
        {
            refreshGate.Release();
        }
    }

    /// <summary>
    /// Writes the failure to the store so a restart still serves the cards stale. When the store
    /// itself is what failed, the record is dropped (GapwatchWorkspace.RecordRefreshFailure) and the
    /// failure is shown from memory only.
    /// </summary>
    private void KeepFailureOnRecord(string error, long afterSnapshotId)
    {
        lock (storeGate)
        {
            workspace.RecordRefreshFailure(error, afterSnapshotId);
        }
    }

    public void Dispose()
    {
        workspace.Dispose();
        Access.Dispose();
        refreshGate.Dispose();
    }
}
