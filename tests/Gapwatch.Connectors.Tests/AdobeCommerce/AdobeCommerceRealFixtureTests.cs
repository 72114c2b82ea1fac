using System.Text.Json;
using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Files.Import;
using Gapwatch.Model;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>
/// The real Adobe Commerce payloads in tests/data/fixtures/magento (Apache-2.0, see its SOURCES.md)
/// go through the connector's item mappers and become valid records. All of them are permissively
/// licensed, so CI has them; nothing is read from ../shared.
/// </summary>
public sealed class AdobeCommerceRealFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "magento");

    private static JsonElement Read(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file))).RootElement.Clone();

    private static void AssertValid(NodeOutcome outcome, string file)
    {
        Assert.Null(outcome.Rejected);
        Assert.NotEmpty(outcome.Records);
        Assert.All(outcome.Records, r => Assert.Empty(RecordValidator.Validate(r, file)));
    }

    [Fact]
    public void Folder_HoldsEveryFixtureOfTheSourcesFile()
    {
        var sources = File.ReadAllText(Path.Combine(Folder, "SOURCES.md"));
        var files = Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).ToList();
        Assert.Equal(4, files.Count);
        Assert.All(files, f => Assert.Contains($"`magento/{f}`", sources, StringComparison.Ordinal));
        Assert.Contains("Apache-2.0", sources, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompanySearch_IsASearchResultWhoseCompaniesAreValidAccountsWithoutTaxIds()
    {
        await using var stream = File.OpenRead(Path.Combine(Folder, "company_search.json"));
        var result = await JsonSerializer.DeserializeAsync<SearchResult>(stream, MagentoJson.Options);

        Assert.Equal((2L, 2), (result!.TotalCount, result.Items!.Count));
        var outcomes = result.Items.Select(AdobeCommerceItems.Company).ToList();
        Assert.All(outcomes, o => AssertValid(o, "company_search.json"));
        var widgets = (CommerceCustomer)outcomes[1].Records[0];
        Assert.Equal(("company-3", "Widgets, Inc", "widgetsinc@example.com", "90211", "US", true, null), (widgets.Id, widgets.CompanyName, widgets.Email, widgets.Postcode, widgets.Country, widgets.CompanyAccount, widgets.VatNumber));
    }

    [Fact]
    public void CompanyUser_IsACustomerLinkedToItsCompany()
    {
        var outcome = AdobeCommerceItems.Customer(AdobeCommerceConnection.DefaultAccountReferenceAttribute)(Read("customer_company_user.json"));

        AssertValid(outcome, "customer_company_user.json");
        var customer = (CommerceCustomer)outcome.Records[0];
        Assert.Equal(("13", "mshaw@example.com", "Melanie Shaw", "1", false), (customer.Id, customer.Email, customer.Name, customer.CustomerGroup, customer.CompanyAccount));
        Assert.Equal(["company-2"], customer.Tags);
        Assert.Equal(new DateTimeOffset(2017, 5, 18, 18, 50, 58, TimeSpan.Zero), customer.UpdatedAt);
    }

    [Fact]
    public void TutorialOrder_IsAValidOrderInBaseCurrency()
    {
        var outcome = AdobeCommerceItems.Order(Read("order_get_tutorial.json"));

        AssertValid(outcome, "order_get_tutorial.json");
        var order = (CommerceOrder)outcome.Records[0];
        Assert.Equal(("3", "000000003", "3", "USD", CommerceOrderStatus.Open), (order.Id, order.Number, order.CustomerId, order.Currency, order.Status));
        Assert.Equal((160m, 0m, 5m, 0m, 165m, "US"), (order.Subtotal, order.Discounts, order.Shipping, order.Tax, order.Total, order.ShipToCountry));
        Assert.Equal(new DateTimeOffset(2017, 8, 21, 22, 22, 19, TimeSpan.Zero), order.PlacedAt);
    }

    [Fact]
    public async Task Error400_FillsItsParametersIntoTheMessage()
    {
        await using var stream = File.OpenRead(Path.Combine(Folder, "error_400_parameters.json"));
        var error = await JsonSerializer.DeserializeAsync<MagentoError>(stream, MagentoJson.Options);

        Assert.Equal("Invalid product data: Invalid attribute set entity type", AdobeCommerceClient.Describe(error));
    }

    [Fact]
    public void NamedParameters_FillTheirPlaceholders()
    {
        var error = JsonSerializer.Deserialize<MagentoError>("""{"message":"The consumer isn't authorized to access %resources.","parameters":{"resources":"Magento_Sales::actions_view"}}""", MagentoJson.Options);

        Assert.Equal("The consumer isn't authorized to access Magento_Sales::actions_view.", AdobeCommerceClient.Describe(error));
    }
}
