using System.Text.Json.Nodes;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.Shopify;
using static Gapwatch.Connectors.Tests.Shopify.ShopifyShops;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>
/// The fault tests of quality.md (F2–F14) against the simulated shop. Each ends by asserting the
/// store equals the expected set with no duplicate key, and that no cursor went back.
/// </summary>
public sealed class ShopifyFaultTests
{
    private static void AssertConverged(ShopifyHarness h)
    {
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    private static StreamResult Orders(SyncSummary summary) => summary.Streams.Single(s => s.Stream == "orders");

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));

        var second = await h.SyncAsync();

        Assert.True(second.Succeeded);
        Assert.Equal(0, second.RecordsUpserted);
        Assert.All(second.Streams, s => Assert.Equal(0, s.Upserted.Inserted + s.Upserted.Updated + s.Upserted.Stale));
        AssertConverged(h);
    }

    [Fact]
    public async Task F3_StoredCursorInTheFuture_ReadsNothingWarnsAndKeepsIt()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        var future = new SyncCursor(ShopifyHarness.Start.AddYears(1), "1");
        h.Store.CommitPage(ShopifyHarness.Source, "orders", [], [], future);

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Skipped, Orders(summary).Status);
        Assert.Contains("ahead of this run's upper bound", Orders(summary).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Simulator.Log, l => l.Resource == ShopifyDataset.Orders);
        Assert.Equal(future, h.Store.Checkpoint(ShopifyHarness.Source, "orders")!.Cursor);
        Assert.Empty(h.Store.Load().CommerceOrders);
    }

    [Fact]
    public async Task F4_ManyRowsShareOneUpdatedAtAcrossPagesAndRuns_AllCaptured()
    {
        var data = new ShopifyDataset();
        for (var i = 1; i <= 23; i++)
        {
            data.Order(2000 + i, Day(100), 501, "USD", 10m, 0m, 0m);
        }

        await using var h = await ShopifyHarness.StartAsync(data);
        h.Options = new SyncOptions { PageSize = 4, MaxPagesPerRun = 3 };

        var first = await h.SyncAsync(includeCompanies: false);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync(includeCompanies: false);

        Assert.Equal(StreamStatus.Partial, Orders(first).Status);
        Assert.Equal(12, Orders(first).Upserted.Inserted);
        Assert.Equal(StreamStatus.Completed, Orders(second).Status);
        AssertConverged(h);
    }

    [Fact]
    public async Task F5_RowChangesWhileLaterPagesAreRead_CapturedInTheNextRun()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        var ordersSeen = 0;
        h.Simulator.BeforeAnswer = _ =>
        {
            if (h.Simulator.Log[^1].Resource == ShopifyDataset.Orders && ++ordersSeen == 2)
            {
                // Order 1001 was on page 1; it is edited now, so it moves past the run's upper bound.
                h.Simulator.Data.Order(1001, ShopifyHarness.Start, 501, "USD", 95m, 10m, 8.25m);
            }

            return Task.CompletedTask;
        };

        await h.SyncAsync();
        Assert.Equal(90m, h.Store.Load().CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Equal(95m, h.Store.Load().CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_SourceClockBehind_LateRowInsideTheLookbackIsCaptured()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        await h.SyncAsync();
        var checkpoint = h.Store.Checkpoint(ShopifyHarness.Source, "orders")!.Cursor;

        // A row written after the run, stamped 4 minutes before the checkpoint by a source clock running behind.
        h.Simulator.Data.Order(1099, checkpoint.UpdatedAt.AddMinutes(-4), 505, "USD", 10m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Contains(h.Store.Load().CommerceOrders, o => o.Id == "1099");
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_RowsAroundMidnightAndADstSwitch_InclusiveBoundsLoseNothing()
    {
        // 2026-03-08 07:00Z is 02:00 in New York when clocks jump to 03:00; the API speaks UTC, the window bounds are whole seconds, both inclusive.
        var data = new ShopifyDataset();
        var dst = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero);
        var midnightNewYork = new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.FromHours(-5));
        data.Order(3001, dst.AddSeconds(-1), 501, "USD", 1m, 0m, 0m)
            .Order(3002, dst, 501, "USD", 1m, 0m, 0m)
            .Order(3003, midnightNewYork.AddSeconds(-1), 501, "USD", 1m, 0m, 0m)
            .Order(3004, midnightNewYork, 501, "USD", 1m, 0m, 0m);
        await using var h = await ShopifyHarness.StartAsync(data);
        h.Options = new SyncOptions { PageSize = 1, Lookback = TimeSpan.Zero };

        await h.SyncAsync(includeCompanies: false);

        Assert.Equal(["3001", "3002", "3003", "3004"], h.Store.Load().CommerceOrders.Select(o => o.Id).Order(StringComparer.Ordinal));
        AssertConverged(h);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("2.0", 2)]
    [InlineData("date", 9)]
    public async Task F7_429WithRetryAfter_WaitsAtLeastThatLongThenCompletes(string retryAfter, int seconds)
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        var header = retryAfter == "date" ? ShopifyHarness.Start.AddSeconds(seconds).ToString("r", System.Globalization.CultureInfo.InvariantCulture) : retryAfter;
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.TooManyRequests) { RetryAfter = header, Resource = ShopifyDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(h.Clock.Waits, w => w >= TimeSpan.FromSeconds(seconds));
        Assert.True(summary.ThrottledTime >= TimeSpan.FromSeconds(seconds));
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_ThrottledInA200Body_WaitsForTheBucketThenCompletes()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.Throttled) { Resource = ShopifyDataset.Orders, Times = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        // Page size 5 costs 7 points; the bucket is empty and restores 100 a second: one second each time.
        Assert.Equal(2, h.Clock.Waits.Count(w => w == TimeSpan.FromSeconds(1)));
        Assert.Equal(2, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_CostBucketRunsDry_QueriesArePacedByThrottleStatus()
    {
        var data = new ShopifyDataset();
        for (var i = 1; i <= 40; i++)
        {
            data.Customer(800 + i, Day(i), $"c{i}@example.com", "C", $"{i}");
        }

        await using var h = await ShopifyHarness.StartAsync(data, simulator: new ShopifySimulatorOptions { BucketSize = 20m, RestoreRate = 2m });

        var summary = await h.SyncAsync(includeCompanies: false);

        Assert.True(summary.Succeeded);
        Assert.True(summary.ThrottledTime > TimeSpan.Zero);
        AssertConverged(h);
    }

    [Fact]
    public async Task F8_Endless429_DefersTheStreamKeepsTheCheckpointAndBoundsRequests()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard(), new ConnectorHttpOptions { MaxRetryAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.TooManyRequests) { RetryAfter = "1", Resource = ShopifyDataset.Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (orders.Status, orders.ErrorKind));
        Assert.Contains("deferred", orders.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 1 + 3, h.Simulator.Log.Count(l => l.Resource == ShopifyDataset.Orders));
        Assert.Equal(orders.CursorAfter, h.Store.Checkpoint(ShopifyHarness.Source, "orders")!.Cursor);
        Assert.Equal(5, h.Store.Load().CommerceOrders.Count);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "shopify");
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [InlineData(ShopifyFaultKind.ServerError)]
    [InlineData(ShopifyFaultKind.ConnectionReset)]
    public async Task F9_BurstOfFailures_IsRetriedWithJitteredBackoff(ShopifyFaultKind kind)
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        h.Simulator.Inject(new ShopifyFault(kind) { Times = 3, After = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(3, summary.Retries);
        Assert.Equal(3, h.Clock.Waits.Count);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_AttemptTimeout_IsRetried()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.Hang) { Resource = ShopifyDataset.Orders, After = 1 });
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Simulator.BeforeAnswer = n =>
        {
            if (h.Simulator.Log.Count(l => l.Resource == ShopifyDataset.Orders) == 2)
            {
                hanging.TrySetResult();
            }

            return Task.CompletedTask;
        };

        var sync = h.SyncAsync();
        await hanging.Task.WaitAsync(TimeSpan.FromMinutes(1));
        h.Clock.Advance(TimeSpan.FromMinutes(11)); // past the attempt timeout (10 min in the harness)
        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(summary.Succeeded, Orders(summary).Message);
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_FailuresBeyondTheBudget_FailTheStreamNeverComplete()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard(), new ConnectorHttpOptions { MaxRetryAttempts = 2, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.ServerError) { StatusCode = 502, Resource = ShopifyDataset.Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (Orders(summary).Status, Orders(summary).ErrorKind));
        Assert.Contains("502", Orders(summary).Message, StringComparison.Ordinal);
        Assert.False(summary.Succeeded);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "shopify");
    }

    [Theory]
    [InlineData(ShopifyFaultKind.TruncatedJson, "not complete JSON")]
    [InlineData(ShopifyFaultKind.HtmlPage, "expected a JSON answer, got HTTP 200 with content type 'text/html'")]
    public async Task F10_BrokenBodyOnPageTwo_CommitsNothingOfItAndKeepsTheCursor(ShopifyFaultKind kind, string message)
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        h.Simulator.Inject(new ShopifyFault(kind) { Resource = ShopifyDataset.Orders, After = 1 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable, 1), (orders.Status, orders.ErrorKind, orders.Pages));
        Assert.Contains(message, orders.Message, StringComparison.Ordinal);
        Assert.Equal(new SyncCursor(Day(35), "1005"), h.Store.Checkpoint(ShopifyHarness.Source, "orders")!.Cursor);
        Assert.Equal(5, h.Store.Load().CommerceOrders.Count);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        AssertConverged(h);
    }

    [Fact]
    public async Task F11_UnknownFieldsNumbersAsStringsAndNullKeys_AreParsedOrQuarantinedAndCounted()
    {
        var data = Standard();
        var odd = data.Sorted(ShopifyDataset.Orders).Single(o => o.Id == "1001").Json;
        odd["someFieldFrom2027"] = new JsonObject { ["nested"] = true };
        odd["taxesIncluded"] = "false";
        odd["totalPriceSet"]!["shopMoney"]!["amount"] = 108.25m; // a number where the API sends a string
        data.Put(ShopifyDataset.Orders, "1001", Day(31), odd);
        var keyless = data.Sorted(ShopifyDataset.Customers).Single(c => c.Id == "512").Json;
        keyless["id"] = null;
        keyless["legacyResourceId"] = null;
        data.Put(ShopifyDataset.Customers, "512", Day(12), keyless);
        var badCurrency = data.Sorted(ShopifyDataset.Orders).Single(o => o.Id == "1002").Json;
        badCurrency["currencyCode"] = "XXX";
        data.Put(ShopifyDataset.Orders, "1002", Day(32), badCurrency);
        var badDate = data.Sorted(ShopifyDataset.Orders).Single(o => o.Id == "1003").Json;
        badDate["processedAt"] = "yesterday";
        data.Put(ShopifyDataset.Orders, "1003", Day(33), badDate);
        await using var h = await ShopifyHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(4 - 1, summary.Quarantined); // the keyless customer, the unknown currency, the unreadable date
        Assert.Equal(3, h.Store.QuarantinedCount(ShopifyHarness.Source));
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1001");
        Assert.Equal((108.25m, false), (order.Total, order.TaxesIncluded));
        var stored = h.Stored();
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|shopify:1002", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|shopify:1003", stored.Keys);
        Assert.Equal(11, h.Store.Load().CommerceCustomers.Count(c => !c.CompanyAccount));

        // A run whose lookback covers everything meets the same bad rows again: counted in that run, kept once.
        h.Options = new SyncOptions { PageSize = 5, Lookback = TimeSpan.FromDays(7) };
        h.Clock.Advance(TimeSpan.FromHours(1));
        var again = await h.SyncAsync();
        Assert.Equal(3, again.Quarantined);
        Assert.Equal(3, h.Store.QuarantinedCount(ShopifyHarness.Source));
        Assert.Equal(0, again.RecordsUpserted);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F12_TokenRevokedMidRun_NeedsReauthenticationOnceAndStops()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        h.Simulator.BeforeAnswer = n =>
        {
            if (n == 2)
            {
                h.Simulator.RevokeToken();
            }

            return Task.CompletedTask;
        };

        var summary = await h.SyncAsync();

        Assert.Single(summary.Streams, s => s.ErrorKind == SyncErrorKind.NeedsReauthentication);
        Assert.Equal([StreamStatus.Failed, StreamStatus.Skipped, StreamStatus.Skipped], summary.Streams.Select(s => s.Status));
        Assert.Equal(2, h.Simulator.Requests); // a 401 is not retried
        Assert.Equal(5, h.Store.Load().CommerceCustomers.Count);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F13_ExpiredPageToken_RestartsFromTheCheckpointAndCompletes()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.InvalidCursor) { Resource = ShopifyDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, Orders(summary).Message);
        var restart = h.Simulator.Log.Where(l => l.Resource == ShopifyDataset.Orders).ElementAt(2);
        Assert.Null(restart.After);
        Assert.StartsWith($"updated_at:>='{ShopifyDataset.Stamp(Day(35))}'", restart.Query, StringComparison.Ordinal);
        AssertConverged(h);
    }

    [Fact]
    public async Task F13_SameNextCursorTwice_IsALoopAndStops()
    {
        await using var h = await ShopifyHarness.StartAsync(Standard());
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.RepeatCursor) { Resource = ShopifyDataset.Orders, After = 1 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (orders.Status, orders.ErrorKind));
        Assert.Contains("same next-page token twice", orders.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Simulator.Log.Count(l => l.Resource == ShopifyDataset.Orders));
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F14_OldVersionDeliveredAfterTheNewOne_TheNewerStays()
    {
        var data = Standard();
        await using var h = await ShopifyHarness.StartAsync(data);
        await h.SyncAsync();

        // A stale replica serves an older version of order 1014 (still inside the lookback window).
        data.Order(1014, Day(44).AddMinutes(-3), 504, "USD", 1m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync();

        Assert.Equal(1, Orders(second).Upserted.Stale);
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1014");
        Assert.Equal((100m, Day(44)), (order.Total, order.UpdatedAt));
        h.AssertCursorsNeverWentBack();
    }
}
