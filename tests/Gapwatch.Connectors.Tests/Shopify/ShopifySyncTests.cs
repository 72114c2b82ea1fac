using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>End to end over HTTP: the real connector against the simulated shop, into a real store.</summary>
public sealed class ShopifySyncTests
{
    [Fact]
    public async Task Sync_FirstRun_StoresEveryCustomerCompanyOrderAndRefund()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
        Assert.Equal((12 + 2 + 14, 0), (summary.RecordsRead, summary.Quarantined));
        Assert.Equal([3, 1, 3], summary.Streams.Select(s => s.Pages));
        Assert.Equal(ShopifyHarness.Start - h.Options.SafetyLag, h.Store.Load().Sources.Single(s => s.Source == "shopify").LastSuccessfulSyncAt);
    }

    [Fact]
    public async Task Sync_B2BOrder_IsTheCompanysAndTheCompanyCarriesItsTaxId()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());

        await h.SyncAsync();

        var data = h.Store.Load();
        var order = data.CommerceOrders.Single(o => o.Id == "1011");
        Assert.Equal(("company-7001", "EUR", true), (order.CustomerId, order.Currency, order.TaxesIncluded));
        Assert.Equal((1000m, 190m, 1000m), (order.Subtotal, order.Tax, order.Total));
        var company = data.CommerceCustomers.Single(c => c.Id == "company-7001");
        Assert.Equal((true, "DE123456789", "ERP-BERG", "Bergwerk GmbH", "einkauf@bergwerk.example", "DE"),
            (company.CompanyAccount, company.VatNumber, company.AccountReference, company.CompanyName, company.Email, company.Country));
        Assert.Null(data.CommerceCustomers.Single(c => c.Id == "company-7002").VatNumber);
        Assert.False(data.CommerceCustomers.Single(c => c.Id == "501").CompanyAccount);
    }

    [Fact]
    public async Task Sync_Orders_MapStatusDiscountsShopMoneyAndRefunds()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());

        await h.SyncAsync();

        var data = h.Store.Load();
        var orders = data.CommerceOrders.ToDictionary(o => o.Id);
        Assert.Equal(CommerceOrderStatus.Cancelled, orders["1012"].Status);
        Assert.Equal(CommerceOrderStatus.Fulfilled, orders["1013"].Status);
        Assert.Equal(CommerceOrderStatus.Open, orders["1001"].Status);
        Assert.Equal((200m, 20m, 196m), (orders["1013"].Subtotal, orders["1013"].Discounts, orders["1013"].Total));
        Assert.Equal(("USD", 100m), (orders["1014"].Currency, orders["1014"].Total)); // shop money, not the CAD shown to the buyer
        Assert.Equal((108.25m, 100m), (orders["1001"].Total, orders["1001"].NetRevenue));
        Assert.Equal("501", orders["1001"].CustomerId);
        var refund = Assert.Single(data.CommerceRefunds);
        Assert.Equal(("9001", "1013", 54m, 4m, "USD"), (refund.Id, refund.OrderId, refund.Amount, refund.Tax, refund.Currency));
    }

    [Fact]
    public async Task Sync_SendsPinnedVersionTokenAndInclusiveUpdatedAtWindow()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());

        await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.SyncAsync();

        var upper = ShopifyDataset.Stamp(ShopifyHarness.Start - h.Options.SafetyLag);
        Assert.Equal($"updated_at:<='{upper}'", h.Simulator.Log[0].Query);
        var secondRun = h.Simulator.Log.Last(l => l.Resource == ShopifyDataset.Customers);
        Assert.StartsWith($"updated_at:>='{ShopifyDataset.Stamp(ShopifyShops.Day(12) - h.Options.Lookback)}' AND updated_at:<=", secondRun.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_WrongToken_NeedsReauthentication()
    {
        await using var h = await ShopifyHarness.StartAsync(ShopifyShops.Standard());
        h.Token = "shpat_wrong_token";

        var summary = await h.SyncAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, summary.Streams[0].ErrorKind);
        Assert.DoesNotContain("shpat_wrong_token", summary.Streams[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Simulator.Requests);
    }
}
