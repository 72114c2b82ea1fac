using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Tests.Sync;

/// <summary>
/// The fault tests of quality.md (F1–F14) that read the same on every commerce platform, run by each
/// platform's subclass against its simulator through <see cref="CommerceHarness"/>. A subclass says
/// how to start its harness with a dataset and what its platform answers differently; the tests
/// that only one platform has (Shopify's THROTTLED body, BigCommerce's rate-limit window, Magento's
/// 400 messages, each platform's paging loop) stay in the subclass. Each test ends by asserting
/// the store equals the expected set with no duplicate key, and that no cursor went back.
/// </summary>
public abstract class CommerceFaultTests
{
    private const string Orders = "orders";

    protected static DateTimeOffset Day(int minutes) => CommerceHarness.Start.AddDays(-1).AddMinutes(minutes);

    /// <summary>The platform's standard dataset: 12 customers, 2 companies, 14 orders from <c>Day(31)</c> to <c>Day(44)</c>, ids 1001–1014.</summary>
    private protected abstract Task<CommerceHarness> StartStandardAsync(ConnectorHttpOptions? http = null);

    /// <summary>An empty store.</summary>
    private protected abstract Task<CommerceHarness> StartEmptyAsync();

    /// <summary>The orders around a DST switch; a platform whose dates carry a local offset writes them so.</summary>
    private protected virtual Task<CommerceHarness> StartAroundDstAsync(IReadOnlyList<(long Id, DateTimeOffset UpdatedAt)> orders) => StartWithOrdersAsync(orders);

    /// <summary>A store of orders only, each for customer 501 in USD.</summary>
    private protected async Task<CommerceHarness> StartWithOrdersAsync(IReadOnlyList<(long Id, DateTimeOffset UpdatedAt)> orders)
    {
        var h = await StartEmptyAsync();
        foreach (var (id, at) in orders)
        {
            h.PutOrder(id, at, 501, "USD", 10m, 0m, 0m);
        }

        return h;
    }

    /// <summary>What the platform's 5xx error body says, as it must show in the message.</summary>
    protected abstract string ServerErrorDetail { get; }

    /// <summary>How often one old version is counted stale in the run after it appears; null when a page boundary may read it twice.</summary>
    protected virtual int? StaleCountOfOneOldVersion => 1;

    /// <summary>Orders stored when a run dies at the third page of 3 (before its commit, after it); pages may overlap by a row.</summary>
    protected virtual (int BeforeTheCut, int WithTheCutPage) OrdersStoredAroundTheCut => (6, 9);

    /// <summary>Platform checks after a second run without changes.</summary>
    protected virtual void AfterUnchangedRun(SyncSummary second)
    {
    }

    /// <summary>Platform checks after 23 orders on one stamp were paged through in two runs.</summary>
    private protected virtual void AfterSharedStampRuns(CommerceHarness h)
    {
    }

    /// <summary>Platform checks after the DST orders were read.</summary>
    private protected virtual void AfterDstRun(CommerceHarness h)
    {
    }

    private static StreamResult OrdersOf(SyncSummary summary) => summary.Streams.Single(s => s.Stream == Orders);

