using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.AdobeCommerce;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>
/// F1–F14 against the simulated Adobe Commerce store: the shared scenarios of <see cref="CommerceFaultTests"/>,
/// and Magento's own: no THROTTLED-in-200 (F7 covers 503 with Retry-After instead), parameterised
/// 400 messages (F10), its shapes (F11), and no server-side page token to expire (F13: the keyset
/// token is rebuilt from the last row, so the repeated page Magento serves past the end is what is guarded against).
/// </summary>
public sealed class AdobeCommerceFaultTests : CommerceFaultTests
{
    /// <summary>Magento's message with its parameters filled in.</summary>
    protected override string ServerErrorDetail => "Report ID: webapi-6540f1c1c6d34";

    private protected override async Task<CommerceHarness> StartStandardAsync(ConnectorHttpOptions? http = null) =>
        await AdobeCommerceHarness.StartAsync(AdobeCommerceStores.Standard(), http);

    private protected override async Task<CommerceHarness> StartEmptyAsync() => await AdobeCommerceHarness.StartAsync(new AdobeCommerceDataset());

    protected override void AfterUnchangedRun(SyncSummary second) =>
        Assert.Equal(2, second.Streams.Single(s => s.Stream == "companies").Upserted.Unchanged);

    /// <summary>The keyset tie-break on entity_id pages through one updated_at without skipping or repeating.</summary>
    private protected override void AfterSharedStampRuns(CommerceHarness h) =>
        Assert.Contains(((AdobeCommerceHarness)h).Simulator.Log, l => l.Filters.EndsWith($"updated_at gt {AdobeCommerceDataset.Stamp(Day(100))} OR entity_id gt 2004", StringComparison.Ordinal));

