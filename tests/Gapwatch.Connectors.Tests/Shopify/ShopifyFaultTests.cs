using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>
/// F1–F14 against the simulated shop: the shared scenarios of <see cref="CommerceFaultTests"/>, and
/// what only Shopify has: Retry-After on a 429, THROTTLED in a 200 body and the cost bucket (F7),
/// its GraphQL shapes (F11), an expired cursor and a repeated end cursor (F13).
/// </summary>
public sealed class ShopifyFaultTests : CommerceFaultTests
{
    protected override string ServerErrorDetail => "Internal Server Error";

    private protected override async Task<CommerceHarness> StartStandardAsync(ConnectorHttpOptions? http = null) =>
        await ShopifyHarness.StartAsync(ShopifyShops.Standard(), http);

    private protected override async Task<CommerceHarness> StartEmptyAsync() => await ShopifyHarness.StartAsync(new ShopifyDataset());

    private static StreamResult Orders(SyncSummary summary) => summary.Streams.Single(s => s.Stream == "orders");

    private static void AssertConverged(ShopifyHarness h)
    {
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("2.0", 2)]
    [InlineData("date", 9)]
    public async Task F7_429WithRetryAfter_WaitsAtLeastThatLongThenCompletes(string retryAfter, int seconds)
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());
        var header = retryAfter == "date" ? ShopifyHarness.Start.AddSeconds(seconds).ToString("r", CultureInfo.InvariantCulture) : retryAfter;
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.TooManyRequests) { RetryAfter = header, Resource = ShopifyDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(h.Clock.Waits, w => w >= TimeSpan.FromSeconds(seconds));
        Assert.True(summary.ThrottledTime >= TimeSpan.FromSeconds(seconds));
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_ThrottledInA200Body_WaitsForTheBucketThenCompletes()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.Throttled) { Resource = ShopifyDataset.Orders, Times = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        // Page size 5 costs 7 points; the bucket is empty and restores 100 a second: one second each time.
        Assert.Equal(2, h.Clock.Waits.Count(w => w == TimeSpan.FromSeconds(1)));
        Assert.Equal(2, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_CostBucketRunsDry_QueriesArePacedByThrottleStatus()
    {
        var data = new ShopifyDataset();
        for (var i = 1; i <= 40; i++)
        {
            data.Customer(800 + i, Day(i), $"c{i}@example.com", "C", $"{i}");
        }

        await using var h = await ShopifyHarness.StartAsync(data, simulator: new ShopifySimulatorOptions { BucketSize = 20m, RestoreRate = 2m });

        var summary = await h.SyncAsync(includeCompanies: false);

        Assert.True(summary.Succeeded);
        Assert.True(summary.ThrottledTime > TimeSpan.Zero);
        AssertConverged(h);
    }

    [Fact]
    public async Task F11_UnknownFieldsNumbersAsStringsAndNullKeys_AreParsedOrQuarantinedAndCounted()
    {
        var data = ShopifyShops.Standard();
        var odd = data.Sorted(ShopifyDataset.Orders).Single(o => o.Id == "1001").Json;
        odd["someFieldFrom2027"] = new JsonObject { ["nested"] = true };
        odd["taxesIncluded"] = "false";
        odd["totalPriceSet"]!["shopMoney"]!["amount"] = 108.25m; // a number where the API sends a string
        data.Put(ShopifyDataset.Orders, "1001", Day(31), odd);
        var keyless = data.Sorted(ShopifyDataset.Customers).Single(c => c.Id == "512").Json;
        keyless["id"] = null;
        keyless["legacyResourceId"] = null;
        data.Put(ShopifyDataset.Customers, "512", Day(12), keyless);
        var badCurrency = data.Sorted(ShopifyDataset.Orders).Single(o => o.Id == "1002").Json;
        badCurrency["currencyCode"] = "XXX";
        data.Put(ShopifyDataset.Orders, "1002", Day(32), badCurrency);
        var badDate = data.Sorted(ShopifyDataset.Orders).Single(o => o.Id == "1003").Json;
        badDate["processedAt"] = "yesterday";
        data.Put(ShopifyDataset.Orders, "1003", Day(33), badDate);
        await using var h = await ShopifyHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(4 - 1, summary.Quarantined); // the keyless customer, the unknown currency, the unreadable date
        Assert.Equal(3, h.Store.QuarantinedCount(ShopifyHarness.Source));
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1001");
        Assert.Equal((108.25m, false), (order.Total, order.TaxesIncluded));
        var stored = h.Stored();
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|shopify:1002", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|shopify:1003", stored.Keys);
        Assert.Equal(11, h.Store.Load().CommerceCustomers.Count(c => !c.CompanyAccount));

        // A run whose lookback covers everything meets the same bad rows again: counted in that run, kept once.
        h.Options = new SyncOptions { PageSize = 5, Lookback = TimeSpan.FromDays(7) };
        h.Clock.Advance(TimeSpan.FromHours(1));
        var again = await h.SyncAsync();
        Assert.Equal(3, again.Quarantined);
        Assert.Equal(3, h.Store.QuarantinedCount(ShopifyHarness.Source));
        Assert.Equal(0, again.RecordsUpserted);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F13_ExpiredPageToken_RestartsFromTheCheckpointAndCompletes()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.InvalidCursor) { Resource = ShopifyDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, Orders(summary).Message);
        var restart = h.Simulator.Log.Where(l => l.Resource == ShopifyDataset.Orders).ElementAt(2);
        Assert.Null(restart.After);
        Assert.StartsWith($"updated_at:>='{ShopifyDataset.Stamp(Day(35))}'", restart.Query, StringComparison.Ordinal);
        AssertConverged(h);
    }

    [Fact]
    public async Task F13_SameNextCursorTwice_IsALoopAndStops()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());
        h.Simulator.Inject(new ShopifyFault(ShopifyFaultKind.RepeatCursor) { Resource = ShopifyDataset.Orders, After = 1 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (orders.Status, orders.ErrorKind));
        Assert.Contains("same next-page token twice", orders.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Simulator.Log.Count(l => l.Resource == ShopifyDataset.Orders));
        h.AssertCursorsNeverWentBack();
    }
}
