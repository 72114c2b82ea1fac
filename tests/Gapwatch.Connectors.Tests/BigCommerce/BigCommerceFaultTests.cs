using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.BigCommerce;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>
/// F1–F14 against the simulated BigCommerce store: the shared scenarios of <see cref="CommerceFaultTests"/>,
/// and what only BigCommerce has: the <c>X-Rate-Limit-*</c> headers and window (F7, F8), the refunds
/// read per order (F10), its v2/v3 shapes (F11) and page-number paging through one modified second (F13).
/// </summary>
public sealed class BigCommerceFaultTests : CommerceFaultTests
{
    protected override string ServerErrorDetail => "Internal Server Error";

    /// <summary>Pages of 3 overlap by the row at each window's lower bound: 1001–1003, 1003–1005, 1005–1007.</summary>
    protected override (int BeforeTheCut, int WithTheCutPage) OrdersStoredAroundTheCut => (5, 7);

    /// <summary>The page boundary re-reads its modified second, so the old version may be counted more than once.</summary>
    protected override int? StaleCountOfOneOldVersion => null;

    private protected override async Task<CommerceHarness> StartStandardAsync(ConnectorHttpOptions? http = null) =>
        await BigCommerceHarness.StartAsync(BigCommerceStores.Standard(), http);

    private protected override async Task<CommerceHarness> StartEmptyAsync() => await BigCommerceHarness.StartAsync(new BigCommerceDataset());

