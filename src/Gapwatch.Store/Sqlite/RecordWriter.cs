using System.Text.Json;
using Gapwatch.Model;
using Gapwatch.Ports;
using Microsoft.Data.Sqlite;

namespace Gapwatch.Store.Sqlite;

/// <summary>
/// Upserts one record under the version guard, with prepared statements reused across a batch:
/// a stored newer version wins (stale), the same content is unchanged, anything else replaces.
/// </summary>
internal sealed class RecordWriter : IDisposable
{
    private readonly SqliteCommand select;
    private readonly SqliteCommand write;

    public RecordWriter(SqliteConnection connection, SqliteTransaction transaction, string storedAt)
    {
        select = connection.CreateCommand();
        select.Transaction = transaction;
        select.CommandText = "SELECT version, payload FROM records WHERE kind = $kind AND key = $key";
        select.Parameters.Add("$kind", SqliteType.Text);
        select.Parameters.Add("$key", SqliteType.Text);
        write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO records (kind, key, version, payload, stored_at) VALUES ($kind, $key, $version, $payload, $stored)
            ON CONFLICT (kind, key) DO UPDATE SET version = excluded.version, payload = excluded.payload, stored_at = excluded.stored_at
            """;
        write.Parameters.Add("$kind", SqliteType.Text);
        write.Parameters.Add("$key", SqliteType.Text);
        write.Parameters.Add("$version", SqliteType.Text);
        write.Parameters.Add("$payload", SqliteType.Text);
        write.Parameters.AddWithValue("$stored", storedAt);
    }

    public UpsertResult Upsert(ISourceRecord record)
    {
        var payload = JsonSerializer.Serialize(record, record.GetType(), GapwatchJson.Options);
        var version = record.UpdatedAt is { } v ? SqliteWorkspaceStore.Stamp(v) : null;
        var (exists, storedVersion, storedPayload) = Find(record);
        if (exists && storedVersion is not null && version is not null && string.CompareOrdinal(version, storedVersion) < 0)
        {
            return new UpsertResult(0, 0, 0, 1);
        }

        if (exists && storedPayload == payload)
        {
            return new UpsertResult(0, 0, 1, 0);
        }

        write.Parameters["$kind"].Value = record.Kind;
        write.Parameters["$key"].Value = record.Key;
        write.Parameters["$version"].Value = (object?)version ?? DBNull.Value;
        write.Parameters["$payload"].Value = payload;
        write.ExecuteNonQuery();
        return exists ? new UpsertResult(0, 1, 0, 0) : new UpsertResult(1, 0, 0, 0);
    }

    public void Dispose()
    {
        select.Dispose();
        write.Dispose();
    }

    private (bool Exists, string? Version, string? Payload) Find(ISourceRecord record)
    {
        select.Parameters["$kind"].Value = record.Kind;
        select.Parameters["$key"].Value = record.Key;
        using var reader = select.ExecuteReader();
        return reader.Read() ? (true, reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetString(1)) : (false, null, null);
    }
}
