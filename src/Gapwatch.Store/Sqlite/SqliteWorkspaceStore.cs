using System.Globalization;
using System.Text.Json;
using Gapwatch.Cards;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Store.Sqlite;
using Microsoft.Data.Sqlite;

namespace Gapwatch.Store;

/// <summary>One stored alert transition: its id, the snapshot (refresh) that caused it and when that refresh ran.</summary>
public sealed record StoredAlert(long Id, long SnapshotId, DateTimeOffset ComputedAt, Alerts.AlertEvent Event);

/// <summary>A refresh that failed: when, and the error shown beside the stale cards.</summary>
public sealed record RefreshFailure(DateTimeOffset FailedAt, string Error);

/// <summary>
/// The embedded store: one SQLite file per workspace (WAL mode). Facts are upserted by kind and
/// key under a version guard; snapshots are append-only (triggers refuse updates and deletes).
/// </summary>
public sealed partial class SqliteWorkspaceStore : IWorkspaceStore, ISyncStateStore
{
    private readonly SqliteConnection connection;
    private readonly TimeProvider clock;

    private SqliteWorkspaceStore(SqliteConnection connection, TimeProvider clock)
    {
        this.connection = connection;
        this.clock = clock;
    }

    public static SqliteWorkspaceStore Open(string databasePath, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new SqliteWorkspaceStore(OpenMigrated(databasePath, timeProvider), timeProvider);
    }

    /// <summary>
    /// Opens the workspace's SQLite file (WAL, foreign keys, busy timeout) and brings its schema up
    /// to date. Every store over the file (facts and snapshots here, users and audit in
    /// <see cref="SqliteAccessStore"/>) opens it this one way, so they never disagree on settings or schema.
    /// </summary>
    internal static SqliteConnection OpenMigrated(string databasePath, TimeProvider timeProvider)
    {
        var full = Path.GetFullPath(databasePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Pooling = false }.ToString());
        connection.Open();
        try
        {
            Pragmas(connection);
            Migrations.Apply(connection, full, Stamp(timeProvider.GetUtcNow()));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public UpsertResult Upsert(IReadOnlyCollection<ISourceRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        using var transaction = connection.BeginTransaction();
        using var writer = new RecordWriter(connection, transaction, Stamp(clock.GetUtcNow()));
        var result = UpsertResult.Empty;
        foreach (var record in records)
        {
            result = result.Plus(writer.Upsert(record));
        }

        transaction.Commit();
        return result;
    }

    public StreamCheckpoint? Checkpoint(string source, string stream) => SyncStateWriter.Read(connection, null, source, stream);

    public IReadOnlyList<StreamCheckpoint> Checkpoints(string source) => SyncStateWriter.ReadAll(connection, source);

    public PageCommit CommitPage(
        string source,
        string stream,
        IReadOnlyCollection<ISourceRecord> records,
        IReadOnlyCollection<QuarantinedRecord> quarantined,
        SyncCursor? cursor,
        bool rewind = false)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(quarantined);
        var now = Stamp(clock.GetUtcNow());
        using var transaction = connection.BeginTransaction();
        var result = UpsertResult.Empty;
        using (var writer = new RecordWriter(connection, transaction, now))
        {
            foreach (var record in records)
            {
                result = result.Plus(writer.Upsert(record));
            }
        }

        foreach (var row in quarantined)
        {
            SyncStateWriter.Quarantine(connection, transaction, row, now);
        }

        var stored = SyncStateWriter.Advance(connection, transaction, source, stream, cursor, now, rewind);
        transaction.Commit();
        return new PageCommit(result, quarantined.Count, stored);
    }

    public int QuarantinedCount(string source) => SyncStateWriter.QuarantinedCount(connection, source);

    public WorkspaceData Load()
    {
        var data = new WorkspaceData();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, payload FROM records ORDER BY kind, key";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            data.Add(RecordTypes.Deserialize(reader.GetString(0), reader.GetString(1)));
        }

