using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gapwatch.Store;

/// <summary>Where one alert's delivery to one webhook stands.</summary>
public enum DeliveryStatus
{
    Pending = 1,
    Delivered = 2,
    Failed = 3,
}

/// <summary>One row of the alert outbox: a fired alert owed to a webhook, with the idempotency key every attempt carries.</summary>
public sealed record AlertDelivery(
    long Id,
    StoredAlert Alert,
    string Webhook,
    string IdempotencyKey,
    DeliveryStatus Status,
    int Attempts,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? DeliveredAt);

public sealed partial class SqliteWorkspaceStore
{
    private const string DeliverySelect = """
        SELECT d.id, d.webhook, d.idempotency_key, d.status, d.attempts, d.last_status_code, d.last_error, d.delivered_at,
               a.id, a.snapshot_id, a.card_key, a.title, a.transition, a.figure, a.threshold, a.unit, a.as_of, s.computed_at
        FROM alert_deliveries d JOIN alert_events a ON a.id = d.alert_event_id JOIN snapshots s ON s.id = a.snapshot_id
        """;

    /// <summary>Deliveries not yet made, oldest first (at most <paramref name="limit"/>).</summary>
    public IReadOnlyList<AlertDelivery> PendingDeliveries(int limit) =>
        ReadDeliveries(DeliverySelect + " WHERE d.status = 'pending' ORDER BY d.id LIMIT $n", ("$n", limit));

    /// <summary>Every delivery of the given alerts (for the alert history).</summary>
    public IReadOnlyList<AlertDelivery> DeliveriesOf(IReadOnlyCollection<long> alertIds)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        if (alertIds.Count == 0)
        {
            return [];
        }

        var ids = string.Join(",", alertIds.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return ReadDeliveries(DeliverySelect + $" WHERE d.alert_event_id IN ({ids}) ORDER BY d.id");
    }

    /// <summary>Records an attempt's outcome: delivered, still pending (retry later) or failed for good.</summary>
    public void RecordDeliveryAttempt(long deliveryId, DeliveryStatus status, int? statusCode, string? error)
    {
        var now = Stamp(clock.GetUtcNow());
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE alert_deliveries SET status = $s, attempts = attempts + 1, last_status_code = $c, last_error = $e, updated_at = $n,
                delivered_at = CASE WHEN $s = 'delivered' THEN $n ELSE delivered_at END
            WHERE id = $i
            """;
        command.Parameters.AddWithValue("$s", status.ToString().ToLowerInvariant());
        command.Parameters.AddWithValue("$c", (object?)statusCode ?? DBNull.Value);
        command.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$n", now);
        command.Parameters.AddWithValue("$i", deliveryId);
        command.ExecuteNonQuery();
    }

    private List<AlertDelivery> ReadDeliveries(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var deliveries = new List<AlertDelivery>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var alert = new StoredAlert(
                reader.GetInt64(8), reader.GetInt64(9), ParseStamp(reader.GetString(17)),
                new Alerts.AlertEvent(
                    reader.GetString(10), reader.GetString(11),
                    reader.GetString(12) == "fired" ? Alerts.AlertTransition.Fired : Alerts.AlertTransition.Rearmed,
                    decimal.Parse(reader.GetString(13), CultureInfo.InvariantCulture), decimal.Parse(reader.GetString(14), CultureInfo.InvariantCulture),
                    reader.GetString(15), ParseStamp(reader.GetString(16))));
            deliveries.Add(new AlertDelivery(
                reader.GetInt64(0), alert, reader.GetString(1), reader.GetString(2),
                Enum.Parse<DeliveryStatus>(reader.GetString(3), ignoreCase: true), reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5), reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : ParseStamp(reader.GetString(7))));
        }

        return deliveries;
    }
}
