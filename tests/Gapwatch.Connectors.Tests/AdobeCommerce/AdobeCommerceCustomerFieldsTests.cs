using System.Text.Json;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Model;
using Gapwatch.Simulators.AdobeCommerce;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>The ERP account number, which Magento has no field for, read from the customer attribute the connection names.</summary>
public sealed class AdobeCommerceCustomerFieldsTests
{
    private static CommerceCustomer Map(string json, string attribute = AdobeCommerceConnection.DefaultAccountReferenceAttribute)
    {
        using var document = JsonDocument.Parse(json);
        var outcome = AdobeCommerceItems.Customer(attribute)(document.RootElement.Clone());
        Assert.Null(outcome.Rejected);
        return Assert.IsType<CommerceCustomer>(Assert.Single(outcome.Records));
    }

    [Theory]
    [InlineData("\"NW-040001\"", "NW-040001")]
    [InlineData("\" NW-040001 \"", "NW-040001")]
    [InlineData("40001", "40001")] // a numeric attribute
    [InlineData("\"\"", null)]
    [InlineData("null", null)]
    [InlineData("[\"a\",\"b\"]", null)] // a multiselect is no account number
    public void Customer_CustomAttribute_IsTheAccountReference(string value, string? expected)
    {
        var customer = Map($$"""
            {"id":501,"email":"a@b.example","updated_at":"2026-04-12 08:00:00",
             "custom_attributes":[{"attribute_code":"loyalty_tier","value":"gold"},{"attribute_code":"erp_account_number","value":{{value}}}]}
            """);

        Assert.Equal(expected, customer.AccountReference);
    }

    [Fact]
    public void Customer_AttributeCodeOfTheConnection_IsTheOneRead()
    {
        const string Json = """
            {"id":501,"updated_at":"2026-04-12 08:00:00","custom_attributes":[{"attribute_code":"erp_account_number","value":"A"},{"attribute_code":"sap_customer_no","value":"B"}]}
            """;

        Assert.Equal("B", Map(Json, "sap_customer_no").AccountReference);
        Assert.Null(Map("""{"id":502,"updated_at":"2026-04-12 08:00:00"}""").AccountReference);
    }

    [Fact]
    public void Connection_AttributeCodeOutsideLettersDigitsAndUnderscore_IsRefused() =>
        Assert.Throws<ArgumentException>(() => new AdobeCommerceConnection(new Uri("https://shop.example.com"), "token") { AccountReferenceAttribute = "erp&x=1" });

    [Fact]
    public async Task Sync_ReadsTheAttributeOverHttp()
    {
        var data = new AdobeCommerceDataset().Customer(501, AdobeCommerceStores.Day(1), "buyer@example.com", "Ada", "Buyer");
        var stored = data.All(AdobeCommerceDataset.Customers)[0].Json;
        stored["custom_attributes"] = new JsonArray(new JsonObject { ["attribute_code"] = "sap_customer_no", ["value"] = "NW-040001" });
        data.Put(AdobeCommerceDataset.Customers, 501, AdobeCommerceStores.Day(1), stored);
        await using var h = await AdobeCommerceHarness.StartAsync(data);
        h.AccountReferenceAttribute = "sap_customer_no";

        var summary = await h.SyncAsync(includeCompanies: false);

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        Assert.Equal("NW-040001", Assert.Single(h.Store.Load().CommerceCustomers).AccountReference);
    }

    [Fact]
    public void ConnectionStore_KeepsTheAttributeCodeAndReadsItBack()
    {
        var workspace = Directory.CreateTempSubdirectory("gapwatch-adobe-fields-").FullName;
        try
        {
            var store = ConnectionStore.Open(workspace);
            store.SaveAdobeCommerce("adobe_commerce", new AdobeCommerceConnection(new Uri("https://shop.example.com"), "secret") { AccountReferenceAttribute = "sap_customer_no" }, b2b: false);

            var stored = Assert.Single(store.List());
            Assert.Equal("sap_customer_no", store.OpenAdobeCommerce(stored).AccountReferenceAttribute);
            Assert.False(stored.ReadsCompanies());
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }
}
