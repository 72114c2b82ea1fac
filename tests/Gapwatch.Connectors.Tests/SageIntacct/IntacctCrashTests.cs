using Gapwatch.Connectors.Tests.Sync;

namespace Gapwatch.Connectors.Tests.SageIntacct;

/// <summary>
/// F1 (<see cref="CrashRun"/>): the run dies at each cut point of the second page of GL detail. A result set is a snapshot
/// whose checkpoint moves only after its last page, so whatever was stored before the crash is
/// re-read from the old checkpoint by the next run and deduplicated by the upsert.
/// </summary>
public sealed class IntacctCrashTests
{
    [Theory]
    [MemberData(nameof(CrashRun.EveryCutPoint), MemberType = typeof(CrashRun))]
    public async Task F1_RunDiesAtACutPoint_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await IntacctHarness.StartAsync(IntacctCompanies.Standard());

        await CrashRun.DieThenRestartAsync(h.Store, h.Clock, cut, 2, "gl_entries", (state, wrap) => h.SyncAsync(state, wrap), () =>
        {
            Assert.Null(h.Checkpoint("gl_entries")); // mid-snapshot: the checkpoint has not moved
            Assert.Equal(cut == CutPoint.AfterCheckpoint ? 6 : 3, h.Store.Load().GlEntries.Count);
        });

        h.AssertStoreEqualsSource(withLog: false);
        h.AssertCursorsNeverWentBack();
    }

    /// <summary>The same on the second page of native AR invoices (five, three a page): the AR streams ride the same snapshot machinery.</summary>
    [Theory]
    [MemberData(nameof(CrashRun.EveryCutPoint), MemberType = typeof(CrashRun))]
    public async Task F1_RunDiesInTheArInvoices_TheNextRunConverges(CutPoint cut)
    {
        await using var h = await IntacctHarness.StartAsync(IntacctCompanies.Standard());
        int ArInvoices() => h.Store.Load().ErpDocuments.Count(d => d.Id.StartsWith("ARINVOICE-", StringComparison.Ordinal));

        await CrashRun.DieThenRestartAsync(h.Store, h.Clock, cut, 2, "ar_invoices", (state, wrap) => h.SyncAsync(state, wrap), () =>
        {
            // Page 2 is the result set's last: only once it is committed does the checkpoint move.
            Assert.Equal(cut == CutPoint.AfterCheckpoint, h.Checkpoint("ar_invoices") is not null);
            Assert.Equal(cut == CutPoint.AfterCheckpoint ? 5 : 3, ArInvoices());
        });

        h.AssertStoreEqualsSource(withLog: false);
        h.AssertCursorsNeverWentBack();
    }
}
