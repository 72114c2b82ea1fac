using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.BusinessCentral;
using static Gapwatch.Connectors.Tests.BusinessCentral.BusinessCentralStores;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>
/// Microsoft does not document that <c>$orderby</c> holds across <c>@odata.nextLink</c> pages, so the
/// stream checks it: a row whose <c>lastModifiedDateTime</c> is before the previous row's is counted,
/// and the query's cursor never passes the earliest such row, so a restart (this run's or the next)
/// re-reads from there.
/// </summary>
public sealed class BusinessCentralPagingOrderTests
{
    private const string OrdersStream = Entity + "/salesOrders";

    [Fact]
    public void Guard_CountsEachRowThatGoesBack_AndCapsAtTheEarliest()
    {
        var guard = new PagingOrderGuard();
        SyncCursor At(int day, int id) => new(Day(day), Id(id));

        Assert.False(guard.Next(At(1, 1)));
        Assert.False(guard.Next(At(1, 0))); // the key within one instant is not checked: a restart re-reads the whole instant
        Assert.False(guard.Next(At(5, 5)));
        Assert.True(guard.Next(At(3, 3)));
        Assert.True(guard.Next(At(2, 2)));
        Assert.False(guard.Next(null));
        Assert.False(guard.Next(At(6, 6)));

        Assert.Equal(At(2, 2), guard.Ceiling);
        Assert.Equal(At(2, 2), guard.Cap(At(6, 6)));
        Assert.Equal(At(1, 1), guard.Cap(At(1, 1)));
        guard.Reset();
        Assert.Equal(At(6, 6), guard.Cap(At(6, 6)));
    }

    [Fact]
    public async Task PageServedOutOfOrder_IsCounted_TheCursorStopsAtTheEarliestOutOfOrderRow_AndTheRunsConverge()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        // Orders 1001–1014 at days 21–34, five a page: the second page comes as 1010, 1009, …, 1006.
        h.Simulator.Inject(new BusinessCentralFault(BusinessCentralFaultKind.ReversedPage) { Resource = "salesOrders", After = 1 });
        var before = h.Metrics.OutOfOrderRows;

        var first = await h.SyncAsync();

        Assert.True(first.Succeeded, string.Join("; ", first.Streams.Select(s => s.Message)));
        Assert.Equal(4, h.Metrics.OutOfOrderRows - before); // 1009, 1008, 1007, 1006 each came after a later row
        Assert.Equal(4, first.OutOfOrderRows); // and the run's summary says so (sync prints it)
        Assert.Equal(new SyncCursor(Day(26), Id(1006)), h.Store.Checkpoint(BusinessCentralHarness.Source, OrdersStream)!.Cursor);
        Assert.Equal(14, h.Store.Load().ErpSalesOrders.Count(o => o.Status == ErpOrderStatus.Open));

        // The next run re-reads from the capped checkpoint, in order this time, and moves it on.
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync();

        Assert.True(second.Succeeded);
        Assert.Equal(4, h.Metrics.OutOfOrderRows - before);
        Assert.Equal(new SyncCursor(Day(34), Id(1014)), h.Store.Checkpoint(BusinessCentralHarness.Source, OrdersStream)!.Cursor);
        h.AssertConverged();
    }

    [Fact]
    public async Task RowsInOrder_CountNothing()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        var before = h.Metrics.OutOfOrderRows;

        await h.SyncAsync();

        Assert.Equal(0, h.Metrics.OutOfOrderRows - before);
        h.AssertConverged();
    }
}
