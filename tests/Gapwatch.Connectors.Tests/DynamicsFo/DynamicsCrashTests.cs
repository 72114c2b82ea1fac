using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// F1 in process (<see cref="CrashRun"/>): the run dies at each cut point of the third page, of an F&amp;O snapshot stream
/// (gl_entries: no cursor until its last page, so the restart re-reads the snapshot), of an F&amp;O
/// keyset stream (invoices) and of a Dataverse keyset stream (accounts: the restart continues from
/// the last committed page). A fresh run from the stored state converges, without duplicates or a
/// cursor going back.
/// </summary>
public sealed class DynamicsCrashTests
{
    [Theory]
    [MemberData(nameof(CrashRun.EveryCutPoint), MemberType = typeof(CrashRun))]
    public async Task F1_SnapshotRunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.OnlyStreams = new HashSet<string> { "gl_entries" };

        await CrashRun.DieThenRestartAsync(h.Store, h.Clock, cut, 3, "gl_entries", (state, wrap) => h.SyncFoAsync(state, wrap), () =>
        {
            Assert.Null(h.Store.Checkpoint(DynamicsHarness.FoSource, "gl_entries"));
            Assert.Equal(DynamicsFaultTests.GlLinesOfTheFirstHeaders(h, (cut == CutPoint.AfterCheckpoint ? 3 : 2) * h.PageSize), h.Store.Load().GlEntries.Count);
        });

        h.AssertStreamEqualsSource("gl_entries");
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [MemberData(nameof(CrashRun.EveryCutPoint), MemberType = typeof(CrashRun))]
    public async Task F1_FoKeysetRunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.OnlyStreams = new HashSet<string> { "invoices" };

        await CrashRun.DieThenRestartAsync(h.Store, h.Clock, cut, 3, "invoices", (state, wrap) => h.SyncFoAsync(state, wrap), () =>
            Assert.Equal(cut == CutPoint.AfterCheckpoint ? 3 * h.PageSize : 2 * h.PageSize, h.Store.Load().ErpDocuments.Count));

        h.AssertStreamEqualsSource("invoices");
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [MemberData(nameof(CrashRun.EveryCutPoint), MemberType = typeof(CrashRun))]
    public async Task F1_KeysetRunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.OnlyStreams = new HashSet<string> { "accounts" };
        h.PageSize = 9;
        SyncCursor? checkpoint = null;

        await CrashRun.DieThenRestartAsync(h.Store, h.Clock, cut, 3, "accounts", (state, wrap) => h.SyncDataverseAsync(state, wrap), () =>
        {
            checkpoint = h.Store.Checkpoint(DynamicsHarness.DataverseSource, "accounts")!.Cursor;
            Assert.Equal(cut == CutPoint.AfterCheckpoint ? 27 : 18, h.Store.Load().DataverseRecords.Count);
        });

        Assert.True(h.Store.Checkpoint(DynamicsHarness.DataverseSource, "accounts")!.Cursor >= checkpoint!);
        h.AssertStreamEqualsSource("accounts");
        h.AssertCursorsNeverWentBack();
    }
}
