using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>
/// F1 in process: the run dies (an exception nothing catches) at each cut point of the third page
/// of orders; a fresh run from the stored state converges to the source, with no duplicate and no
/// cursor going back. The same with a real killed process is in the CLI tests.
/// </summary>
public sealed class ShopifyCrashTests
{
    public enum CutPoint
    {
        BeforeFetch,
        AfterFetch,
        MidUpsert,
        AfterCheckpoint,
    }

    private sealed class SimulatedCrash : Exception
    {
        public SimulatedCrash()
            : base("the process died here")
        {
        }
    }

    private sealed class CrashingSource(IStreamSource inner, CutPoint cut, int page) : IStreamSource
    {
        private int reads;

        public string Name => inner.Name;

        public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
        {
            var crashHere = inner.Name == "orders" && ++reads == page;
            if (crashHere && cut == CutPoint.BeforeFetch)
            {
                throw new SimulatedCrash();
            }

            var result = await inner.ReadPageAsync(request, cancellationToken);
            return crashHere && cut == CutPoint.AfterFetch ? throw new SimulatedCrash() : result;
        }
    }

    private sealed class CrashingState(ISyncStateStore inner, CutPoint cut, int page) : ISyncStateStore
    {
        private int commits;

        public StreamCheckpoint? Checkpoint(string source, string stream) => inner.Checkpoint(source, stream);

        public IReadOnlyList<StreamCheckpoint> Checkpoints(string source) => inner.Checkpoints(source);

        public int QuarantinedCount(string source) => inner.QuarantinedCount(source);

        public PageCommit CommitPage(string source, string stream, IReadOnlyCollection<ISourceRecord> records, IReadOnlyCollection<QuarantinedRecord> quarantined, SyncCursor? cursor)
        {
            var crashHere = stream == "orders" && ++commits == page;
            if (crashHere && cut == CutPoint.MidUpsert)
            {
                // Half the page, then a record the store cannot write: the transaction must roll back whole.
                inner.CommitPage(source, stream, [.. records.Take(records.Count / 2), new Unwritable()], quarantined, cursor);
            }

            var commit = inner.CommitPage(source, stream, records, quarantined, cursor);
            return crashHere && cut == CutPoint.AfterCheckpoint ? throw new SimulatedCrash() : commit;
        }
    }

    private sealed class Unwritable : ISourceRecord
    {
        public string Kind => RecordKinds.CommerceOrder;

        public string Key => "shopify:unwritable";

        public DateTimeOffset? UpdatedAt => throw new SimulatedCrash();
    }

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
