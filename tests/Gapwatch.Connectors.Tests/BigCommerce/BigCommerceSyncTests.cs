using System.Globalization;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Simulators.BigCommerce;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>End to end over HTTP: the real connector against the simulated store, into a real SQLite store.</summary>
public sealed class BigCommerceSyncTests
{
    [Fact]
    public async Task Sync_FirstRun_StoresEveryCustomerCompanyOrderAndRefund()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
        Assert.Equal(0, summary.Quarantined);
        Assert.Equal(["customers", "companies", "orders"], summary.Streams.Select(s => s.Stream));
        Assert.Equal(BigCommerceHarness.Start - h.Options.SafetyLag, h.Store.Load().Sources.Single(s => s.Source == "bigcommerce").LastSuccessfulSyncAt);
    }

    [Fact]
    public async Task Sync_CompaniesCarryTheirTaxIdAndErpReference()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());

        await h.SyncAsync();

        var data = h.Store.Load();
        var company = data.CommerceCustomers.Single(c => c.Id == "company-7001");
        Assert.Equal((true, "DE123456789", "ERP-BERG", "Bergwerk GmbH", "DE", "3"),
            (company.CompanyAccount, company.VatNumber, company.AccountReference, company.CompanyName, company.Country, company.CustomerGroup));
        Assert.Null(data.CommerceCustomers.Single(c => c.Id == "company-7002").VatNumber);
        var customer = data.CommerceCustomers.Single(c => c.Id == "501");
        Assert.Equal((false, "buyer1@example.com", "Buyer No1", "10001", "US"), (customer.CompanyAccount, customer.Email, customer.Name, customer.Postcode, customer.Country));
    }

    [Fact]
    public async Task Sync_Orders_MapTaxModeDiscountsStatusCurrencyAndRefunds()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());

        await h.SyncAsync();

        var data = h.Store.Load();
        var orders = data.CommerceOrders.ToDictionary(o => o.Id);
        Assert.Equal((108.25m, 100m, 10m, 8.25m, false, "501"), (orders["1001"].Total, orders["1001"].NetRevenue, orders["1001"].Shipping, orders["1001"].Tax, orders["1001"].TaxesIncluded, orders["1001"].CustomerId));
        Assert.Equal(("EUR", true, 1000m, 190m, 1000m), (orders["1011"].Currency, orders["1011"].TaxesIncluded, orders["1011"].Subtotal, orders["1011"].Tax, orders["1011"].Total));
        Assert.Equal(CommerceOrderStatus.Cancelled, orders["1012"].Status);
        Assert.Equal((CommerceOrderStatus.Open, 200m, 20m, 196m), (orders["1013"].Status, orders["1013"].Subtotal, orders["1013"].Discounts, orders["1013"].Total));
        Assert.Equal(CommerceOrderStatus.Fulfilled, orders["1014"].Status);
        Assert.Equal(BigCommerceStores.Day(41).AddHours(-2), orders["1011"].PlacedAt);
        var refund = Assert.Single(data.CommerceRefunds);
        Assert.Equal(("9001", "1013", 54m, 4m, "USD", BigCommerceStores.Day(43)), (refund.Id, refund.OrderId, refund.Amount, refund.Tax, refund.Currency, refund.CreatedAt));
        // Only the refunded order asks for its refunds (twice at most: a page boundary re-reads its modified second).
        Assert.InRange(h.Simulator.Log.Count(l => l.Resource == BigCommerceDataset.Refunds), 1, 2);
    }

    [Fact]
    public async Task Sync_SendsEachApisDateFormatAndInclusiveWindow()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());

        await h.SyncAsync();
        var firstRun = h.Simulator.Requests;
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.SyncAsync();

        var upper = BigCommerceHarness.Start - h.Options.SafetyLag;
        var firstOrders = h.Simulator.Log.First(l => l.Resource == BigCommerceDataset.Orders).Query;
        Assert.Contains("max_date_modified=" + Uri.EscapeDataString(BigCommerceDataset.Rfc2822(upper)), firstOrders, StringComparison.Ordinal);
        Assert.DoesNotContain("min_date_modified", firstOrders, StringComparison.Ordinal);
        Assert.Contains("sort=date_modified%3Aasc", firstOrders, StringComparison.Ordinal);
        Assert.Contains("page=1&limit=5", firstOrders, StringComparison.Ordinal);
        var secondCustomers = h.Simulator.Log.Skip(firstRun).First(l => l.Resource == BigCommerceDataset.Customers).Query;
        Assert.Contains("date_modified:min=" + Uri.EscapeDataString((BigCommerceStores.Day(12) - h.Options.Lookback).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), secondCustomers, StringComparison.Ordinal);
        var secondCompanies = h.Simulator.Log.Skip(firstRun).First(l => l.Resource == BigCommerceDataset.Companies).Query;
        Assert.Contains("minModified=" + (BigCommerceStores.Day(21) - h.Options.Lookback).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), secondCompanies, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_V2PastTheLastPage_Answers204AndTheStreamCompletes()
    {
        var data = new BigCommerceDataset();
        for (var i = 1; i <= 10; i++)
        {
            data.Order(2000 + i, BigCommerceStores.Day(i), 501, "USD", 10m, 0m, 0m);
        }

        await using var h = await BigCommerceHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        // 10 rows in pages of 5: the second page is full, so a third is asked for and answered 204 (an empty body).
        Assert.True(summary.Succeeded);
        Assert.Equal(3, summary.Streams.Single(s => s.Stream == "orders").Pages);
        h.AssertStoreEqualsSource();
    }

    [Fact]
    public async Task Sync_WithoutB2bEdition_ReadsNoCompanies()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.B2b = false;

        var summary = await h.SyncAsync();

        Assert.Equal(["customers", "orders"], summary.Streams.Select(s => s.Stream));
        Assert.DoesNotContain(h.Simulator.Log, l => l.Resource == BigCommerceDataset.Companies);
        h.AssertStoreEqualsSource();
    }

    [Fact]
    public async Task Sync_WrongToken_NeedsReauthenticationAndNeverShowsTheToken()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.Token = "bc_wrong_token";

        var summary = await h.SyncAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, summary.Streams[0].ErrorKind);
        Assert.DoesNotContain("bc_wrong_token", summary.Streams[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("bc_wrong_token", h.Connection().ToString(), StringComparison.Ordinal);
        Assert.Equal(1, h.Simulator.Requests);
    }

    [Fact]
    public async Task Sync_WrongStoreHash_IsPermanentNotFound()
    {
        await using var h = await BigCommerceHarness.StartAsync(BigCommerceStores.Standard());
        h.StoreHash = "other";

        var summary = await h.SyncAsync();

        Assert.Equal((SyncErrorKind.Permanent, true), (summary.Streams[0].ErrorKind, summary.Streams[0].Message!.Contains("store hash", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("Tue, 05 Mar 2019 21:40:11 +0000", "2019-03-05T21:40:11+00:00")]
    [InlineData("Tue, 05 Mar 2019 16:40:11 -0500", "2019-03-05T21:40:11+00:00")]
    [InlineData("5 Mar 2019 21:40:11 +0000", "2019-03-05T21:40:11+00:00")]
    [InlineData("2019-03-05T21:40:11Z", "2019-03-05T21:40:11+00:00")]
    [InlineData("2022-06-16T16:44:15+00:00", "2022-06-16T16:44:15+00:00")]
    [InlineData("1551822011", "2019-03-05T21:40:11+00:00")]
    public void Dates_Rfc2822IsoAndUnixSeconds_Parse(string text, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), BigCommerceJson.ParseDate(text));

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("Tue, 32 Mar 2019 21:40:11 +0000")]
    public void Dates_Unreadable_AreNull(string text) => Assert.Null(BigCommerceJson.ParseDate(text));
}
