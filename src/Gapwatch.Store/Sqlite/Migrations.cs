using Microsoft.Data.Sqlite;

namespace Gapwatch.Store.Sqlite;

/// <summary>
/// The schema, as numbered steps applied in order, each in its own transaction. A step is never
/// edited once released: a change is a new step.
/// </summary>
internal static class Migrations
{
    private static readonly (int Version, string Description, string Sql)[] Steps =
    [
        (1, "facts and snapshots", """
            CREATE TABLE records (
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                version TEXT NULL,
                payload TEXT NOT NULL,
                stored_at TEXT NOT NULL,
                PRIMARY KEY (kind, key)
            ) WITHOUT ROWID;

            CREATE TABLE snapshots (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                computed_at TEXT NOT NULL,
                as_of TEXT NOT NULL
            );
            CREATE INDEX snapshots_as_of ON snapshots (as_of);

            CREATE TABLE snapshot_cards (
                snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
                card_key TEXT NOT NULL,
                headline TEXT NOT NULL,
                sentiment TEXT NOT NULL,
                payload TEXT NOT NULL,
                PRIMARY KEY (snapshot_id, card_key)
            );

            CREATE TRIGGER snapshots_append_only_update BEFORE UPDATE ON snapshots
                BEGIN SELECT RAISE(ABORT, 'snapshots are append-only'); END;
            CREATE TRIGGER snapshots_append_only_delete BEFORE DELETE ON snapshots
                BEGIN SELECT RAISE(ABORT, 'snapshots are append-only'); END;
            CREATE TRIGGER snapshot_cards_append_only_update BEFORE UPDATE ON snapshot_cards
                BEGIN SELECT RAISE(ABORT, 'snapshots are append-only'); END;
            CREATE TRIGGER snapshot_cards_append_only_delete BEFORE DELETE ON snapshot_cards
                BEGIN SELECT RAISE(ABORT, 'snapshots are append-only'); END;
            """),
        (2, "sync checkpoints and quarantine", """
            CREATE TABLE sync_checkpoints (
                source TEXT NOT NULL,
                stream TEXT NOT NULL,
                cursor_updated_at TEXT NOT NULL,
                cursor_id TEXT NOT NULL,
                committed_at TEXT NOT NULL,
                PRIMARY KEY (source, stream)
            ) WITHOUT ROWID;

            CREATE TABLE sync_quarantine (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                source TEXT NOT NULL,
                stream TEXT NOT NULL,
                external_id TEXT NULL,
                reason TEXT NOT NULL,
                quarantined_at TEXT NOT NULL
            );
            CREATE INDEX sync_quarantine_source ON sync_quarantine (source);
            CREATE UNIQUE INDEX sync_quarantine_once ON sync_quarantine (source, stream, COALESCE(external_id, ''), reason);
            """),
        (3, "users, api tokens, audit log, alert history", """
            CREATE TABLE users (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                email TEXT NOT NULL COLLATE NOCASE UNIQUE,
                roles TEXT NOT NULL,
                password_hash TEXT NULL,
                created_at TEXT NOT NULL
            );

            CREATE TABLE api_tokens (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user_id INTEGER NOT NULL REFERENCES users (id),
                token_sha256 TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL
            );

            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at TEXT NOT NULL,
                actor TEXT NULL,
                action TEXT NOT NULL,
                subject TEXT NULL,
                detail TEXT NULL,
                client TEXT NULL
            );
            CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

            CREATE TABLE alert_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                snapshot_id INTEGER NOT NULL REFERENCES snapshots (id),
                card_key TEXT NOT NULL,
                title TEXT NOT NULL,
                transition TEXT NOT NULL,
                figure TEXT NOT NULL,
                threshold TEXT NOT NULL,
                unit TEXT NOT NULL,
                as_of TEXT NOT NULL
            );
            CREATE INDEX alert_events_card ON alert_events (card_key);
            CREATE TRIGGER alert_events_append_only_update BEFORE UPDATE ON alert_events
                BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;
            CREATE TRIGGER alert_events_append_only_delete BEFORE DELETE ON alert_events
                BEGIN SELECT RAISE(ABORT, 'alert history is append-only'); END;
            """),
        (4, "alert delivery outbox", """
            CREATE TABLE alert_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                alert_event_id INTEGER NOT NULL REFERENCES alert_events (id),
                webhook TEXT NOT NULL,
                idempotency_key TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                last_status_code INTEGER NULL,
                last_error TEXT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                delivered_at TEXT NULL,
                UNIQUE (alert_event_id, webhook)
            );
            CREATE INDEX alert_deliveries_pending ON alert_deliveries (status, id);
            """),
        (5, "refresh failures", """
            CREATE TABLE refresh_failures (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                failed_at TEXT NOT NULL,
                after_snapshot_id INTEGER NOT NULL,
                error TEXT NOT NULL
            );
            CREATE TRIGGER refresh_failures_append_only_update BEFORE UPDATE ON refresh_failures
                BEGIN SELECT RAISE(ABORT, 'refresh failures are append-only'); END;
            CREATE TRIGGER refresh_failures_append_only_delete BEFORE DELETE ON refresh_failures
                BEGIN SELECT RAISE(ABORT, 'refresh failures are append-only'); END;
            """),
    ];

    public static int Latest => Steps[^1].Version;

    /// <summary>Applies the steps this database has not seen; refuses a database from newer code.</summary>
    public static void Apply(SqliteConnection connection, string path, string appliedAt)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var current = CurrentVersion(connection);
        if (current > Latest)
        {
            throw new InvalidOperationException(
                $"{path}: the store is at schema version {current}, newer than this Gapwatch understands ({Latest}); upgrade Gapwatch");
        }

        foreach (var (version, description, sql) in Steps.Where(s => s.Version > current))
        {
            using var transaction = connection.BeginTransaction();
            Execute(connection, sql, transaction);
            using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_migrations (version, description, applied_at) VALUES ($v, $d, $a)";
            record.Parameters.AddWithValue("$v", version);
            record.Parameters.AddWithValue("$d", description);
            record.Parameters.AddWithValue("$a", appliedAt);
            record.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    public static int CurrentVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
