using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>
/// F1 in process: the run dies (an exception nothing catches) at each cut point of the third page
/// of orders; a fresh run from the stored state converges to the source, with no duplicate and no
/// cursor going back. The same with a real killed process is in the CLI tests.
/// </summary>
public sealed class ShopifyCrashTests
{
    [Theory]
    [InlineData(CutPoint.BeforeFetch)]
    [InlineData(CutPoint.AfterFetch)]
    [InlineData(CutPoint.MidUpsert)]
    [InlineData(CutPoint.AfterCheckpoint)]
    public async Task F1_RunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());
        h.Options = new SyncOptions { PageSize = 3 };

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncAsync(state: new CrashingState(h.Store, cut, 3), wrap: s => new CrashingSource(s, cut, 3)));
        var checkpoint = h.Store.Checkpoint(ShopifyHarness.Source, "orders")!.Cursor;
        Assert.Equal(cut == CutPoint.AfterCheckpoint ? 9 : 6, h.Store.Load().CommerceOrders.Count); // a page is stored whole with its cursor, or not at all
        Assert.Equal(h.Store.Load().CommerceOrders.Max(o => o.UpdatedAt), checkpoint.UpdatedAt);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restart = await h.SyncAsync();

        Assert.True(restart.Succeeded);
        Assert.True(h.Store.Checkpoint(ShopifyHarness.Source, "orders")!.Cursor >= checkpoint);
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }
}
