using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Simulators.Shopify;
using static Gapwatch.Connectors.Tests.Shopify.ShopifyShops;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>The first backfill through a bulk operation (JSONL), then paged incremental runs.</summary>
public sealed class ShopifyBulkTests
{
    private static async Task<ShopifyHarness> Start(ShopifyDataset? data = null)
    {
        var h = await ShopifyHarness.StartAsync(data ?? Standard(), simulator: new ShopifySimulatorOptions { BulkPollsUntilDone = 2 });
        h.Bulk = new ShopifyBulkOptions { PollInterval = TimeSpan.FromSeconds(5) };
        return h;
    }

    [Fact]
    public async Task FirstRun_BackfillsThroughBulk_RebuildingChildLines()
    {
        await using var h = await Start();

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
        Assert.DoesNotContain(h.Simulator.Log, l => l.Resource is not null); // no paged query: bulk only
        Assert.Equal(3 * 2, h.Clock.Waits.Count(w => w == TimeSpan.FromSeconds(5))); // two RUNNING polls per stream
        var data = h.Store.Load();
        Assert.Equal("DE123456789", data.CommerceCustomers.Single(c => c.Id == "company-7001").VatNumber); // from a location line
        Assert.Equal(4m, data.CommerceRefunds.Single().Tax); // from a refund line
        Assert.Equal(new Gapwatch.Ports.SyncCursor(Day(44), "1014"), h.Store.Checkpoint(ShopifyHarness.Source, "orders")!.Cursor);
    }

    [Fact]
    public async Task SecondRun_PagesIncrementally()
    {
        await using var h = await Start();
        await h.SyncAsync();
        h.Simulator.Data.Order(1015, ShopifyHarness.Start.AddMinutes(-30), 501, "USD", 5m, 0m, 0m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        var second = await h.SyncAsync();

        Assert.True(second.Succeeded);
        Assert.Contains(h.Simulator.Log, l => l.Resource == ShopifyDataset.Orders && l.Query!.StartsWith("updated_at:>=", StringComparison.Ordinal));
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task TruncatedBulkFile_StoresNoCursorAndTheNextRunStartsOver()
    {
        await using var h = await Start();
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.TruncatedJson) { Resource = "bulk", After = 2 }); // the orders file

        var first = await h.SyncAsync();

        var orders = first.Streams.Single(s => s.Stream == "orders");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (orders.Status, orders.ErrorKind));
        Assert.Contains("bulk result file is cut off", orders.Message, StringComparison.Ordinal);
        Assert.Null(h.Store.Checkpoint(ShopifyHarness.Source, "orders"));

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task BulkFilePagedInSmallPages_EveryGroupStaysWhole()
    {
        await using var h = await Start();
        h.Options = new SyncOptions { PageSize = 1 };

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(14, summary.Streams.Single(s => s.Stream == "orders").Pages);
        h.AssertStoreEqualsSource();
    }
}
