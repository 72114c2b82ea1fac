using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;

namespace Gapwatch.Connectors.Tests.SageIntacct;

/// <summary>
/// F1: the run dies at each cut point of the second page of GL detail. A result set is a snapshot
/// whose checkpoint moves only after its last page, so whatever was stored before the crash is
/// re-read from the old checkpoint by the next run and deduplicated by the upsert.
/// </summary>
public sealed class IntacctCrashTests
{
    [Theory]
    [InlineData(CutPoint.BeforeFetch)]
    [InlineData(CutPoint.AfterFetch)]
    [InlineData(CutPoint.MidUpsert)]
    [InlineData(CutPoint.AfterCheckpoint)]
    public async Task F1_RunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await IntacctHarness.StartAsync(IntacctCompanies.Standard());

        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncAsync(state: new CrashingState(h.Store, cut, 2, "gl_entries"), wrap: s => new CrashingSource(s, cut, 2, "gl_entries")));
        Assert.Null(h.Checkpoint("gl_entries")); // mid-snapshot: the checkpoint has not moved
        Assert.Equal(cut == CutPoint.AfterCheckpoint ? 6 : 3, h.Store.Load().GlEntries.Count);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var restart = await h.SyncAsync();

        Assert.True(restart.Succeeded);
        h.AssertStoreEqualsSource(withLog: false);
        h.AssertCursorsNeverWentBack();
    }
}
