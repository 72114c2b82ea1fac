using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>Simulated shops for the tests, every version well before the harness's start.</summary>
internal static class ShopifyShops
{
    public static DateTimeOffset Day(int minutes) => ShopifyHarness.Start.AddDays(-1).AddMinutes(minutes);

    /// <summary>12 customers, 2 B2B companies and 14 orders: a B2B one, a cancelled one, a refunded one, one shown in CAD.</summary>
    public static ShopifyDataset Standard()
    {
        var data = new ShopifyDataset();
        for (var i = 1; i <= 12; i++)
        {
            data.Customer(500 + i, Day(i), $"buyer{i}@example.com", "Buyer", $"No{i}", zip: "1000" + i);
        }

        data.Company(7001, Day(20), "Bergwerk GmbH", "DE123456789", externalId: "ERP-BERG", contactEmail: "einkauf@bergwerk.example");
        data.Company(7002, Day(21), "Fjord AS", taxRegistrationId: null, country: "NO");
        for (var i = 1; i <= 10; i++)
        {
            data.Order(1000 + i, Day(30 + i), 500 + i, "USD", 90m, 10m, 8.25m);
        }

        data.Order(1011, Day(41), 501, "EUR", 1000m, 0m, 190m, taxesIncluded: true, companyId: 7001);
        data.Order(1012, Day(42), 502, "USD", 50m, 5m, 0m, cancelledAt: Day(42));
        data.Order(1013, Day(43), 503, "USD", 200m, 0m, 16m, discounts: 20m, fulfillment: "FULFILLED", refunds: [(9001, 54m, 4m, Day(43))]);
        data.Order(1014, Day(44), 504, "USD", 100m, 0m, 0m, presentmentCurrency: "CAD", presentmentRate: 1.37m);
        return data;
    }
}
