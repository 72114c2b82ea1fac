using System.Text.Json.Nodes;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.BigCommerce;
using static Gapwatch.Connectors.Tests.BigCommerce.BigCommerceStores;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>
/// The fault tests of quality.md (F2–F14) against the simulated BigCommerce store, in the structure
/// of the Shopify ones. Each ends by asserting the store equals the expected set with no duplicate
/// key, and that no cursor went back.
/// </summary>
public sealed class BigCommerceFaultTests
{
    private static void AssertConverged(BigCommerceHarness h)
    {
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    private static StreamResult Orders(SyncSummary summary) => summary.Streams.Single(s => s.Stream == "orders");

    private static int OrderRequests(BigCommerceHarness h) => h.Simulator.Log.Count(l => l.Resource == BigCommerceDataset.Orders);

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
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
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        var future = new SyncCursor(BigCommerceHarness.Start.AddYears(1), "1");
        h.Store.CommitPage(BigCommerceHarness.Source, "orders", [], [], future);

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Skipped, Orders(summary).Status);
        Assert.Contains("ahead of this run's upper bound", Orders(summary).Message, StringComparison.Ordinal);
        Assert.Equal(0, OrderRequests(h));
        Assert.Equal(future, h.Store.Checkpoint(BigCommerceHarness.Source, "orders")!.Cursor);
        Assert.Empty(h.Store.Load().CommerceOrders);
    }

    [Fact]
    public async Task F4_ManyRowsShareOneModifiedDateAcrossPagesAndRuns_AllCaptured()
    {
        var data = new BigCommerceDataset();
        for (var i = 1; i <= 23; i++)
        {
            data.Order(2000 + i, Day(100), 501, "USD", 10m, 0m, 0m);
        }

        await using var h = await BigCommerceHarness.StartAsync(data);
        h.B2b = false;
        h.Options = new SyncOptions { PageSize = 4, MaxPagesPerRun = 3 };

        var first = await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync();

        Assert.Equal(StreamStatus.Partial, Orders(first).Status);
        Assert.Equal(12, Orders(first).Upserted.Inserted);
        Assert.Equal(StreamStatus.Completed, Orders(second).Status);
        AssertConverged(h);
    }

    [Fact]
    public async Task F5_RowChangesWhileLaterPagesAreRead_NothingSkippedAndTheEditCapturedNextRun()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        var ordersSeen = 0;
        h.Simulator.BeforeAnswer = _ =>
        {
            if (h.Simulator.Log[^1].Resource == BigCommerceDataset.Orders && ++ordersSeen == 2)
            {
                // Order 1001 was on page 1; it is edited now, so it moves past the run's upper bound,
                // and with page-number paging every later row would shift back by one.
                h.Simulator.Data.Order(1001, BigCommerceHarness.Start, 501, "USD", 95m, 10m, 8.25m);
            }

            return Task.CompletedTask;
        };

        await h.SyncAsync();
        var data = h.Store.Load();
        Assert.Equal(90m, data.CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        Assert.Equal(14, data.CommerceOrders.Count); // no row skipped by the shift
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Equal(95m, h.Store.Load().CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_SourceClockBehind_LateRowInsideTheLookbackIsCaptured()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        await h.SyncAsync();
        var checkpoint = h.Store.Checkpoint(BigCommerceHarness.Source, "orders")!.Cursor;

        h.Simulator.Data.Order(1099, checkpoint.UpdatedAt.AddMinutes(-4), 505, "USD", 10m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Contains(h.Store.Load().CommerceOrders, o => o.Id == "1099");
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_RowsAroundMidnightAndADstSwitch_InclusiveBoundsLoseNothing()
    {
        // RFC 2822 dates carry an offset; the store in New York writes -0500 before the switch. Bounds are whole seconds, inclusive.
        var data = new BigCommerceDataset();
        var dst = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero);
        var midnightNewYork = new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.FromHours(-5));
        data.Order(3001, dst.AddSeconds(-1), 501, "USD", 1m, 0m, 0m)
            .Order(3002, dst, 501, "USD", 1m, 0m, 0m)
            .Order(3003, midnightNewYork.AddSeconds(-1), 501, "USD", 1m, 0m, 0m)
            .Order(3004, midnightNewYork, 501, "USD", 1m, 0m, 0m);
        var local = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "3004").Json;
        local["date_modified"] = "Sun, 08 Mar 2026 00:00:00 -0500";
        data.Put(BigCommerceDataset.Orders, "3004", midnightNewYork, local);
        await using var h = await BigCommerceHarness.StartAsync(data);
        h.B2b = false;
        h.Options = new SyncOptions { PageSize = 1, Lookback = TimeSpan.Zero };

        await h.SyncAsync();

        Assert.Equal(["3001", "3002", "3003", "3004"], h.Store.Load().CommerceOrders.Select(o => o.Id).Order(StringComparer.Ordinal));
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_429WithResetMs_WaitsThatLongThenCompletes()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TooManyRequests) { ResetMs = 4500, Resource = BigCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(h.Clock.Waits, w => w == TimeSpan.FromMilliseconds(4500));
        Assert.True(summary.ThrottledTime >= TimeSpan.FromMilliseconds(4500));
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_429WithoutHeaders_IsPlatformLoadAndBacksOff()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TooManyRequests) { ResetMs = null, Resource = BigCommerceDataset.Customers, Times = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(2, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_QuotaSpent_NextRequestWaitsForTheWindowToReset()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard(), simulator: new BigCommerceSimulatorOptions { RequestsQuota = 3, Window = TimeSpan.FromSeconds(30) });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        Assert.True(summary.ThrottledTime > TimeSpan.Zero);
        Assert.Equal(0, summary.Retries); // paced by the headers, never refused
        Assert.All(h.Clock.Waits, w => Assert.True(w <= TimeSpan.FromSeconds(30)));
        AssertConverged(h);
    }

    [Fact]
    public async Task F8_Endless429_DefersTheStreamKeepsTheCheckpointAndBoundsRequests()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard(), new ConnectorHttpOptions { MaxRetryAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TooManyRequests) { ResetMs = 1000, Resource = BigCommerceDataset.Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (orders.Status, orders.ErrorKind));
        Assert.Contains("deferred", orders.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 1 + 3, OrderRequests(h));
        Assert.Equal(orders.CursorAfter, h.Store.Checkpoint(BigCommerceHarness.Source, "orders")!.Cursor);
        Assert.Equal(5, h.Store.Load().CommerceOrders.Count);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "bigcommerce");
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F8_ResetBeyondTheLongestWait_IsNotWaitedOut()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TooManyRequests) { ResetMs = 10 * 60 * 1000, Resource = BigCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (Orders(summary).Status, Orders(summary).ErrorKind));
        Assert.Equal(1, OrderRequests(h));
        Assert.Empty(h.Clock.Waits);
    }

    [Theory]
    [InlineData(BigCommerceFaultKind.ServerError)]
    [InlineData(BigCommerceFaultKind.ConnectionReset)]
    public async Task F9_BurstOfFailures_IsRetriedWithJitteredBackoff(BigCommerceFaultKind kind)
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new BigCommerceFault(kind) { Times = 3, After = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(3, summary.Retries);
        Assert.Equal(3, h.Clock.Waits.Count);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_AttemptTimeout_IsRetried()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.Hang) { Resource = BigCommerceDataset.Orders, After = 1 });
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Simulator.BeforeAnswer = _ =>
        {
            if (OrderRequests(h) == 2)
            {
                hanging.TrySetResult();
            }

            return Task.CompletedTask;
        };

        var sync = h.SyncAsync();
        await hanging.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await Task.Delay(200); // let the request reach the hang before the clock jumps
        h.Clock.Advance(TimeSpan.FromMinutes(11));
        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(summary.Succeeded, Orders(summary).Message);
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_FailuresBeyondTheBudget_FailTheStreamNeverComplete()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard(), new ConnectorHttpOptions { MaxRetryAttempts = 2, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.ServerError) { StatusCode = 502, Resource = BigCommerceDataset.Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (Orders(summary).Status, Orders(summary).ErrorKind));
        Assert.Contains("502", Orders(summary).Message, StringComparison.Ordinal);
        Assert.False(summary.Succeeded);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "bigcommerce");
    }

    [Theory]
    [InlineData(BigCommerceFaultKind.TruncatedJson, BigCommerceDataset.Orders, "not complete JSON")]
    [InlineData(BigCommerceFaultKind.HtmlPage, BigCommerceDataset.Orders, "expected a JSON answer, got HTTP 200 with content type 'text/html'")]
    [InlineData(BigCommerceFaultKind.TruncatedJson, BigCommerceDataset.Refunds, "not complete JSON")]
    public async Task F10_BrokenBodyOnPageTwo_CommitsNothingOfItAndKeepsTheCursor(BigCommerceFaultKind kind, string resource, string message)
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
        h.Options = new SyncOptions { PageSize = 10 };
        h.Simulator.Inject(new BigCommerceFault(kind) { Resource = resource, After = resource == BigCommerceDataset.Orders ? 1 : 0 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable, 1), (orders.Status, orders.ErrorKind, orders.Pages));
        Assert.Contains(message, orders.Message, StringComparison.Ordinal);
        Assert.Equal(new SyncCursor(Day(40), "1010"), h.Store.Checkpoint(BigCommerceHarness.Source, "orders")!.Cursor);
        Assert.Equal(10, h.Store.Load().CommerceOrders.Count);
        Assert.Empty(h.Store.Load().CommerceRefunds);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        AssertConverged(h);
    }

    [Fact]
    public async Task F11_UnknownFieldsNumbersAsStringsAndNullKeys_AreParsedOrQuarantinedAndCounted()
    {
        var data = Standard();
        var odd = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1001").Json;
        odd["some_field_from_2027"] = new JsonObject { ["nested"] = true };
        odd["is_tax_inclusive_pricing"] = "false";
        odd["total_inc_tax"] = 108.25m; // a number where the API sends a string
        odd["id"] = "1001";
        data.Put(BigCommerceDataset.Orders, "1001", Day(31), odd);
        var keyless = data.Sorted(BigCommerceDataset.Customers).Single(c => c.Id == "512").Json;
        keyless["id"] = null;
        data.Put(BigCommerceDataset.Customers, "512", Day(12), keyless);
        var badCurrency = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1002").Json;
        badCurrency["default_currency_code"] = "XXX";
        data.Put(BigCommerceDataset.Orders, "1002", Day(32), badCurrency);
        var badDate = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1003").Json;
        badDate["date_created"] = "yesterday";
        data.Put(BigCommerceDataset.Orders, "1003", Day(33), badDate);
        var badRefunded = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1004").Json;
        badRefunded["refunded_amount"] = "n/a";
        data.Put(BigCommerceDataset.Orders, "1004", Day(34), badRefunded);
        await using var h = await BigCommerceHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(4, summary.Quarantined); // the keyless customer, the unknown currency, the unreadable date and refunded amount
        Assert.Equal(4, h.Store.QuarantinedCount(BigCommerceHarness.Source));
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1001");
        Assert.Equal((108.25m, false), (order.Total, order.TaxesIncluded));
        var stored = h.Stored();
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|bigcommerce:1002", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|bigcommerce:1003", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|bigcommerce:1004", stored.Keys);
        Assert.Equal(11, h.Store.Load().CommerceCustomers.Count(c => !c.CompanyAccount));

        h.Options = new SyncOptions { PageSize = 5, Lookback = TimeSpan.FromDays(7) };
        h.Clock.Advance(TimeSpan.FromHours(1));
        var again = await h.SyncAsync();
        Assert.Equal(4, h.Store.QuarantinedCount(BigCommerceHarness.Source));
        Assert.Equal(0, again.RecordsUpserted);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F12_TokenRevokedMidRun_NeedsReauthenticationOnceAndStops()
    {
        await using var h = await BigCommerceHarness.StartAsync(Standard());
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
    public async Task F13_ServerRepeatsThePageWhateverIsAsked_IsALoopAndStops()
    {
        var data = new BigCommerceDataset();
        for (var i = 1; i <= 12; i++)
        {
            data.Order(2000 + i, Day(100), 501, "USD", 10m, 0m, 0m); // one modified date: the stream turns page numbers
        }

        await using var h = await BigCommerceHarness.StartAsync(data);
        h.B2b = false;
        h.Options = new SyncOptions { PageSize = 4 };
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.RepeatPage) { Resource = BigCommerceDataset.Orders, After = 2, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (orders.Status, orders.ErrorKind));
        Assert.Contains("paging loop", orders.Message, StringComparison.Ordinal);
        Assert.Equal(3, OrderRequests(h)); // page 1 of the first window, page 1 and the repeated page 2 of the shared second
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F14_OldVersionDeliveredAfterTheNewOne_TheNewerStays()
    {
        var data = Standard();
        await using var h = await BigCommerceHarness.StartAsync(data);
        await h.SyncAsync();

        data.Order(1014, Day(44).AddMinutes(-3), 504, "USD", 1m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync();

        Assert.True(Orders(second).Upserted.Stale >= 1); // counted each time it is read (the page boundary re-reads its modified second)
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1014");
        Assert.Equal((100m, Day(44)), (order.Total, order.UpdatedAt));
        h.AssertCursorsNeverWentBack();
    }
}