    /// <summary>RFC 2822 dates carry an offset: the store in New York writes the last order's date with -0500, as before the switch.</summary>
    private protected override async Task<CommerceHarness> StartAroundDstAsync(IReadOnlyList<(long Id, DateTimeOffset UpdatedAt)> orders)
    {
        var h = (BigCommerceHarness)await StartWithOrdersAsync(orders);
        var (id, at) = orders[^1];
        var key = id.ToString(CultureInfo.InvariantCulture);
        var local = h.Simulator.Data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == key).Json;
        local["date_modified"] = at.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture) + at.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        h.Simulator.Data.Put(BigCommerceDataset.Orders, key, at, local);
        return h;
    }

    private static StreamResult Orders(SyncSummary summary) => summary.Streams.Single(s => s.Stream == "orders");

    private static int OrderRequests(BigCommerceHarness h) => h.RequestsFor(BigCommerceDataset.Orders);

    private static void AssertConverged(BigCommerceHarness h)
    {
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F10_BrokenRefundsBody_CommitsNothingOfItsOrderPageAndKeepsTheCursor()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.Options = new SyncOptions { PageSize = 10 };
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TruncatedJson) { Resource = BigCommerceDataset.Refunds });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable, 1), (orders.Status, orders.ErrorKind, orders.Pages));
        Assert.Contains("not complete JSON", orders.Message, StringComparison.Ordinal);
        Assert.Equal(new SyncCursor(Day(40), "1010"), h.Store.Checkpoint(BigCommerceHarness.Source, "orders")!.Cursor);
        Assert.Equal(10, h.Store.Load().CommerceOrders.Count);
        Assert.Empty(h.Store.Load().CommerceRefunds);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_429WithResetMs_WaitsThatLongThenCompletes()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TooManyRequests) { ResetMs = 4500, Resource = BigCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(h.Clock.Waits, w => w == TimeSpan.FromMilliseconds(4500));
        Assert.True(summary.ThrottledTime >= TimeSpan.FromMilliseconds(4500));
        Assert.Equal(1, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_429WithoutHeaders_IsPlatformLoadAndBacksOff()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TooManyRequests) { ResetMs = null, Resource = BigCommerceDataset.Customers, Times = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(2, summary.Retries);
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_QuotaSpent_NextRequestWaitsForTheWindowToReset()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard(), simulator: new BigCommerceSimulatorOptions { RequestsQuota = 3, Window = TimeSpan.FromSeconds(30) });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        Assert.True(summary.ThrottledTime > TimeSpan.Zero);
        Assert.Equal(0, summary.Retries); // paced by the headers, never refused
        Assert.All(h.Clock.Waits, w => Assert.True(w <= TimeSpan.FromSeconds(30)));
        AssertConverged(h);
    }

    [Fact]
    public async Task F8_ResetBeyondTheLongestWait_IsNotWaitedOut()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.TooManyRequests) { ResetMs = 10 * 60 * 1000, Resource = BigCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (Orders(summary).Status, Orders(summary).ErrorKind));
        Assert.Equal(1, OrderRequests(h));
        Assert.Empty(h.Clock.Waits);
    }

    [Fact]
    public async Task F11_UnknownFieldsNumbersAsStringsAndNullKeys_AreParsedOrQuarantinedAndCounted()
    {
        var data = BigCommerceStores.Standard();
        var odd = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1001").Json;
        odd["some_field_from_2027"] = new JsonObject { ["nested"] = true };
        odd["is_tax_inclusive_pricing"] = "false";
        odd["total_inc_tax"] = 108.25m; // a number where the API sends a string
        odd["id"] = "1001";
        data.Put(BigCommerceDataset.Orders, "1001", Day(31), odd);
        var keyless = data.Sorted(BigCommerceDataset.Customers).Single(c => c.Id == "512").Json;
        keyless["id"] = null;
        data.Put(BigCommerceDataset.Customers, "512", Day(12), keyless);
        var badCurrency = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1002").Json;
        badCurrency["default_currency_code"] = "XXX";
        data.Put(BigCommerceDataset.Orders, "1002", Day(32), badCurrency);
        var badDate = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1003").Json;
        badDate["date_created"] = "yesterday";
        data.Put(BigCommerceDataset.Orders, "1003", Day(33), badDate);
        var badRefunded = data.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == "1004").Json;
        badRefunded["refunded_amount"] = "n/a";
        data.Put(BigCommerceDataset.Orders, "1004", Day(34), badRefunded);
        await using var h = await BigCommerceHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(4, summary.Quarantined); // the keyless customer, the unknown currency, the unreadable date and refunded amount
        Assert.Equal(4, h.Store.QuarantinedCount(BigCommerceHarness.Source));
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1001");
        Assert.Equal((108.25m, false), (order.Total, order.TaxesIncluded));
        var stored = h.Stored();
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|bigcommerce:1002", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|bigcommerce:1003", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|bigcommerce:1004", stored.Keys);
        Assert.Equal(11, h.Store.Load().CommerceCustomers.Count(c => !c.CompanyAccount));

        h.Options = new SyncOptions { PageSize = 5, Lookback = TimeSpan.FromDays(7) };
        h.Clock.Advance(TimeSpan.FromHours(1));
        var again = await h.SyncAsync();
        Assert.Equal(4, h.Store.QuarantinedCount(BigCommerceHarness.Source));
        Assert.Equal(0, again.RecordsUpserted);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F13_ServerRepeatsThePageWhateverIsAsked_IsALoopAndStops()
    {
        var data = new BigCommerceDataset();
        for (var i = 1; i <= 12; i++)
        {
            data.Order(2000 + i, Day(100), 501, "USD", 10m, 0m, 0m); // one modified date: the stream turns page numbers
        }

        await using var h = await BigCommerceHarness.StartAsync(data);
        h.B2b = false;
        h.Options = new SyncOptions { PageSize = 4 };
        h.Simulator.Inject(new BigCommerceFault(BigCommerceFaultKind.RepeatPage) { Resource = BigCommerceDataset.Orders, After = 2, Times = int.MaxValue });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (orders.Status, orders.ErrorKind));
        Assert.Contains("paging loop", orders.Message, StringComparison.Ordinal);
        Assert.Equal(3, OrderRequests(h)); // page 1 of the first window, page 1 and the repeated page 2 of the shared second
        h.AssertCursorsNeverWentBack();
    }
}
