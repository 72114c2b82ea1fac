using Gapwatch.Simulators.BigCommerce;

namespace Gapwatch.Connectors.Tests.BigCommerce;

/// <summary>Simulated stores for the tests, every version well before the harness's start.</summary>
internal static class BigCommerceStores
{
    public static DateTimeOffset Day(int minutes) => BigCommerceHarness.Start.AddDays(-1).AddMinutes(minutes);

    /// <summary>12 customers, 2 B2B companies and 14 orders: a tax-inclusive EUR one, a cancelled one, a refunded one, a completed one with a coupon.</summary>
    public static BigCommerceDataset Standard()
    {
        var data = new BigCommerceDataset();
        for (var i = 1; i <= 12; i++)
        {
            data.Customer(500 + i, Day(i), $"buyer{i}@example.com", "Buyer", $"No{i}", postcode: "1000" + i);
        }

        data.Company(7001, Day(20), "Bergwerk GmbH", "DE123456789", uuid: "ERP-BERG");
        data.Company(7002, Day(21), "Fjord AS", vat: null, country: "NO");
        for (var i = 1; i <= 10; i++)
        {
            data.Order(1000 + i, Day(30 + i), 500 + i, "USD", 90m, 10m, 8.25m);
        }

        data.Order(1011, Day(41), 501, "EUR", 1000m, 0m, 190m, taxInclusive: true);
        data.Order(1012, Day(42), 502, "USD", 50m, 5m, 0m, statusId: 5);
        data.Order(1013, Day(43), 503, "USD", 200m, 0m, 16m, discount: 20m, statusId: 14, refundList: [(9001, 54m, 4m, Day(43))]);
        data.Order(1014, Day(44), 504, "USD", 100m, 0m, 0m, statusId: 10);
        return data;
    }
}
