using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>
/// F1 in process: the run dies at each cut point of the third page of orders; a fresh run from the
/// stored state converges to the source, with no duplicate and no cursor going back. The same with
/// a real killed process is in the CLI tests.
/// </summary>
public sealed class BigCommerceCrashTests
{
    [Theory]
    [InlineData(CutPoint.BeforeFetch)]
    [InlineData(CutPoint.AfterFetch)]
    [InlineData(CutPoint.MidUpsert)]
    [InlineData(CutPoint.AfterCheckpoint)]
    public async Task F1_RunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.Options = new SyncOptions { PageSize = 3 };

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncAsync(state: new CrashingState(h.Store, cut, 3, "orders"), wrap: s => new CrashingSource(s, cut, 3, "orders")));
        var checkpoint = h.Store.Checkpoint(BigCommerceHarness.Source, "orders")!.Cursor;
        // Pages of 3 overlap by the row at each window's lower bound: 1001–1003, 1003–1005, 1005–1007.
        Assert.Equal(cut == CutPoint.AfterCheckpoint ? 7 : 5, h.Store.Load().CommerceOrders.Count);
        Assert.Equal(h.Store.Load().CommerceOrders.Max(o => o.UpdatedAt), checkpoint.UpdatedAt);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restart = await h.SyncAsync();

        Assert.True(restart.Succeeded);
        Assert.True(h.Store.Checkpoint(BigCommerceHarness.Source, "orders")!.Cursor >= checkpoint);
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }
}
