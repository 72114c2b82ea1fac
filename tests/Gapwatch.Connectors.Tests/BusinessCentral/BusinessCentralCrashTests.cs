using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using static Gapwatch.Connectors.Tests.BusinessCentral.BusinessCentralStores;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>
/// F1 in process, with the shared cut points (<see cref="CrashingSource"/>, <see cref="CrashingState"/>):
/// the run dies at each cut point of the third page of sales orders; a fresh run converges, no duplicate, no cursor back.
/// </summary>
public sealed class BusinessCentralCrashTests
{
    [Theory]
    [InlineData(CutPoint.BeforeFetch)]
    [InlineData(CutPoint.AfterFetch)]
    [InlineData(CutPoint.MidUpsert)]
    [InlineData(CutPoint.AfterCheckpoint)]
    public async Task F1_RunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        const string orders = Entity + "/salesOrders";
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        h.Options = new SyncOptions { PageSize = 3 };

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncAsync(state: new CrashingState(h.Store, cut, 3, orders), wrap: s => new CrashingSource(s, cut, 3, orders)));
        var checkpoint = h.Store.Checkpoint(BusinessCentralHarness.Source, orders)!.Cursor;
        var open = h.Store.Load().ErpSalesOrders.Where(o => o.Status == ErpOrderStatus.Open).ToList();
        Assert.Equal(cut == CutPoint.AfterCheckpoint ? 9 : 6, open.Count); // a page is stored whole with its cursor, or not at all
        Assert.Equal(open.Max(o => o.UpdatedAt), checkpoint.UpdatedAt);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restart = await h.SyncAsync();

        Assert.True(restart.Succeeded);
        Assert.True(h.Store.Checkpoint(BusinessCentralHarness.Source, orders)!.Cursor >= checkpoint);
        h.AssertConverged();
    }
}