        return data;
    }

    public IReadOnlyDictionary<string, int> CountByKind()
    {
        var counts = RecordKinds.All.ToDictionary(k => k, _ => 0, StringComparer.Ordinal);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT kind, COUNT(*) FROM records GROUP BY kind";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    public long SaveSnapshot(RefreshSnapshot snapshot) => SaveSnapshot(snapshot, []);

    /// <summary>Appends the snapshot and the alert transitions it caused, in one transaction (the alert history is append-only).</summary>
    public long SaveSnapshot(RefreshSnapshot snapshot, IReadOnlyList<Alerts.AlertEvent> alerts) => SaveSnapshot(snapshot, alerts, []);

    /// <summary>
    /// Appends the snapshot and its alert transitions and, for each fired alert, one pending
    /// delivery per webhook (the outbox), all in one transaction: a crash after the refresh never
    /// loses an alert, and each delivery keeps its idempotency key across every retry.
    /// </summary>
    public long SaveSnapshot(RefreshSnapshot snapshot, IReadOnlyList<Alerts.AlertEvent> alerts, IReadOnlyList<string> webhooks)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(alerts);
        using var transaction = connection.BeginTransaction();
        var id = Insert(transaction, "INSERT INTO snapshots (computed_at, as_of) VALUES ($c, $a) RETURNING id",
            ("$c", Stamp(snapshot.ComputedAt)), ("$a", Stamp(snapshot.AsOf)));
        foreach (var card in snapshot.Cards)
        {
            Insert(transaction, "INSERT INTO snapshot_cards (snapshot_id, card_key, headline, sentiment, payload) VALUES ($s, $k, $h, $e, $p) RETURNING snapshot_id",
                ("$s", id), ("$k", card.Key), ("$h", card.Headline.ToString(CultureInfo.InvariantCulture)),
                ("$e", card.Sentiment.ToString().ToLowerInvariant()), ("$p", JsonSerializer.Serialize(card, GapwatchJson.Options)));
        }

        var now = Stamp(clock.GetUtcNow());
        foreach (var alert in alerts)
        {
            var alertId = Insert(transaction, """
                INSERT INTO alert_events (snapshot_id, card_key, title, transition, figure, threshold, unit, as_of)
                VALUES ($s, $k, $t, $x, $f, $h, $u, $a) RETURNING id
                """,
                ("$s", id), ("$k", alert.CardKey), ("$t", alert.Title), ("$x", alert.Transition == Alerts.AlertTransition.Fired ? "fired" : "rearmed"),
                ("$f", alert.Figure.ToString(CultureInfo.InvariantCulture)), ("$h", alert.Threshold.ToString(CultureInfo.InvariantCulture)),
                ("$u", alert.Unit), ("$a", Stamp(alert.AsOf)));
            if (alert.Transition != Alerts.AlertTransition.Fired)
            {
                continue;
            }

            foreach (var webhook in webhooks)
            {
                Insert(transaction, """
                    INSERT INTO alert_deliveries (alert_event_id, webhook, idempotency_key, status, created_at, updated_at)
                    VALUES ($e, $w, 'gw-' || lower(hex(randomblob(16))), 'pending', $n, $n) RETURNING id
                    """,
                    ("$e", alertId), ("$w", webhook), ("$n", now));
            }
        }

        transaction.Commit();
        return id;
    }

    public RefreshSnapshot? LatestSnapshot(DateTimeOffset? asOf = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = asOf is null
            ? "SELECT id, computed_at, as_of FROM snapshots ORDER BY id DESC LIMIT 1"
            : "SELECT id, computed_at, as_of FROM snapshots WHERE as_of <= $a ORDER BY as_of DESC, id DESC LIMIT 1";
        if (asOf is { } at)
        {
            command.Parameters.AddWithValue("$a", Stamp(at));
        }

        long id;
        DateTimeOffset computedAt, snapshotAsOf;
        using (var reader = command.ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            (id, computedAt, snapshotAsOf) = (reader.GetInt64(0), ParseStamp(reader.GetString(1)), ParseStamp(reader.GetString(2)));
        }

        return new RefreshSnapshot(id, computedAt, snapshotAsOf, CardsOf(id));
    }

    /// <summary>The id of the newest snapshot (0 when none): a cheap way to notice a refresh made by another process.</summary>
    public long LatestSnapshotId()
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(id), 0) FROM snapshots";
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Appends a failed refresh (the last good snapshot stays; the failure is kept so a restart still shows it stale).</summary>
    /// <param name="failedAt">When the refresh failed.</param>
    /// <param name="error">The error shown beside the stale cards.</param>
    /// <param name="afterSnapshotId">The newest snapshot when the failed refresh started (0 for none): the snapshot it
    /// follows, not the clock, decides whether a later snapshot ended it (clocks can tie, and another process may have
    /// stored a good snapshot while this refresh ran).</param>
    public void RecordRefreshFailure(DateTimeOffset failedAt, string error, long afterSnapshotId)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO refresh_failures (failed_at, after_snapshot_id, error) VALUES ($f, $a, $e)";
        command.Parameters.AddWithValue("$f", Stamp(failedAt));
        command.Parameters.AddWithValue("$a", afterSnapshotId);
        command.Parameters.AddWithValue("$e", error);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The newest refresh failure not yet followed by a stored snapshot, or null when the last
    /// refresh succeeded: a snapshot computed after a failure ends it.
    /// </summary>
    public RefreshFailure? StandingRefreshFailure()
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT failed_at, error FROM refresh_failures
            WHERE after_snapshot_id = (SELECT COALESCE(MAX(id), 0) FROM snapshots)
            ORDER BY id DESC LIMIT 1
            """;
        using var reader = command.ExecuteReader();
        return reader.Read() ? new RefreshFailure(ParseStamp(reader.GetString(0)), reader.GetString(1)) : null;
    }

    public IReadOnlyList<TrendPoint> Trend(string cardKey, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.id, s.computed_at, s.as_of, c.headline, c.sentiment
            FROM snapshot_cards c JOIN snapshots s ON s.id = c.snapshot_id
            WHERE c.card_key = $k ORDER BY s.id DESC LIMIT $n
            """;
        command.Parameters.AddWithValue("$k", cardKey);
        command.Parameters.AddWithValue("$n", limit);
        var points = new List<TrendPoint>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            points.Add(new TrendPoint(
                reader.GetInt64(0), ParseStamp(reader.GetString(1)), ParseStamp(reader.GetString(2)),
                decimal.Parse(reader.GetString(3), CultureInfo.InvariantCulture), Enum.Parse<Sentiment>(reader.GetString(4), ignoreCase: true)));
        }

        points.Reverse();
        return points;
    }

    /// <summary>The alert history, newest first: each transition with the snapshot that caused it.</summary>
    public IReadOnlyList<StoredAlert> AlertHistory(int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT a.id, a.snapshot_id, a.card_key, a.title, a.transition, a.figure, a.threshold, a.unit, a.as_of, s.computed_at
            FROM alert_events a JOIN snapshots s ON s.id = a.snapshot_id ORDER BY a.id DESC LIMIT $n
            """;
        command.Parameters.AddWithValue("$n", limit);
        var alerts = new List<StoredAlert>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var transition = reader.GetString(4) == "fired" ? Alerts.AlertTransition.Fired : Alerts.AlertTransition.Rearmed;
            alerts.Add(new StoredAlert(
                reader.GetInt64(0), reader.GetInt64(1), ParseStamp(reader.GetString(9)),
                new Alerts.AlertEvent(
                    reader.GetString(2), reader.GetString(3), transition,
                    decimal.Parse(reader.GetString(5), CultureInfo.InvariantCulture), decimal.Parse(reader.GetString(6), CultureInfo.InvariantCulture),
                    reader.GetString(7), ParseStamp(reader.GetString(8)))));
        }

        return alerts;
    }

    public void Dispose() => connection.Dispose();

    internal static string Stamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseStamp(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private List<CardResult> CardsOf(long snapshotId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT payload FROM snapshot_cards WHERE snapshot_id = $s ORDER BY rowid";
        command.Parameters.AddWithValue("$s", snapshotId);
        var cards = new List<CardResult>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cards.Add(JsonSerializer.Deserialize<CardResult>(reader.GetString(0), GapwatchJson.Options)
                ?? throw new InvalidDataException($"snapshot {snapshotId} holds an empty card"));
        }

        return cards;
    }

    private long Insert(SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Pragmas(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=5000; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
