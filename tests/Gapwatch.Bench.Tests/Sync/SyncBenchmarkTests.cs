using Gapwatch.Bench.Sync;
using Gapwatch.Connectors.Sync;

namespace Gapwatch.Bench.Tests.Sync;

/// <summary>
/// <c>gapwatch bench sync</c> on a tiny dataset: every stream completes over loopback HTTP into
/// SQLite, stores every generated record, and makes exactly the platform's minimum number of calls
/// (page size 250: one page of customers, two of orders; Shopify's bulk operation three calls a
/// stream). No timing is asserted.
/// </summary>
public sealed class SyncBenchmarkTests
{
    [Fact]
    public async Task A_tiny_backfill_completes_every_stream_with_the_platform_minimum_of_calls()
    {
        var report = await SyncBenchmark.RunAsync(new SyncBenchOptions { Orders = 400, PageSize = 250 });

        Assert.True(report.AllCompleted, report.Format());
        var lines = report.Platforms.SelectMany(p => p.Streams).ToDictionary(s => s.Platform + " " + s.Stream);
        Assert.Equal(
            ["adobe_commerce creditmemos", "adobe_commerce customers", "adobe_commerce orders", "bigcommerce customers", "bigcommerce orders", "shopify customers", "shopify orders"],
            lines.Keys.Order(StringComparer.Ordinal));
        foreach (var line in lines.Values)
        {
            var expected = line.Stream switch { "customers" => 100, "orders" => 400, _ => 0 };
            Assert.True(expected == line.Inserted, $"{line.Platform} {line.Stream}: {line.Inserted} stored, {expected} generated");
            Assert.True(line.MinimumCalls == line.Calls, $"{line.Platform} {line.Stream}: {line.Calls} calls, minimum {line.MinimumCalls}");
            Assert.True(line.Bytes > 0, $"{line.Platform} {line.Stream}: no bytes counted");
        }

        Assert.Equal(SyncBenchmark.ShopifyBulkMinimum, lines["shopify orders"].MinimumCalls);
        Assert.Equal(2, lines["bigcommerce orders"].MinimumCalls);
        Assert.Equal(2, lines["adobe_commerce orders"].MinimumCalls);
        Assert.Equal(1, lines["bigcommerce customers"].MinimumCalls);
        Assert.Equal(1, lines["adobe_commerce customers"].MinimumCalls);
    }

    [Theory]
    [InlineData(0, 250, 1)]
    [InlineData(1, 250, 1)]
    [InlineData(250, 250, 1)]
    [InlineData(251, 250, 2)]
    [InlineData(1_000_000, 250, 4_000)]
    [InlineData(1_000_000, 300, 3_334)]
    public void The_minimum_is_the_records_over_the_page_size_rounded_up(int records, int pageSize, int pages) =>
        Assert.Equal(pages, SyncBenchmark.Pages(records, pageSize));
}