    private static void AssertConverged(CommerceHarness h)
    {
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    /// <summary>F1 in process (<see cref="CrashRun"/>): the run dies (an exception nothing catches) at each cut point of the third page of orders; a fresh run converges.</summary>
    [Theory]
    [MemberData(nameof(CrashRun.EveryCutPoint), MemberType = typeof(CrashRun))]
    public async Task F1_RunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await StartStandardAsync();
        h.Options = new SyncOptions { PageSize = 3 };
        SyncCursor? checkpoint = null;

        await CrashRun.DieThenRestartAsync(h.Store, h.Clock, cut, 3, Orders, (state, wrap) => h.SyncAsync(state: state, wrap: wrap), () =>
        {
            checkpoint = h.Store.Checkpoint(h.SyncSource, Orders)!.Cursor;
            var (beforeTheCut, withTheCutPage) = OrdersStoredAroundTheCut;
            Assert.Equal(cut == CutPoint.AfterCheckpoint ? withTheCutPage : beforeTheCut, h.Store.Load().CommerceOrders.Count); // a page is stored whole with its cursor, or not at all
            Assert.Equal(h.Store.Load().CommerceOrders.Max(o => o.UpdatedAt), checkpoint.UpdatedAt);
        });

        Assert.True(h.Store.Checkpoint(h.SyncSource, Orders)!.Cursor >= checkpoint!);
        AssertConverged(h);
    }

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing()
    {
        await using var h = await StartStandardAsync();
        await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));

        var second = await h.SyncAsync();

        Assert.True(second.Succeeded);
        Assert.Equal(0, second.RecordsUpserted);
        Assert.All(second.Streams, s => Assert.Equal(0, s.Upserted.Inserted + s.Upserted.Updated + s.Upserted.Stale));
        AfterUnchangedRun(second);
        AssertConverged(h);
    }

    [Fact]
    public async Task F3_StoredCursorInTheFuture_ReadsNothingWarnsAndKeepsIt()
    {
        await using var h = await StartStandardAsync();
        var future = new SyncCursor(CommerceHarness.Start.AddYears(1), "1");
        h.Store.CommitPage(h.SyncSource, Orders, [], [], future);

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Skipped, OrdersOf(summary).Status);
        Assert.Contains("ahead of this run's upper bound", OrdersOf(summary).Message, StringComparison.Ordinal);
        Assert.Equal(0, h.RequestsFor(Orders));
        Assert.Equal(future, h.Store.Checkpoint(h.SyncSource, Orders)!.Cursor);
        Assert.Empty(h.Store.Load().CommerceOrders);
    }

    [Fact]
    public async Task F4_ManyRowsShareOneUpdatedAtAcrossPagesAndRuns_AllCaptured()
    {
        await using var h = await StartWithOrdersAsync([.. Enumerable.Range(1, 23).Select(i => (2000L + i, Day(100)))]);
        h.Options = new SyncOptions { PageSize = 4, MaxPagesPerRun = 3 };

        var first = await h.SyncAsync(includeCompanies: false);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync(includeCompanies: false);

        Assert.Equal(StreamStatus.Partial, OrdersOf(first).Status);
        Assert.Equal(12, OrdersOf(first).Upserted.Inserted);
        Assert.Equal(StreamStatus.Completed, OrdersOf(second).Status);
        AfterSharedStampRuns(h);
        AssertConverged(h);
    }

    [Fact]
    public async Task F5_RowChangesWhileLaterPagesAreRead_CapturedInTheNextRun()
    {
        await using var h = await StartStandardAsync();
        var ordersSeen = 0;
        h.BeforeAnswer = _ =>
        {
            if (h.LastResource == Orders && ++ordersSeen == 2)
            {
                // Order 1001 was on page 1; it is edited now, so it moves past the run's upper bound
                // (and with offset or page-number paging every later row would shift back by one).
                h.PutOrder(1001, CommerceHarness.Start, 501, "USD", 95m, 10m, 8.25m);
            }

            return Task.CompletedTask;
        };

        await h.SyncAsync();
        Assert.Equal(90m, h.Store.Load().CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        Assert.Equal(14, h.Store.Load().CommerceOrders.Count); // no row skipped by the shift
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Equal(95m, h.Store.Load().CommerceOrders.Single(o => o.Id == "1001").Subtotal);
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_SourceClockBehind_LateRowInsideTheLookbackIsCaptured()
    {
        await using var h = await StartStandardAsync();
        await h.SyncAsync();
        var checkpoint = h.Store.Checkpoint(h.SyncSource, Orders)!.Cursor;

        // A row written after the run, stamped 4 minutes before the checkpoint by a source clock running behind.
        h.PutOrder(1099, checkpoint.UpdatedAt.AddMinutes(-4), 505, "USD", 10m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Contains(h.Store.Load().CommerceOrders, o => o.Id == "1099");
        AssertConverged(h);
    }

    [Fact]
    public async Task F6_RowsAroundMidnightAndADstSwitch_InclusiveBoundsLoseNothing()
    {
        // 2026-03-08 07:00Z is 02:00 in New York when clocks jump to 03:00; window bounds are whole seconds, both inclusive.
        var dst = new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero);
        var midnightNewYork = new DateTimeOffset(2026, 3, 8, 0, 0, 0, TimeSpan.FromHours(-5));
        await using var h = await StartAroundDstAsync([(3001, dst.AddSeconds(-1)), (3002, dst), (3003, midnightNewYork.AddSeconds(-1)), (3004, midnightNewYork)]);
        h.Options = new SyncOptions { PageSize = 1, Lookback = TimeSpan.Zero };

        await h.SyncAsync(includeCompanies: false);

        Assert.Equal(["3001", "3002", "3003", "3004"], h.Store.Load().CommerceOrders.Select(o => o.Id).Order(StringComparer.Ordinal));
        AfterDstRun(h);
        AssertConverged(h);
    }

    [Fact]
    public async Task F8_Endless429_DefersTheStreamKeepsTheCheckpointAndBoundsRequests()
    {
        await using var h = await StartStandardAsync(new ConnectorHttpOptions { MaxRetryAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Inject(new CommerceFault(CommerceFaultKind.TooManyRequests) { WaitSeconds = 1, Resource = Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        var orders = OrdersOf(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (orders.Status, orders.ErrorKind));
        Assert.Contains("deferred", orders.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 1 + 3, h.RequestsFor(Orders));
        Assert.Equal(orders.CursorAfter, h.Store.Checkpoint(h.SyncSource, Orders)!.Cursor);
        Assert.Equal(5, h.Store.Load().CommerceOrders.Count);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == h.Platform);
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [InlineData(CommerceFaultKind.ServerError)]
    [InlineData(CommerceFaultKind.ConnectionReset)]
    public async Task F9_BurstOfFailures_IsRetriedWithJitteredBackoff(CommerceFaultKind kind)
    {
        await using var h = await StartStandardAsync();
        h.Inject(new CommerceFault(kind) { Times = 3, After = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(3, summary.Retries);
        Assert.Equal(3, h.Clock.Waits.Count);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_AttemptTimeout_IsRetried()
    {
        await using var h = await StartStandardAsync();
        h.Inject(new CommerceFault(CommerceFaultKind.Hang) { Resource = Orders, After = 1 });
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.BeforeAnswer = _ =>
        {
            if (h.RequestsFor(Orders) == 2)
            {
                hanging.TrySetResult();
            }

            return Task.CompletedTask;
        };

        var sync = h.SyncAsync();
        await hanging.Task.WaitAsync(TimeSpan.FromMinutes(1));
        await Task.Delay(200); // let the request reach the hang before the clock jumps
        h.Clock.Advance(TimeSpan.FromMinutes(11)); // past the attempt timeout (10 min in the harness)
        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(summary.Succeeded, OrdersOf(summary).Message);
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_FailuresBeyondTheBudget_FailTheStreamNeverComplete()
    {
        await using var h = await StartStandardAsync(new ConnectorHttpOptions { MaxRetryAttempts = 2, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Inject(new CommerceFault(CommerceFaultKind.ServerError) { StatusCode = 502, Resource = Orders, After = 1, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        var orders = OrdersOf(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (orders.Status, orders.ErrorKind));
        Assert.Contains("502", orders.Message, StringComparison.Ordinal);
        Assert.Contains(ServerErrorDetail, orders.Message, StringComparison.Ordinal); // the vendor's own words
        Assert.False(summary.Succeeded);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == h.Platform);
    }

    [Theory]
    [InlineData(CommerceFaultKind.TruncatedJson, "not complete JSON")]
    [InlineData(CommerceFaultKind.HtmlPage, "expected a JSON answer, got HTTP 200 with content type 'text/html'")]
    public async Task F10_BrokenBodyOnPageTwo_CommitsNothingOfItAndKeepsTheCursor(CommerceFaultKind kind, string message)
    {
        await using var h = await StartStandardAsync();
        h.Inject(new CommerceFault(kind) { Resource = Orders, After = 1 });

        var summary = await h.SyncAsync();

        var orders = OrdersOf(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable, 1), (orders.Status, orders.ErrorKind, orders.Pages));
        Assert.Contains(message, orders.Message, StringComparison.Ordinal);
        Assert.Equal(new SyncCursor(Day(35), "1005"), h.Store.Checkpoint(h.SyncSource, Orders)!.Cursor);
        Assert.Equal(5, h.Store.Load().CommerceOrders.Count);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        AssertConverged(h);
    }

    [Fact]
    public async Task F12_TokenRevokedMidRun_NeedsReauthenticationOnceAndStops()
    {
        await using var h = await StartStandardAsync();
        h.BeforeAnswer = n =>
        {
            if (n == 2)
            {
                h.RevokeToken();
            }

            return Task.CompletedTask;
        };

        var summary = await h.SyncAsync();

        Assert.Single(summary.Streams, s => s.ErrorKind == SyncErrorKind.NeedsReauthentication);
        Assert.Equal(StreamStatus.Failed, summary.Streams[0].Status);
        Assert.All(summary.Streams.Skip(1), s => Assert.Equal(StreamStatus.Skipped, s.Status));
        Assert.Contains($"gapwatch connect {h.Platform}", summary.Streams[0].Message, StringComparison.Ordinal); // what to do, in the message
        Assert.Equal(2, h.Requests); // a 401 is not retried
        Assert.Equal(5, h.Store.Load().CommerceCustomers.Count);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F14_OldVersionDeliveredAfterTheNewOne_TheNewerStays()
    {
        await using var h = await StartStandardAsync();
        await h.SyncAsync();

        // A stale replica serves an older version of order 1014 (still inside the lookback window).
        h.PutOrder(1014, Day(44).AddMinutes(-3), 504, "USD", 1m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync();

        if (StaleCountOfOneOldVersion is { } exactly)
        {
            Assert.Equal(exactly, OrdersOf(second).Upserted.Stale);
        }
        else
        {
            Assert.True(OrdersOf(second).Upserted.Stale >= 1); // counted each time it is read (a page boundary re-reads its second)
        }

        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1014");
        Assert.Equal((100m, Day(44)), (order.Total, order.UpdatedAt));
        h.AssertCursorsNeverWentBack();
    }
}
