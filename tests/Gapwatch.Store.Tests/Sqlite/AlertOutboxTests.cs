using Gapwatch.Alerts;
using Gapwatch.Cards;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Store.Tests.Sqlite;

/// <summary>Schema step 4: the alert outbox is written with the snapshot and keeps one idempotency key per delivery.</summary>
public sealed class AlertOutboxTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-outbox-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 13, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void FiredAlerts_OwedToEachWebhook_RearmsOwedToNone_KeysSurviveReopening()
    {
        var asOf = clock.GetUtcNow();
        AlertEvent[] alerts =
        [
            new("revenue_gap", "Revenue gap", AlertTransition.Fired, 12_500.25m, 10_000m, "USD", asOf),
            new("customers_absent", "Customers absent", AlertTransition.Rearmed, 4m, 10m, "count", asOf),
        ];
        IReadOnlyList<AlertDelivery> pending;
        using (var store = Open())
        {
            store.SaveSnapshot(new RefreshSnapshot(0, asOf, asOf, []), alerts, ["finance", "ops"]);
            pending = store.PendingDeliveries(10);
        }

        Assert.Equal(["finance", "ops"], pending.Select(d => d.Webhook));
        Assert.All(pending, d => Assert.Equal("revenue_gap", d.Alert.Event.CardKey));
        Assert.Equal(12_500.25m, pending[0].Alert.Event.Figure);
        Assert.Equal(2, pending.Select(d => d.IdempotencyKey).Distinct().Count());

        using var reopened = Open();
        Assert.Equal(pending.Select(d => d.IdempotencyKey), reopened.PendingDeliveries(10).Select(d => d.IdempotencyKey));
        reopened.RecordDeliveryAttempt(pending[0].Id, DeliveryStatus.Pending, 500, "the webhook answered 500");
        reopened.RecordDeliveryAttempt(pending[0].Id, DeliveryStatus.Delivered, 200, null);
        reopened.RecordDeliveryAttempt(pending[1].Id, DeliveryStatus.Failed, null, "refused");
        Assert.Empty(reopened.PendingDeliveries(10));
        var history = reopened.DeliveriesOf([pending[0].Alert.Id]);
        Assert.Equal((DeliveryStatus.Delivered, 2, 200, pending[0].IdempotencyKey), (history[0].Status, history[0].Attempts, history[0].LastStatusCode, history[0].IdempotencyKey));
        Assert.Equal(clock.GetUtcNow(), history[0].DeliveredAt);
        Assert.Equal((DeliveryStatus.Failed, "refused"), (history[1].Status, history[1].LastError));
    }

    private SqliteWorkspaceStore Open() => SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);
}
