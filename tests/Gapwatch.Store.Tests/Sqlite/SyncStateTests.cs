using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Store.Tests.Sqlite;

public sealed class SyncStateTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-sync-").FullName;
    private readonly FakeTimeProvider clock = new(T0);

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private SqliteWorkspaceStore Open() => SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);

    private static CommerceRefund Refund(string id, DateTimeOffset updatedAt) =>
        new(Platform.Shopify, id, "1001", T0, 5m, 0m, "USD", updatedAt);

    [Fact]
    public void CommitPage_StoresRecordsQuarantineAndCursorTogether()
    {
        using var store = Open();
        var cursor = new SyncCursor(T0, "2");
        var commit = store.CommitPage("shopify:us", "orders", [Refund("1", T0), Refund("2", T0)],
            [new QuarantinedRecord("shopify:us", "orders", "3", "currency 'XXX' is not supported")], cursor);

        Assert.Equal(2, commit.Upserted.Inserted);
        Assert.Equal(1, commit.Quarantined);
        Assert.Equal(cursor, store.Checkpoint("shopify:us", "orders")!.Cursor);
        Assert.Equal(1, store.QuarantinedCount("shopify:us"));
        Assert.Null(store.Checkpoint("shopify:us", "customers"));
    }

    [Fact]
    public void CommitPage_Rewind_MovesTheStoredCursorBack()
    {
        using var store = Open();
        store.CommitPage("s", "orders", [], [], new SyncCursor(T0, "5"));

        var rewound = store.CommitPage("s", "orders", [], [], new SyncCursor(T0.AddHours(-1), "2"), rewind: true);

        Assert.Equal(new SyncCursor(T0.AddHours(-1), "2"), rewound.Cursor);
        Assert.Equal(new SyncCursor(T0.AddHours(-1), "2"), store.Checkpoint("s", "orders")!.Cursor);
    }

    [Fact]
    public void CommitPage_OlderCursor_KeepsTheStoredOne()
    {
        using var store = Open();
        store.CommitPage("s", "orders", [], [], new SyncCursor(T0, "5"));

        var sameInstantLowerId = store.CommitPage("s", "orders", [], [], new SyncCursor(T0, "4"));
        var earlier = store.CommitPage("s", "orders", [], [], new SyncCursor(T0.AddSeconds(-1), "9"));

        Assert.Equal(new SyncCursor(T0, "5"), sameInstantLowerId.Cursor);
        Assert.Equal(new SyncCursor(T0, "5"), earlier.Cursor);
        Assert.Equal(new SyncCursor(T0, "5"), store.Checkpoint("s", "orders")!.Cursor);
    }

    [Fact]
    public void CommitPage_FailingRecord_RollsBackTheCursorToo()
    {
        using var store = Open();
        store.CommitPage("s", "orders", [Refund("1", T0)], [], new SyncCursor(T0, "1"));

        Assert.ThrowsAny<Exception>(() => store.CommitPage("s", "orders", [Refund("2", T0), new Unstorable()], [], new SyncCursor(T0.AddHours(1), "2")));

        Assert.Equal(new SyncCursor(T0, "1"), store.Checkpoint("s", "orders")!.Cursor);
        Assert.Single(store.Load().CommerceRefunds);
    }

    [Fact]
    public void Checkpoint_SurvivesReopen()
    {
        using (var store = Open())
        {
            store.CommitPage("s", "customers", [], [], new SyncCursor(T0.AddMinutes(3), "77"));
        }

        using var reopened = Open();
        Assert.Equal(new SyncCursor(T0.AddMinutes(3), "77"), reopened.Checkpoints("s").Single().Cursor);
    }

    [Fact]
    public void SyncCursor_OrdersByInstantThenId()
    {
        var a = new SyncCursor(T0, "10");
        Assert.True(a < new SyncCursor(T0, "11"));
        Assert.True(a < new SyncCursor(T0.AddTicks(1), "0"));
        Assert.True(a >= new SyncCursor(T0.ToOffset(TimeSpan.FromHours(2)), "10"));
        Assert.True(new SyncCursor(T0, "999") < new SyncCursor(T0, "1000"));
        Assert.True(new SyncCursor(T0, "1000") < new SyncCursor(T0, "company-1"));
    }

    private sealed class Unstorable : ISourceRecord
    {
        public string Kind => RecordKinds.CommerceRefund;

        public string Key => "shopify:bad";

        public DateTimeOffset? UpdatedAt => throw new InvalidOperationException("broken source record");
    }
}
