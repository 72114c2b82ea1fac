using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.AdobeCommerce;
using static Gapwatch.Connectors.Tests.AdobeCommerce.AdobeCommerceStores;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>
/// The fault tests of quality.md (F2–F14) against the simulated Adobe Commerce store, in the shape of
/// the Shopify ones. Differences are Magento's: no THROTTLED-in-200 (F7 covers 503 with Retry-After
/// instead), and no server-side page token to expire (F13: the keyset token is rebuilt from the last
/// row, so the repeated page Magento serves past the end is what is guarded against).
/// </summary>
public sealed class AdobeCommerceFaultTests
{
    private static void AssertConverged(AdobeCommerceHarness h)
    {
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    private static StreamResult Orders(SyncSummary summary) => summary.Streams.Single(s => s.Stream == "orders");

    private static int OrderRequests(AdobeCommerceHarness h) => h.Simulator.Log.Count(l => l.Resource == AdobeCommerceDataset.Orders);

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));

        var second = await h.SyncAsync();

        Assert.True(second.Succeeded);
        Assert.Equal(0, second.RecordsUpserted);
        Assert.All(second.Streams, s => Assert.Equal(0, s.Upserted.Inserted + s.Upserted.Updated + s.Upserted.Stale));
        Assert.Equal(2, second.Streams.Single(s => s.Stream == "companies").Upserted.Unchanged);
        AssertConverged(h);
    }

    [Fact]
    public async Task F3_StoredCursorInTheFuture_ReadsNothingWarnsAndKeepsIt()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        var future = new SyncCursor(AdobeCommerceHarness.Start.AddYears(1), "1");
        h.Store.CommitPage(AdobeCommerceHarness.Source, "orders", [], [], future);

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Skipped, Orders(summary).Status);
        Assert.Contains("ahead of this run's upper bound", Orders(summary).Message, StringComparison.Ordinal);
        Assert.Equal(0, OrderRequests(h));
        Assert.Equal(future, h.Store.Checkpoint(AdobeCommerceHarness.Source, "orders")!.Cursor);
        Assert.Empty(h.Store.Load().CommerceOrders);
    }

    [Fact]
    public async Task F4_ManyRowsShareOneUpdatedAtAcrossPagesAndRuns_AllCaptured()
    {
        var data = new AdobeCommerceDataset();
        for (var i = 1; i <= 23; i++)
        {
            data.Order(2000 + i, Day(100), 501, "USD", 10m, 0m, 0m);
        }

        await using var h = await AdobeCommerceHarness.StartAsync(data);
        h.Options = new SyncOptions { PageSize = 4, MaxPagesPerRun = 3 };

        var first = await h.SyncAsync(includeCompanies: false);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync(includeCompanies: false);

        Assert.Equal(StreamStatus.Partial, Orders(first).Status);
        Assert.Equal(12, Orders(first).Upserted.Inserted);
        Assert.Equal(StreamStatus.Completed, Orders(second).Status);
        // The keyset tie-break on entity_id pages through one updated_at without skipping or repeating.
        Assert.Contains(h.Simulator.Log, l => l.Filters.EndsWith($"updated_at gt {AdobeCommerceDataset.Stamp(Day(100))} OR entity_id gt 2004", StringComparison.Ordinal));
        AssertConverged(h);
    }

    [Fact]
    public async Task F5_RowChangesWhileLaterPagesAreRead_CapturedInTheNextRun()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        var ordersSeen = 0;
        h.Simulator.BeforeAnswer = _ =>
        {
            if (h.Simulator.Log[^1].Resource == AdobeCommerceDataset.Orders && ++ordersSeen == 2)
            {
                // Order 1001 was on page 1; it is edited now, so it moves past the run's upper bound.
                h.Simulator.Data.Order(1001, AdobeCommerceHarness.Start, 501, "USD", 95m, 10m, 8.25m);
            }

            return Task.CompletedTask;
        };

        await h.SyncAsync();
        Assert.Equal(90m, h.Store.Load().CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        Assert.Equal(14, h.Store.Load().CommerceOrders.Count); // offset paging would have skipped a row here; the keyset does not
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Equal(95m, h.Store.Load().CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_SourceClockBehind_LateRowInsideTheLookbackIsCaptured()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        await h.SyncAsync();
        var checkpoint = h.Store.Checkpoint(AdobeCommerceHarness.Source, "orders")!.Cursor;

        h.Simulator.Data.Order(1099, checkpoint.UpdatedAt.AddMinutes(-4), 505, "USD", 10m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Contains(h.Store.Load().CommerceOrders, o => o.Id == "1099");
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_RowsAroundMidnightAndADstSwitch_NaiveUtcStampsAndInclusiveBoundsLoseNothing()
    {
        // Magento stamps are naive UTC whatever the store's time zone; 2026-03-08 07:00Z is New York's DST switch.
        var data = new AdobeCommerceDataset();
        var dst = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero);
        var midnightNewYork = new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.FromHours(-5));
        data.Order(3001, dst.AddSeconds(-1), 501, "USD", 1m, 0m, 0m)
            .Order(3002, dst, 501, "USD", 1m, 0m, 0m)
            .Order(3003, midnightNewYork.AddSeconds(-1), 501, "USD", 1m, 0m, 0m)
            .Order(3004, midnightNewYork, 501, "USD", 1m, 0m, 0m);
        await using var h = await AdobeCommerceHarness.StartAsync(data);
        h.Options = new SyncOptions { PageSize = 1, Lookback = TimeSpan.Zero };

        await h.SyncAsync(includeCompanies: false);

        Assert.Equal(["3001", "3002", "3003", "3004"], h.Store.Load().CommerceOrders.Select(o => o.Id).Order(StringComparer.Ordinal));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), h.Store.Load().CommerceOrders.Single(o => o.Id == "3004").UpdatedAt);
        AssertConverged(h);
    }

    [Theory]
    [InlineData(AdobeCommerceFaultKind.TooManyRequests, "3", 3)]
    [InlineData(AdobeCommerceFaultKind.TooManyRequests, "2.0", 2)]
    [InlineData(AdobeCommerceFaultKind.TooManyRequests, "date", 9)]
    [InlineData(AdobeCommerceFaultKind.ServerError, "7", 7)]
    public async Task F7_429Or503WithRetryAfter_WaitsAtLeastThatLongThenCompletes(AdobeCommerceFaultKind kind, string retryAfter, int seconds)
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        var header = retryAfter == "date" ? AdobeCommerceHarness.Start.AddSeconds(seconds).ToString("r", CultureInfo.InvariantCulture) : retryAfter;
        h.Simulator.Inject(new AdobeCommerceFault(kind) { RetryAfter = header, Resource = AdobeCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(h.Clock.Waits, w => w >= TimeSpan.FromSeconds(seconds));
        Assert.Equal(1, summary.Retries);
        if (kind == AdobeCommerceFaultKind.TooManyRequests)
        {
            Assert.True(summary.ThrottledTime >= TimeSpan.FromSeconds(seconds));
        }

        AssertConverged(h);
    }

    [Fact]
    public async Task F8_Endless429_DefersTheStreamKeepsTheCheckpointAndBoundsRequests()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard(), new ConnectorHttpOptions { MaxRetryAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.TooManyRequests) { RetryAfter = "1", Resource = AdobeCommerceDataset.Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (orders.Status, orders.ErrorKind));
        Assert.Contains("deferred", orders.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 1 + 3, OrderRequests(h));
        Assert.Equal(orders.CursorAfter, h.Store.Checkpoint(AdobeCommerceHarness.Source, "orders")!.Cursor);
        Assert.Equal(5, h.Store.Load().CommerceOrders.Count);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "adobe_commerce");
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [InlineData(AdobeCommerceFaultKind.ServerError)]
    [InlineData(AdobeCommerceFaultKind.ConnectionReset)]
    public async Task F9_BurstOfFailures_IsRetriedWithJitteredBackoff(AdobeCommerceFaultKind kind)
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new AdobeCommerceFault(kind) { Times = 3, After = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(3, summary.Retries);
        Assert.Equal(3, h.Clock.Waits.Count);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_AttemptTimeout_IsRetried()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.Hang) { Resource = AdobeCommerceDataset.Orders, After = 1 });
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
        h.Clock.Advance(TimeSpan.FromMinutes(11)); // past the attempt timeout (10 min in the harness)
        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(summary.Succeeded, Orders(summary).Message);
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_FailuresBeyondTheBudget_FailTheStreamNeverComplete()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard(), new ConnectorHttpOptions { MaxRetryAttempts = 2, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.ServerError) { StatusCode = 502, Resource = AdobeCommerceDataset.Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (Orders(summary).Status, Orders(summary).ErrorKind));
        Assert.Contains("502", Orders(summary).Message, StringComparison.Ordinal);
        Assert.Contains("Report ID: webapi-6540f1c1c6d34", Orders(summary).Message, StringComparison.Ordinal); // Magento's message, parameters filled in
        Assert.False(summary.Succeeded);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "adobe_commerce");
    }

    [Theory]
    [InlineData(AdobeCommerceFaultKind.TruncatedJson, "not complete JSON")]
    [InlineData(AdobeCommerceFaultKind.HtmlPage, "expected a JSON answer, got HTTP 200 with content type 'text/html'")]
    public async Task F10_BrokenBodyOnPageTwo_CommitsNothingOfItAndKeepsTheCursor(AdobeCommerceFaultKind kind, string message)
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new AdobeCommerceFault(kind) { Resource = AdobeCommerceDataset.Orders, After = 1 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable, 1), (orders.Status, orders.ErrorKind, orders.Pages));
        Assert.Contains(message, orders.Message, StringComparison.Ordinal);
        Assert.Equal(new SyncCursor(Day(35), "1005"), h.Store.Checkpoint(AdobeCommerceHarness.Source, "orders")!.Cursor);
        Assert.Equal(5, h.Store.Load().CommerceOrders.Count);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        AssertConverged(h);
    }

    [Fact]
    public async Task F10_BadRequest_IsPermanentWithMagentosMessage()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.BadRequest) { Resource = AdobeCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (Orders(summary).Status, Orders(summary).ErrorKind));
        Assert.Contains("400: \"Invalid product data: Invalid attribute set entity type\"", Orders(summary).Message, StringComparison.Ordinal);
        Assert.Equal(1, OrderRequests(h)); // a 400 is not retried
    }

    [Fact]
    public async Task F11_UnknownFieldsNumbersAsStringsAndNullKeys_AreParsedOrQuarantinedAndCounted()
    {
        var data = Standard();
        var odd = data.Get(AdobeCommerceDataset.Orders, 1001).Json;
        odd["some_field_from_2027"] = new JsonObject { ["nested"] = true };
        odd["base_grand_total"] = "108.2500"; // a string where Magento sends a number
        odd["customer_is_guest"] = "0";
        data.Put(AdobeCommerceDataset.Orders, 1001, Day(31), odd);
        var keyless = data.Get(AdobeCommerceDataset.Customers, 512).Json;
        keyless["id"] = null;
        data.Put(AdobeCommerceDataset.Customers, 512, Day(12), keyless);
        var badCurrency = data.Get(AdobeCommerceDataset.Orders, 1002).Json;
        badCurrency["base_currency_code"] = "XXX";
        data.Put(AdobeCommerceDataset.Orders, 1002, Day(32), badCurrency);
        var badDate = data.Get(AdobeCommerceDataset.Orders, 1003).Json;
        badDate["created_at"] = "yesterday";
        data.Put(AdobeCommerceDataset.Orders, 1003, Day(33), badDate);
        await using var h = await AdobeCommerceHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(3, summary.Quarantined); // the keyless customer, the unknown currency, the unreadable date
        Assert.Equal(3, h.Store.QuarantinedCount(AdobeCommerceHarness.Source));
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1001");
        Assert.Equal((108.25m, "501"), (order.Total, order.CustomerId));
        var stored = h.Stored();
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|adobe_commerce:1002", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|adobe_commerce:1003", stored.Keys);
        Assert.Equal(11, h.Store.Load().CommerceCustomers.Count(c => !c.CompanyAccount));

        h.Options = new SyncOptions { PageSize = 5, Lookback = TimeSpan.FromDays(7) };
        h.Clock.Advance(TimeSpan.FromHours(1));
        var again = await h.SyncAsync();
        Assert.Equal(3, again.Quarantined);
        Assert.Equal(3, h.Store.QuarantinedCount(AdobeCommerceHarness.Source));
        Assert.Equal(0, again.RecordsUpserted);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F12_TokenRevokedMidRun_NeedsReauthenticationOnceAndStops()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
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
        Assert.Equal([StreamStatus.Failed, StreamStatus.Skipped, StreamStatus.Skipped, StreamStatus.Skipped], summary.Streams.Select(s => s.Status));
        Assert.Equal(2, h.Simulator.Requests); // a 401 is not retried
        Assert.Equal(5, h.Store.Load().CommerceCustomers.Count);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F13_RepeatedPage_IsALoopAndStops()
    {
        // What Magento does past the last page: the same rows again. The keyset token built from them repeats.
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.RepeatPage) { Resource = AdobeCommerceDataset.Orders, After = 1 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (orders.Status, orders.ErrorKind));
        Assert.Contains("same next-page token twice", orders.Message, StringComparison.Ordinal);
        Assert.Equal(2, OrderRequests(h));
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F13_KeysetTokenNeverExpires_TheNextRunContinuesFromTheCheckpoint()
    {
        // Magento has no server-side page token; a run cut after page one continues next run from its checkpoint.
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.ServerError) { StatusCode = 500, Resource = AdobeCommerceDataset.Orders, After = 1, Times = 6 });
        Assert.False((await h.SyncAsync()).Succeeded);
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, Orders(summary).Message);
        var restart = h.Simulator.Log.Where(l => l.Resource == AdobeCommerceDataset.Orders).Skip(7).First();
        Assert.StartsWith($"updated_at gteq {AdobeCommerceDataset.Stamp(Day(35) - h.Options.Lookback)} AND", restart.Filters, StringComparison.Ordinal);
        AssertConverged(h);
    }

    [Fact]
    public async Task F14_OldVersionDeliveredAfterTheNewOne_TheNewerStays()
    {
        var data = Standard();
        await using var h = await AdobeCommerceHarness.StartAsync(data);
        await h.SyncAsync();

        data.Order(1014, Day(44).AddMinutes(-3), null, "EUR", 1m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync();

        Assert.Equal(1, Orders(second).Upserted.Stale);
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1014");
        Assert.Equal((100m, Day(44)), (order.Total, order.UpdatedAt));
        h.AssertCursorsNeverWentBack();
    }
}
