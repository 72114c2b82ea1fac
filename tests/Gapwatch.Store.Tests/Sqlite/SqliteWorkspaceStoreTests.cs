using Gapwatch.Cards;
using Gapwatch.Generator.Seeds;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Store;
using Gapwatch.Testing.Builders;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Store.Tests.Sqlite;

public sealed class SqliteWorkspaceStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-store-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 13, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private SqliteWorkspaceStore Open() => SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);

    private static List<ISourceRecord> EveryKind()
    {
        var sample = SeedSamples.All().Single(s => s.Name == "seed-002-sage-revenue-gap");
        var data = sample.Data;
        var b = Workspaces.Builder();
        b.SyncAttempt(SyncObject.Customer, "bigcommerce:1", b.At(4, 1, 9), SyncOutcome.Failed, "TAXSCHEDULE missing");
        var records = new List<ISourceRecord>
        {
            data.CommerceCustomers[0], data.CommerceOrders[0], data.CommerceRefunds[0], data.ErpCustomers[1], data.ErpSalesOrders[0],
            data.ErpDocuments[0], data.ExchangeRates[0], data.Sources[0], b.Data.SyncLog[0],
            new GlEntry("EAST", "GL-1", new DateOnly(2026, 4, 1), "4000", 12345678901234.5678m, "USD", "INV-1", new Dimensions("200", "EAST-DC"), Workspaces.AsOf),
            new PeriodLock("EAST", new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), Workspaces.AsOf, Workspaces.AsOf),
            new DataverseRecord("acc-1", "account", "Acme", "a@acme.example", "GB1", null, false, Workspaces.AsOf),
        };
        return records;
    }

    [Fact]
    public void Upsert_EveryKind_LoadsBackEqual()
    {
        using var store = Open();
        var records = EveryKind();
        var result = store.Upsert(records);
        Assert.Equal(new UpsertResult(records.Count, 0, 0, 0), result);
        var loaded = store.Load().All().ToList();
        Assert.Equal(records.Count, loaded.Count);
        foreach (var record in records)
        {
            var back = loaded.Single(r => r.Kind == record.Kind && r.Key == record.Key);
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(record, record.GetType(), GapwatchJson.Options),
                System.Text.Json.JsonSerializer.Serialize(back, back.GetType(), GapwatchJson.Options));
        }
    }

    [Fact]
    public void Upsert_DecimalsKeepEveryDigitAndScale()
    {
        using var store = Open();
        var gl = (GlEntry)EveryKind().Single(r => r is GlEntry);
        store.Upsert([gl with { Amount = 0.1m + 0.2m }]);
        Assert.Equal("0.3", store.Load().GlEntries.Single().Amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        store.Upsert([gl with { Amount = 12345678901234.5678m, UpdatedAt = gl.UpdatedAt!.Value.AddSeconds(1) }]);
        Assert.Equal(12345678901234.5678m, store.Load().GlEntries.Single().Amount);
    }

    [Fact]
    public void Upsert_SameRecordsTwice_SecondRunChangesNothing()
    {
        using var store = Open();
        var records = EveryKind();
        store.Upsert(records);
        Assert.Equal(new UpsertResult(0, 0, records.Count, 0), store.Upsert(records));
    }

    [Fact]
    public void Upsert_OlderVersion_KeepsNewerAndCountsStale()
    {
        using var store = Open();
        var order = (CommerceOrder)EveryKind().Single(r => r is CommerceOrder);
        var newer = order with { Total = order.Total + 10m, UpdatedAt = order.UpdatedAt!.Value.AddMinutes(5) };
        store.Upsert([newer]);
        Assert.Equal(new UpsertResult(0, 0, 0, 1), store.Upsert([order]));
        Assert.Equal(newer.Total, store.Load().CommerceOrders.Single().Total);
    }

    [Fact]
    public void Upsert_NewerVersion_Replaces()
    {
        using var store = Open();
        var order = (CommerceOrder)EveryKind().Single(r => r is CommerceOrder);
        store.Upsert([order]);
        var result = store.Upsert([order with { Status = CommerceOrderStatus.Cancelled, UpdatedAt = order.UpdatedAt!.Value.AddMinutes(1) }]);
        Assert.Equal(new UpsertResult(0, 1, 0, 0), result);
        Assert.Equal(CommerceOrderStatus.Cancelled, store.Load().CommerceOrders.Single().Status);
    }

    [Fact]
    public void Upsert_BatchFailsMidway_NothingOfItLands()
    {
        using var store = Open();
        var records = EveryKind();
        store.Upsert(records.Take(2).ToList());
        var before = store.CountByKind();
        var poisoned = records.Skip(2).Append(new UnstorableRecord()).ToList();
        Assert.ThrowsAny<Exception>(() => store.Upsert(poisoned));
        Assert.Equal(before, store.CountByKind());
    }

    [Fact]
    public void Snapshot_RoundTripsEveryCardExactly()
    {
        using var store = Open();
        var sample = SeedSamples.All().Single(s => s.Name == "seed-003-d365-absent");
        var asOf = new DateTimeOffset(2026, 4, 12, 23, 59, 59, TimeSpan.FromHours(-4));
        var cards = CardEngine.ComputeAll(sample.Data, sample.Settings, asOf);
        var id = store.SaveSnapshot(new RefreshSnapshot(0, clock.GetUtcNow(), asOf, cards));
        var back = store.LatestSnapshot()!;
        Assert.Equal(id, back.Id);
        Assert.Equal(asOf, back.AsOf);
        for (var i = 0; i < cards.Count; i++)
        {
            Assert.Equal(System.Text.Json.JsonSerializer.Serialize(cards[i], GapwatchJson.Options),
                System.Text.Json.JsonSerializer.Serialize(back.Cards[i], GapwatchJson.Options));
        }
    }

    [Fact]
    public void Snapshot_IsAppendOnly()
    {
        using var store = Open();
        store.SaveSnapshot(new RefreshSnapshot(0, clock.GetUtcNow(), clock.GetUtcNow(), []));
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "store.db")};Pooling=False");
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE snapshots SET as_of = 'x'";
        var error = Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => update.ExecuteNonQuery());
        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RefreshFailure_StandsUntilASnapshotIsStoredAfterIt_AndSurvivesReopening()
    {
        using (var store = Open())
        {
            Assert.Null(store.StandingRefreshFailure());
            var first = store.SaveSnapshot(new RefreshSnapshot(0, clock.GetUtcNow(), clock.GetUtcNow(), []));
            clock.Advance(TimeSpan.FromMinutes(15));
            store.RecordRefreshFailure(clock.GetUtcNow(), "no exchange rate CAD→USD on 2026-04-12", first);

            // A failure of a refresh that started before a snapshot stored meanwhile (by another process) does not stand over it.
            store.RecordRefreshFailure(clock.GetUtcNow(), "an older refresh's failure", first - 1);
        }

        using (var reopened = Open())
        {
            Assert.Equal(new RefreshFailure(clock.GetUtcNow(), "no exchange rate CAD→USD on 2026-04-12"), reopened.StandingRefreshFailure());
            clock.Advance(TimeSpan.FromMinutes(15));
            reopened.SaveSnapshot(new RefreshSnapshot(0, clock.GetUtcNow(), clock.GetUtcNow(), []));
            Assert.Null(reopened.StandingRefreshFailure());
        }
    }

    [Fact]
    public void Trend_ListsHeadlinesOldestFirst_AndLatestAtOrBeforeAsOf()
    {
        using var store = Open();
        var sample = SeedSamples.All().Single(s => s.Name == "seed-001-sage-absent");
        var first = new DateTimeOffset(2026, 4, 13, 23, 59, 59, TimeSpan.FromHours(1));
        var second = first.AddDays(1);
        store.SaveSnapshot(new RefreshSnapshot(0, clock.GetUtcNow(), first, CardEngine.ComputeAll(sample.Data, sample.Settings, first)));
        store.SaveSnapshot(new RefreshSnapshot(0, clock.GetUtcNow(), second, CardEngine.ComputeAll(sample.Data, sample.Settings, second)));
        var trend = store.Trend(CardKeys.CustomersAbsent, 10);
        Assert.Equal([first, second], trend.Select(t => t.AsOf));
        Assert.Equal(34m, trend[^1].Headline);
        Assert.Equal(first, store.LatestSnapshot(second.AddSeconds(-1))!.AsOf);
        Assert.Null(store.LatestSnapshot(first.AddSeconds(-1)));
    }

    [Fact]
    public void Open_TwiceOnOneFile_AppliesMigrationsOnce()
    {
        Open().Dispose();
        using var store = Open();
        Assert.Empty(store.Load().All());
    }

    [Fact]
    public void Open_StoreFromNewerGapwatch_IsRefusedWithClearMessage()
    {
        Open().Dispose();
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(directory, "store.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "INSERT INTO schema_migrations VALUES (999, 'future', '2030-01-01')";
            command.ExecuteNonQuery();
        }

        var error = Assert.Throws<InvalidOperationException>(Open);
        Assert.Contains("schema version 999", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A record the serializer cannot write: stands for any failure in the middle of a batch.</summary>
    private sealed class UnstorableRecord : ISourceRecord
    {
        public string Kind => RecordKinds.CommerceOrder;

        public string Key => "poison";

        public DateTimeOffset? UpdatedAt => throw new InvalidOperationException("broken source record");
    }
}
