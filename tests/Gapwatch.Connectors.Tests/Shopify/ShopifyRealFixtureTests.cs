using Gapwatch.Connectors.Shopify;
using Gapwatch.Files.Import;
using Gapwatch.Model;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>Every real Shopify payload in tests/data/fixtures/shopify (see its SOURCES.md) parses into valid records.</summary>
public sealed class ShopifyRealFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "shopify");

    public static TheoryData<string> Fixtures() => [.. Directory.EnumerateFiles(Folder, "*.json").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    private static async Task<ShopifyRestPayload> Read(string file)
    {
        await using var stream = File.OpenRead(Path.Combine(Folder, file));
        return await ShopifyRestPayloads.ReadAsync(stream);
    }

    [Fact]
    public void Folder_HoldsEveryFixtureOfTheSourcesFile()
    {
        var sources = File.ReadAllText(Path.Combine(Folder, "SOURCES.md"));
        var files = Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).ToList();
        Assert.Equal(5, files.Count);
        Assert.All(files, f => Assert.Contains($"`shopify/{f}`", sources, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Fixture_Parses_AndEveryRecordPassesTheImportRules(string file)
    {
        var payload = await Read(file);

        Assert.True(payload.Records.Count > 0 || payload.Error is not null, file);
        Assert.All(payload.Records, r => Assert.Empty(RecordValidator.Validate(r, file)));
    }

    [Fact]
    public async Task OrderSingle_OldStyleWithoutMoneySets_UsesThePlainAmounts()
    {
        var order = Assert.IsType<CommerceOrder>(Assert.Single((await Read("rest_order_single.json")).Records));

        Assert.Equal(("450789469", "#1001", "207119551", "USD"), (order.Id, order.Number, order.CustomerId, order.Currency));
        Assert.Equal((398.00m, 0m, 0.00m, 11.94m, 409.94m, false), (order.Subtotal, order.Discounts, order.Shipping, order.Tax, order.Total, order.TaxesIncluded));
        Assert.Equal((CommerceOrderStatus.Open, "US"), (order.Status, order.ShipToCountry));
        Assert.Equal(new DateTimeOffset(2008, 1, 10, 16, 0, 0, TimeSpan.Zero), order.PlacedAt);
    }

    [Fact]
    public async Task OrdersList_WithMoneySets_TakesShopMoney()
    {
        var order = Assert.IsType<CommerceOrder>(Assert.Single((await Read("rest_orders_list_money_sets.json")).Records));

        Assert.Equal((597.00m, 10.00m, 11.94m, 598.94m, "USD"), (order.Subtotal, order.Discounts, order.Tax, order.Total, order.Currency));
    }

    [Fact]
    public async Task Refund_IsTheSumOfItsRefundTransactions()
    {
        var refund = Assert.IsType<CommerceRefund>(Assert.Single((await Read("rest_refund.json")).Records));

        Assert.Equal(("509562969", "450789469", 209.00m, "USD"), (refund.Id, refund.OrderId, refund.Amount, refund.Currency));
    }

    [Fact]
    public async Task Customer_KeepsContactAndAddressKeys()
    {
        var customer = Assert.IsType<CommerceCustomer>(Assert.Single((await Read("rest_customer.json")).Records));

        Assert.Equal(("207119551", "bob.norman@hostmail.com", "Bob Norman", "40202", "US", false),
            (customer.Id, customer.Email, customer.Name, customer.Postcode, customer.Country, customer.CompanyAccount));
    }

    [Fact]
    public async Task ValidationError_IsReadAsAnErrorNotRecords()
    {
        var payload = await Read("rest_error_422_validation.json");

        Assert.Empty(payload.Records);
        Assert.Equal("title: can't be blank; price: expected String to be a Money", payload.Error);
    }
}
