using Gapwatch.Simulators.AdobeCommerce;

namespace Gapwatch.Connectors.Tests.AdobeCommerce;

/// <summary>Simulated Adobe Commerce stores for the tests, every version well before the harness's start.</summary>
internal static class AdobeCommerceStores
{
    public static DateTimeOffset Day(int minutes) => AdobeCommerceHarness.Start.AddDays(-1).AddMinutes(minutes);

    /// <summary>
    /// 12 customers (one with a taxvat, one a company user), 2 B2B companies (one with a VAT id), 14 orders
    /// (a B2B one from a tax-inclusive EU catalog, a canceled one, a complete one with a discount, one in EUR base currency shown in USD)
    /// and 3 credit memos (one canceled).
    /// </summary>
    public static AdobeCommerceDataset Standard()
    {
        var data = new AdobeCommerceDataset();
        for (var i = 1; i <= 12; i++)
        {
            data.Customer(500 + i, Day(i), $"buyer{i}@example.com", "Buyer", $"No{i}", postcode: "1000" + i,
                taxvat: i == 3 ? "GB123456789" : null, companyId: i == 4 ? 7001 : null, groupId: i == 4 ? 2 : 1);
        }

        data.Company(7001, "Bergwerk GmbH", "DE123456789", resellerId: "ERP-BERG");
        data.Company(7002, "Fjord AS", vatTaxId: null, country: "NO");
        for (var i = 1; i <= 10; i++)
        {
            data.Order(1000 + i, Day(30 + i), 500 + i, "USD", 90m, 10m, 8.25m);
        }

        data.Order(1011, Day(41), 504, "EUR", 1000m, 0m, 190m, companyId: 7001, catalogPricesIncludeTax: true);
        data.Order(1012, Day(42), 502, "USD", 50m, 5m, 0m, state: "canceled");
        data.Order(1013, Day(43), 503, "USD", 200m, 0m, 16m, discount: 20m, state: "complete");
        data.Order(1014, Day(44), null, "EUR", 100m, 0m, 0m, orderCurrency: "USD", rate: 1.08m);
        data.CreditMemo(9001, 1013, Day(45), "USD", 54m, 4m);
        data.CreditMemo(9002, 1001, Day(46), "USD", 10m, 0m, state: 1);
        data.CreditMemo(9003, 1002, Day(47), "USD", 20m, 1m, state: 3);
        return data;
    }
}
