using Gapwatch.Cards;
using Gapwatch.Files.Import;
using Gapwatch.Files.Workspace;
using Gapwatch.Ports;
using Gapwatch.Store;
using Gapwatch.Time;
using Gapwatch.Workspace;

namespace Gapwatch.Workspaces;

/// <summary>The outcome of a refresh: a stored snapshot and the alerts it fired or re-armed, or the reason none could be computed.</summary>
public sealed record RefreshOutcome(RefreshSnapshot? Snapshot, string? Error)
{
    public IReadOnlyList<Alerts.AlertEvent> Alerts { get; init; } = [];

    public bool Succeeded => Snapshot is not null;
}

/// <summary>
/// One workspace on disk: its field map (<c>gapwatch.yaml</c>) and its embedded store. The door
/// the CLI (and later the web app) uses to import, refresh and read cards.
/// </summary>
public sealed class GapwatchWorkspace : IDisposable
{
    private readonly TimeProvider clock;
    private readonly SqliteWorkspaceStore store;

    private GapwatchWorkspace(string directory, WorkspaceSettings settings, SqliteWorkspaceStore store, TimeProvider clock)
    {
        Directory = directory;
        Settings = settings;
        Store = store;
        this.store = store;
        SyncState = store;
        this.clock = clock;
        Calendar = WorkspaceCalendar.For(settings.TimeZone);
    }

    public string Directory { get; }

    public WorkspaceSettings Settings { get; }

    public IWorkspaceStore Store { get; }

    /// <summary>The connectors' checkpoints and quarantine, in the same store as the facts.</summary>
    public ISyncStateStore SyncState { get; }

    public WorkspaceCalendar Calendar { get; }

    /// <summary>Loads and validates the workspace file, then opens (and migrates) its store.</summary>
    public static GapwatchWorkspace Open(string directory, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var full = Path.GetFullPath(directory);
        var settings = WorkspaceFile.Load(full);
        var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(full), clock);
        return new GapwatchWorkspace(full, settings, store, clock);
    }

    public ImportOutcome Import(string folder) => Importer.Import(folder, Store);

    /// <summary>
    /// Computes every card at the given as-of time (default: the earliest last successful sync of
    /// the sources, else now) and appends the snapshot. A data problem (a missing exchange rate)
    /// is an outcome, and the last good snapshot stays in place.
    /// </summary>
    public RefreshOutcome Refresh(DateTimeOffset? asOf = null)
    {
        var before = store.LatestSnapshotId();
        var data = Store.Load();
        var at = asOf ?? CardEngine.AlignedAsOf(data) ?? clock.GetUtcNow();
        IReadOnlyList<CardResult> cards;
        try
        {
            cards = CardEngine.ComputeAll(data, Settings, at);
        }
        catch (Reconciliation.MissingExchangeRateException e)
        {
            if (asOf is null)
            {
                // Only a refresh of the live figures makes them stale; a past --as-of that cannot compute does not.
                RecordRefreshFailure(e.Message, before);
            }

            return new RefreshOutcome(null, e.Message);
        }

        // Crossings are judged against the last good snapshot, read before this one is stored.
        var alerts = Alerts.AlertRule.Evaluate(Store.LatestSnapshot()?.Cards, cards);
        var snapshot = new RefreshSnapshot(0, clock.GetUtcNow(), at, cards);
        var id = store.SaveSnapshot(snapshot, alerts, [.. Settings.AlertDelivery.Webhooks.Select(w => w.Name)]);
        return new RefreshOutcome(snapshot with { Id = id }, null) { Alerts = alerts };
    }

    /// <summary>Reads <c>--as-of</c>: a date means the last second of that day in the workspace time zone.</summary>
    public DateTimeOffset ParseAsOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
        {
            return Calendar.EndOf(day).AddSeconds(-1);
        }

        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var instant)
            && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > 9))
        {
            return instant;
        }

        throw new FormatException($"--as-of '{text}' is neither a date (yyyy-MM-dd) nor a timestamp with offset (2026-04-13T09:00:00+01:00)");
    }

    /// <summary>Keeps a failed refresh on record, so the cards stay marked stale (with the error) until a refresh succeeds, across restarts.</summary>
    public void RecordRefreshFailure(string error, long afterSnapshotId)
    {
        try
        {
            store.RecordRefreshFailure(clock.GetUtcNow(), error, afterSnapshotId);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            // The refresh's own error is what the caller must see; a store that cannot take the record
            // shows the failure from memory only (ServedWorkspace), and the next refresh tries again.
        }
    }

    /// <summary>The last refresh's failure when no snapshot has been stored since, else null.</summary>
    public RefreshFailure? StandingRefreshFailure() => store.StandingRefreshFailure();

    /// <summary>The id of the newest stored snapshot (0 before the first refresh), read without loading it.</summary>
    public long LatestSnapshotId() => store.LatestSnapshotId();

    /// <summary>The alert history (fired and re-armed transitions), newest first.</summary>
    public IReadOnlyList<StoredAlert> AlertHistory(int limit) => store.AlertHistory(limit);

    /// <summary>The alert outbox: fired alerts not yet delivered to a webhook, oldest first.</summary>
    public IReadOnlyList<AlertDelivery> PendingDeliveries(int limit) => store.PendingDeliveries(limit);

    /// <summary>Every webhook delivery of the given alerts.</summary>
    public IReadOnlyList<AlertDelivery> DeliveriesOf(IReadOnlyCollection<long> alertIds) => store.DeliveriesOf(alertIds);

    public void RecordDeliveryAttempt(long deliveryId, DeliveryStatus status, int? statusCode, string? error) =>
        store.RecordDeliveryAttempt(deliveryId, status, statusCode, error);

    /// <summary>The path of the workspace's store file (users, tokens and the audit log live there too).</summary>
    public string StorePath => WorkspaceFile.StorePath(Directory);

    public void Dispose() => Store.Dispose();
}
