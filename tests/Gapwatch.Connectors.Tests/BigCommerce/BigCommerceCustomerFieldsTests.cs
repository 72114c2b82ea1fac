using System.Text.Json;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Model;
using Gapwatch.Simulators.BigCommerce;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>
/// What BigCommerce has no field for, read where merchants keep it: the ERP account number in a
/// customer form field (B2B Edition: a company extra field), and the ship-to country from the order's
/// shipping consignments, embedded in the order list by <c>include=consignments</c>.
/// </summary>
public sealed class BigCommerceCustomerFieldsTests
{
    private const string Field = BigCommerceConnection.DefaultAccountReferenceField;

    internal static T Mapped<T>(NodeOutcome outcome)
    {
        Assert.Null(outcome.Rejected);
        return Assert.IsType<T>(Assert.Single(outcome.Records));
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string Order(string consignments) => $$"""
        {"id":1001,"customer_id":501,"date_created":"Sun, 12 Apr 2026 08:00:00 +0000","date_modified":"Sun, 12 Apr 2026 09:00:00 +0000",
         "status_id":11,"subtotal_ex_tax":"90.0000","total_inc_tax":"100.0000","total_tax":"0.0000","currency_code":"CAD",
         "order_is_digital":false,"billing_address":{"country_iso2":"US"}{{consignments}}}
        """;

    [Fact]
    public void Customer_FormFieldNamedByTheConnection_IsTheAccountReference()
    {
        var row = Json("""
            {"id":501,"email":"a@b.example","date_modified":"2026-04-12T08:00:00Z",
             "form_fields":[{"name":"VAT number","value":"DE123456789"},{"name":" erp account NUMBER ","value":" NW-040001 "}]}
            """);

        var customer = Mapped<CommerceCustomer>(BigCommerceMapper.Customer(row, Field));

        Assert.Equal(("NW-040001", "DE123456789"), (customer.AccountReference, customer.VatNumber));
        Assert.Null(Mapped<CommerceCustomer>(BigCommerceMapper.Customer(row, "Account code")).AccountReference);
    }

    [Fact]
    public void Customer_BlankOrMissingField_IsNone()
    {
        var blank = Json("""{"id":501,"date_modified":"2026-04-12T08:00:00Z","form_fields":[{"name":"ERP account number","value":"  "}]}""");
        var none = Json("""{"id":502,"date_modified":"2026-04-12T08:00:00Z"}""");

        Assert.Null(Mapped<CommerceCustomer>(BigCommerceMapper.Customer(blank, Field)).AccountReference);
        Assert.Null(Mapped<CommerceCustomer>(BigCommerceMapper.Customer(none, Field)).AccountReference);
    }

    [Fact]
    public void Company_ExtraFieldNamedByTheConnection_ComesBeforeTheUuid()
    {
        var withField = Json("""
            {"companyId":7001,"companyName":"Bergwerk GmbH","updatedAt":"1776000000","uuid":"b2b-uuid-1",
             "extraFields":[{"fieldName":"ERP account number","fieldValue":"NW-047001"}]}
            """);
        var withoutField = Json("""{"companyId":7002,"companyName":"Fjord AS","updatedAt":"1776000000","uuid":"ERP-FJORD","extraFields":[]}""");

        Assert.Equal("NW-047001", Mapped<CommerceCustomer>(BigCommerceMapper.Company(withField, Field)).AccountReference);
        Assert.Equal("ERP-FJORD", Mapped<CommerceCustomer>(BigCommerceMapper.Company(withoutField, Field)).AccountReference);
    }

    [Theory]
    [InlineData(",\"consignments\":{\"shipping\":[{\"id\":1,\"country_iso2\":\"ca\"}],\"pickups\":[],\"downloads\":[]}", "CA")] // consignment_structure=object
    [InlineData(",\"consignments\":[{\"pickups\":[]},{\"shipping\":[{\"id\":1,\"country_iso2\":\"CA\"}]}]", "CA")] // the legacy array
    [InlineData(",\"consignments\":{\"shipping\":[],\"pickups\":[{\"id\":1}]}", null)] // picked up: ships nowhere
    [InlineData("", null)] // not included
    public void Order_ShipToCountry_IsTheFirstShippingConsignments(string consignments, string? country)
    {
        var order = Mapped<CommerceOrder>(BigCommerceMapper.Order(Json(Order(consignments))));

        Assert.Equal(country, order.ShipToCountry);
    }

    [Fact]
    public async Task Sync_AsksForConsignmentsAndReadsTheShipToCountryWithoutACallPerOrder()
    {
        var data = new BigCommerceDataset().Customer(501, BigCommerceStores.Day(1), "buyer@example.com", "Ada", "Buyer");
        data.Order(1001, BigCommerceStores.Day(2), 501, "CAD", 90m, 10m, 0m, shipTo: "CA");
        data.Order(1002, BigCommerceStores.Day(3), 501, "USD", 90m, 10m, 0m);
        await using var h = await BigCommerceHarness.StartAsync(data);
        h.B2b = false;

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        var orders = h.Store.Load().CommerceOrders.ToDictionary(o => o.Id);
        Assert.Equal(("CA", null), (orders["1001"].ShipToCountry, orders["1002"].ShipToCountry));
        var orderRequests = h.Simulator.Log.Where(r => r.Resource == BigCommerceDataset.Orders).ToList();
        Assert.All(orderRequests, r => Assert.Contains("include=consignments", r.Query, StringComparison.Ordinal));
        Assert.DoesNotContain(h.Simulator.Log, r => r.Resource == BigCommerceDataset.Refunds);
    }

    [Fact]
    public async Task Sync_ReadsTheAccountReferenceFromTheFormFieldTheConnectionNames()
    {
        var data = new BigCommerceDataset().Customer(501, BigCommerceStores.Day(1), "buyer@example.com", "Ada", "Buyer");
        var stored = data.Sorted(BigCommerceDataset.Customers)[0].Json;
        stored["form_fields"] = new System.Text.Json.Nodes.JsonArray(
            new System.Text.Json.Nodes.JsonObject { ["name"] = "Account code", ["value"] = "NW-040001" });
        data.Put(BigCommerceDataset.Customers, "501", BigCommerceStores.Day(1), stored);
        await using var h = await BigCommerceHarness.StartAsync(data);
        h.B2b = false;
        h.AccountReferenceField = "Account code";

        await h.SyncAsync();

        Assert.Equal("NW-040001", Assert.Single(h.Store.Load().CommerceCustomers).AccountReference);
    }

    [Fact]
    public void ConnectionStore_KeepsTheFieldNameAndReadsItBack()
    {
        var workspace = Directory.CreateTempSubdirectory("gapwatch-bc-fields-").FullName;
        try
        {
            var store = ConnectionStore.Open(workspace);
            store.SaveBigCommerce("bigcommerce", new BigCommerceConnection("abc123", "bc_secret") { AccountReferenceField = "Account code" });

            Assert.Equal("Account code", store.OpenBigCommerce(Assert.Single(store.List())).AccountReferenceField);
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }
}
