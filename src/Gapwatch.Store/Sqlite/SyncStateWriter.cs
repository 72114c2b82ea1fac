using Gapwatch.Ports;
using Microsoft.Data.Sqlite;

namespace Gapwatch.Store.Sqlite;

/// <summary>Reads and writes sync checkpoints and quarantined rows inside a caller's transaction.</summary>
internal static class SyncStateWriter
{
    public static StreamCheckpoint? Read(SqliteConnection connection, SqliteTransaction? transaction, string source, string stream)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT cursor_updated_at, cursor_id, committed_at FROM sync_checkpoints WHERE source = $s AND stream = $t";
        command.Parameters.AddWithValue("$s", source);
        command.Parameters.AddWithValue("$t", stream);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Checkpoint(source, stream, reader.GetString(0), reader.GetString(1), reader.GetString(2)) : null;
    }

    public static List<StreamCheckpoint> ReadAll(SqliteConnection connection, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT stream, cursor_updated_at, cursor_id, committed_at FROM sync_checkpoints WHERE source = $s ORDER BY stream";
        command.Parameters.AddWithValue("$s", source);
        using var reader = command.ExecuteReader();
        var all = new List<StreamCheckpoint>();
        while (reader.Read())
        {
            all.Add(Checkpoint(source, reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }

        return all;
    }

    /// <summary>
    /// Moves the cursor forward; a cursor at or behind the stored one leaves it as it is, unless
    /// <paramref name="rewind"/> asks to move it back (rows came out of order: re-read from there).
    /// </summary>
    public static SyncCursor? Advance(SqliteConnection connection, SqliteTransaction transaction, string source, string stream, SyncCursor? cursor, string committedAt, bool rewind = false)
    {
        var stored = Read(connection, transaction, source, stream)?.Cursor;
        if (cursor is null || (stored is not null && (rewind ? cursor == stored : cursor <= stored)))
        {
            return stored;
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO sync_checkpoints (source, stream, cursor_updated_at, cursor_id, committed_at) VALUES ($s, $t, $u, $i, $c)
            ON CONFLICT (source, stream) DO UPDATE SET cursor_updated_at = excluded.cursor_updated_at, cursor_id = excluded.cursor_id, committed_at = excluded.committed_at
            """;
        command.Parameters.AddWithValue("$s", source);
        command.Parameters.AddWithValue("$t", stream);
        command.Parameters.AddWithValue("$u", SqliteWorkspaceStore.Stamp(cursor.UpdatedAt));
        command.Parameters.AddWithValue("$i", cursor.Id);
        command.Parameters.AddWithValue("$c", committedAt);
        command.ExecuteNonQuery();
        return cursor;
    }

    /// <summary>Keeps a rejected row once: the same row rejected again for the same reason (a re-read) is not added twice.</summary>
    public static void Quarantine(SqliteConnection connection, SqliteTransaction transaction, QuarantinedRecord record, string at)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT OR IGNORE INTO sync_quarantine (source, stream, external_id, reason, quarantined_at) VALUES ($s, $t, $e, $r, $a)";
        command.Parameters.AddWithValue("$s", record.Source);
        command.Parameters.AddWithValue("$t", record.Stream);
        command.Parameters.AddWithValue("$e", (object?)record.ExternalId ?? DBNull.Value);
        command.Parameters.AddWithValue("$r", record.Reason);
        command.Parameters.AddWithValue("$a", at);
        command.ExecuteNonQuery();
    }

    public static int QuarantinedCount(SqliteConnection connection, string source)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sync_quarantine WHERE source = $s";
        command.Parameters.AddWithValue("$s", source);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static StreamCheckpoint Checkpoint(string source, string stream, string updatedAt, string id, string committedAt) =>
        new(source, stream, new SyncCursor(SqliteWorkspaceStore.ParseStamp(updatedAt), id), SqliteWorkspaceStore.ParseStamp(committedAt));
}