    /// <summary>Magento stamps are naive UTC whatever the store's time zone.</summary>
    private protected override void AfterDstRun(CommerceHarness h) =>
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), h.Store.Load().CommerceOrders.Single(o => o.Id == "3004").UpdatedAt);

    private static StreamResult Orders(SyncSummary summary) => summary.Streams.Single(s => s.Stream == "orders");

    private static int OrderRequests(AdobeCommerceHarness h) => h.RequestsFor(AdobeCommerceDataset.Orders);

    private static void AssertConverged(AdobeCommerceHarness h)
    {
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [InlineData(AdobeCommerceFaultKind.TooManyRequests, "3", 3)]
    [InlineData(AdobeCommerceFaultKind.TooManyRequests, "2.0", 2)]
    [InlineData(AdobeCommerceFaultKind.TooManyRequests, "date", 9)]
    [InlineData(AdobeCommerceFaultKind.ServerError, "7", 7)]
    public async Task F7_429Or503WithRetryAfter_WaitsAtLeastThatLongThenCompletes(AdobeCommerceFaultKind kind, string retryAfter, int seconds)
    {
        await using var h = await AdobeCommerceHarness.StartAsync(AdobeCommerceStores.Standard());
        var header = retryAfter == "date" ? AdobeCommerceHarness.Start.AddSeconds(seconds).ToString("r", CultureInfo.InvariantCulture) : retryAfter;
        h.Simulator.Inject(new AdobeCommerceFault(kind) { RetryAfter = header, Resource = AdobeCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(h.Clock.Waits, w => w >= TimeSpan.FromSeconds(seconds));
        Assert.Equal(1, summary.Retries);
        if (kind == AdobeCommerceFaultKind.TooManyRequests)
        {
            Assert.True(summary.ThrottledTime >= TimeSpan.FromSeconds(seconds));
        }

        AssertConverged(h);
    }

    [Fact]
    public async Task F10_BadRequest_IsPermanentWithMagentosMessage()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(AdobeCommerceStores.Standard());
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.BadRequest) { Resource = AdobeCommerceDataset.Orders });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (Orders(summary).Status, Orders(summary).ErrorKind));
        Assert.Contains("400: \"Invalid product data: Invalid attribute set entity type\"", Orders(summary).Message, StringComparison.Ordinal);
        Assert.Equal(1, OrderRequests(h)); // a 400 is not retried
    }

    [Fact]
    public async Task F11_UnknownFieldsNumbersAsStringsAndNullKeys_AreParsedOrQuarantinedAndCounted()
    {
        var data = AdobeCommerceStores.Standard();
        var odd = data.Get(AdobeCommerceDataset.Orders, 1001).Json;
        odd["some_field_from_2027"] = new JsonObject { ["nested"] = true };
        odd["base_grand_total"] = "108.2500"; // a string where Magento sends a number
        odd["customer_is_guest"] = "0";
        data.Put(AdobeCommerceDataset.Orders, 1001, Day(31), odd);
        var keyless = data.Get(AdobeCommerceDataset.Customers, 512).Json;
        keyless["id"] = null;
        data.Put(AdobeCommerceDataset.Customers, 512, Day(12), keyless);
        var badCurrency = data.Get(AdobeCommerceDataset.Orders, 1002).Json;
        badCurrency["base_currency_code"] = "XXX";
        data.Put(AdobeCommerceDataset.Orders, 1002, Day(32), badCurrency);
        var badDate = data.Get(AdobeCommerceDataset.Orders, 1003).Json;
        badDate["created_at"] = "yesterday";
        data.Put(AdobeCommerceDataset.Orders, 1003, Day(33), badDate);
        await using var h = await AdobeCommerceHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(3, summary.Quarantined); // the keyless customer, the unknown currency, the unreadable date
        Assert.Equal(3, h.Store.QuarantinedCount(AdobeCommerceHarness.Source));
        var order = h.Store.Load().CommerceOrders.Single(o => o.Id == "1001");
        Assert.Equal((108.25m, "501"), (order.Total, order.CustomerId));
        var stored = h.Stored();
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|adobe_commerce:1002", stored.Keys);
        Assert.DoesNotContain($"{RecordKinds.CommerceOrder}|adobe_commerce:1003", stored.Keys);
        Assert.Equal(11, h.Store.Load().CommerceCustomers.Count(c => !c.CompanyAccount));

        h.Options = new SyncOptions { PageSize = 5, Lookback = TimeSpan.FromDays(7) };
        h.Clock.Advance(TimeSpan.FromHours(1));
        var again = await h.SyncAsync();
        Assert.Equal(3, again.Quarantined);
        Assert.Equal(3, h.Store.QuarantinedCount(AdobeCommerceHarness.Source));
        Assert.Equal(0, again.RecordsUpserted);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F13_RepeatedPage_IsALoopAndStops()
    {
        // What Magento does past the last page: the same rows again. The keyset token built from them repeats.
        await using var h = await AdobeCommerceHarness.StartAsync(AdobeCommerceStores.Standard());
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.RepeatPage) { Resource = AdobeCommerceDataset.Orders, After = 1 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (orders.Status, orders.ErrorKind));
        Assert.Contains("same next-page token twice", orders.Message, StringComparison.Ordinal);
        Assert.Equal(2, OrderRequests(h));
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F13_KeysetTokenNeverExpires_TheNextRunContinuesFromTheCheckpoint()
    {
        // Magento has no server-side page token; a run cut after page one continues next run from its checkpoint.
        await using var h = await AdobeCommerceHarness.StartAsync(AdobeCommerceStores.Standard());
        h.Simulator.Inject(new AdobeCommerceFault(AdobeCommerceFaultKind.ServerError) { StatusCode = 500, Resource = AdobeCommerceDataset.Orders, After = 1, Times = 6 });
        Assert.False((await h.SyncAsync()).Succeeded);
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, Orders(summary).Message);
        var restart = h.Simulator.Log.Where(l => l.Resource == AdobeCommerceDataset.Orders).Skip(7).First();
        Assert.StartsWith($"updated_at gteq {AdobeCommerceDataset.Stamp(Day(35) - h.Options.Lookback)} AND", restart.Filters, StringComparison.Ordinal);
        AssertConverged(h);
    }
}
