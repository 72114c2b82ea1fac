using System.Net;
using System.Text.Json;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Simulators.AdobeCommerce;
using static Gapwatch.Connectors.Tests.AdobeCommerce.AdobeCommerceStores;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>End to end over HTTP: the real Adobe Commerce connector against the simulated store, into a real store.</summary>
public sealed class AdobeCommerceSyncTests
{
    [Fact]
    public async Task Sync_FirstRun_StoresEveryCustomerCompanyOrderAndCreditMemo()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        h.AssertStoreEqualsSource();
        h.AssertCursorsNeverWentBack();
        Assert.Equal((12 + 2 + 14 + 3, 0), (summary.RecordsRead, summary.Quarantined));
        Assert.Equal(["customers", "companies", "orders", "creditmemos"], summary.Streams.Select(s => s.Stream));
        Assert.Equal([3, 1, 3, 1], summary.Streams.Select(s => s.Pages));
        Assert.Equal(AdobeCommerceHarness.Start - h.Options.SafetyLag, h.Store.Load().Sources.Single(s => s.Source == "adobe_commerce").LastSuccessfulSyncAt);
    }

    [Fact]
    public async Task Sync_CustomersAndCompanies_CarryTaxIdsGroupsAndTheCompanyLink()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());

        await h.SyncAsync();

        var customers = h.Store.Load().CommerceCustomers.ToDictionary(c => c.Id);
        Assert.Equal(("GB123456789", "1", false), (customers["503"].VatNumber, customers["503"].CustomerGroup, customers["503"].CompanyAccount));
        Assert.Equal("2", customers["504"].CustomerGroup);
        Assert.Equal(["company-7001"], customers["504"].Tags);
        Assert.Equal(("Buyer No1", "10001", "US", "512-555-0100"), (customers["501"].Name, customers["501"].Postcode, customers["501"].Country, customers["501"].Phone));
        var company = customers["company-7001"];
        Assert.Equal((true, "DE123456789", "ERP-BERG", "Bergwerk GmbH", "purchasing7001@example.com", "DE", "2"),
            (company.CompanyAccount, company.VatNumber, company.AccountReference, company.CompanyName, company.Email, company.Country, company.CustomerGroup));
        Assert.Null(customers["company-7002"].VatNumber);
        Assert.Null(customers["company-7002"].UpdatedAt); // Magento's company object has no timestamps
        // so the companies' checkpoint holds no time: no clock (ours or the store's) can put it ahead of a run
        Assert.Equal(new Gapwatch.Ports.SyncCursor(DateTimeOffset.UnixEpoch, "7002"), h.Store.Checkpoint(AdobeCommerceHarness.Source, "companies")!.Cursor);
    }

    [Fact]
    public async Task Sync_Orders_BaseCurrencyNegativeDiscountStateAndB2BBuyer()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());

        await h.SyncAsync();

        var data = h.Store.Load();
        var orders = data.CommerceOrders.ToDictionary(o => o.Id);
        Assert.Equal(CommerceOrderStatus.Cancelled, orders["1012"].Status);
        Assert.Equal(CommerceOrderStatus.Fulfilled, orders["1013"].Status);
        Assert.Equal(CommerceOrderStatus.Open, orders["1001"].Status);
        Assert.Equal((200m, 20m, 16m, 196m, false), (orders["1013"].Subtotal, orders["1013"].Discounts, orders["1013"].Tax, orders["1013"].Total, orders["1013"].TaxesIncluded));
        Assert.Equal(("EUR", 100m, null), (orders["1014"].Currency, orders["1014"].Total, orders["1014"].CustomerId)); // base currency, not the USD charged; a guest
        Assert.Equal((108.25m, 100m, "000001001", "US"), (orders["1001"].Total, orders["1001"].NetRevenue, orders["1001"].Number, orders["1001"].ShipToCountry));
        Assert.Equal("501", orders["1001"].CustomerId);
        Assert.Equal("company-7001", orders["1011"].CustomerId);
        Assert.Equal((true, 1190m, 190m, 1190m, 1000m), (orders["1011"].TaxesIncluded, orders["1011"].Subtotal, orders["1011"].Tax, orders["1011"].Total, orders["1011"].NetRevenue));
        Assert.False(orders["1001"].TaxesIncluded); // taxed, but its catalog price was entered without tax
        var refunds = data.CommerceRefunds.ToDictionary(r => r.Id);
        Assert.Equal(("1013", 54m, 4m, "USD"), (refunds["9001"].OrderId, refunds["9001"].Amount, refunds["9001"].Tax, refunds["9001"].Currency));
        Assert.Equal(10m, refunds["9002"].Amount);
        Assert.Equal((0m, 0m), (refunds["9003"].Amount, refunds["9003"].Tax)); // a canceled credit memo refunded nothing
    }

    [Fact]
    public async Task Sync_SendsBearerKeysetFiltersAndAlwaysPageOne()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());

        await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.SyncAsync();

        var upper = AdobeCommerceDataset.Stamp(AdobeCommerceHarness.Start - h.Options.SafetyLag);
        Assert.All(h.Simulator.Log, l => Assert.Equal((1, 5), (l.CurrentPage, l.PageSize)));
        Assert.Equal($"updated_at lteq {upper}", h.Simulator.Log[0].Filters);
        Assert.Equal("updated_at ASC, entity_id ASC", h.Simulator.Log[0].Sort);
        Assert.Equal($"updated_at lteq {upper} AND updated_at gteq {AdobeCommerceDataset.Stamp(Day(5))} AND updated_at gt {AdobeCommerceDataset.Stamp(Day(5))} OR entity_id gt 505", h.Simulator.Log[1].Filters);
        Assert.Equal("entity_id ASC", h.Simulator.Log.First(l => l.Resource == AdobeCommerceDataset.Companies).Sort);
        var secondRun = h.Simulator.Log.Last(l => l.Resource == AdobeCommerceDataset.Customers);
        Assert.StartsWith($"updated_at gteq {AdobeCommerceDataset.Stamp(Day(12) - h.Options.Lookback)} AND updated_at lteq", secondRun.Filters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_WrongToken_NeedsReauthenticationWithMagentosMessageAndNoToken()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        h.Token = "wrong-integration-token";

        var summary = await h.SyncAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, summary.Streams[0].ErrorKind);
        Assert.Contains("The consumer isn't authorized to access Magento_Sales::actions_view.", summary.Streams[0].Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-integration-token", summary.Streams[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Simulator.Requests);
    }

    [Fact]
    public async Task Sync_WithoutTheB2BModule_CompaniesFailPermanentlyAndTheRestCompletes()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard(), simulator: new AdobeCommerceSimulatorOptions { B2B = false });

        var summary = await h.SyncAsync();

        var companies = summary.Streams.Single(s => s.Stream == "companies");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (companies.Status, companies.ErrorKind));
        Assert.Contains("404", companies.Message, StringComparison.Ordinal);
        Assert.All(summary.Streams.Where(s => s.Stream != "companies"), s => Assert.Equal(StreamStatus.Completed, s.Status));
        Assert.True((await h.SyncAsync(includeCompanies: false)).Succeeded);
    }

    [Fact]
    public async Task Simulator_PagePastTheEnd_RepeatsTheLastPageAndTotalCountTellsTheEnd()
    {
        await using var h = await AdobeCommerceHarness.StartAsync(Standard());
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", h.Simulator.AccessToken);

        async Task<JsonElement> Page(int page)
        {
            var url = new Uri(h.Simulator.BaseAddress, $"rest/all/V1/orders?searchCriteria%5BpageSize%5D=5&searchCriteria%5BcurrentPage%5D={page}");
            using var response = await http.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }

        var last = await Page(3);
        var past = await Page(4);

        Assert.Equal(14, past.GetProperty("total_count").GetInt32());
        Assert.Equal(last.GetProperty("items").GetRawText(), past.GetProperty("items").GetRawText());
        Assert.Equal(4, last.GetProperty("items").GetArrayLength());
    }
}
