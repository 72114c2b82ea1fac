using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// F1 in process: the run dies at each cut point of the third page, of an F&amp;O snapshot stream
/// (invoices: no cursor until its last page, so the restart re-reads the snapshot) and of a
/// Dataverse keyset stream (accounts: the restart continues from the last committed page). A fresh
/// run from the stored state converges, without duplicates or a cursor going back.
/// </summary>
public sealed class DynamicsCrashTests
{
    [Theory]
    [InlineData(CutPoint.BeforeFetch)]
    [InlineData(CutPoint.AfterFetch)]
    [InlineData(CutPoint.MidUpsert)]
    [InlineData(CutPoint.AfterCheckpoint)]
    public async Task F1_SnapshotRunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.OnlyStreams = new HashSet<string> { "invoices" };

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncFoAsync(state: new CrashingState(h.Store, cut, 3, "invoices"), wrap: s => new CrashingSource(s, cut, 3, "invoices")));
        Assert.Null(h.Store.Checkpoint(DynamicsHarness.FoSource, "invoices"));
        Assert.Equal(cut == CutPoint.AfterCheckpoint ? 3 * h.PageSize : 2 * h.PageSize, h.Store.Load().ErpDocuments.Count);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restart = await h.SyncFoAsync();

        Assert.True(restart.Succeeded);
        h.AssertStreamEqualsSource("invoices");
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [InlineData(CutPoint.BeforeFetch)]
    [InlineData(CutPoint.AfterFetch)]
    [InlineData(CutPoint.MidUpsert)]
    [InlineData(CutPoint.AfterCheckpoint)]
    public async Task F1_KeysetRunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.OnlyStreams = new HashSet<string> { "accounts" };
        h.PageSize = 9;

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncDataverseAsync(state: new CrashingState(h.Store, cut, 3, "accounts"), wrap: s => new CrashingSource(s, cut, 3, "accounts")));
        var checkpoint = h.Store.Checkpoint(DynamicsHarness.DataverseSource, "accounts")!.Cursor;
        Assert.Equal(cut == CutPoint.AfterCheckpoint ? 27 : 18, h.Store.Load().DataverseRecords.Count);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restart = await h.SyncDataverseAsync();

        Assert.True(restart.Succeeded);
        Assert.True(h.Store.Checkpoint(DynamicsHarness.DataverseSource, "accounts")!.Cursor >= checkpoint);
        h.AssertStreamEqualsSource("accounts");
        h.AssertCursorsNeverWentBack();
    }
}
