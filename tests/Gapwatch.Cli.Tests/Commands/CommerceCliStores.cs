using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Cli.Tests.Commands;

/// <summary>
/// The simulated stores the CLI sync tests run against, the same on every platform: 230 customers
/// and 230 orders one minute apart from <see cref="Day"/>, one B2B company (and, on Adobe Commerce,
/// one credit memo), so a first sync stores 231 customers and 230 orders.
/// </summary>
internal static class CommerceCliStores
{
    public const int Rows = 230;

    public static readonly DateTimeOffset Day = new(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);

    public static ShopifyDataset Shopify()
    {
        var data = new ShopifyDataset();
        for (var i = 1; i <= Rows; i++)
        {
            data.Customer(i, Day.AddMinutes(i), $"c{i}@example.com", "C", $"{i}").Order(10_000 + i, Day.AddMinutes(i), i, "USD", 10m, 1m, 0.8m);
        }

        return data.Company(77, Day.AddMinutes(5), "Bergwerk GmbH", "DE123456789");
    }

    public static BigCommerceDataset BigCommerce()
    {
        var data = new BigCommerceDataset();
        for (var i = 1; i <= Rows; i++)
        {
            data.Customer(i, Day.AddMinutes(i), $"c{i}@example.com", "C", $"{i}").Order(10_000 + i, Day.AddMinutes(i), i, "USD", 10m, 1m, 0.8m);
        }

        return data.Company(77, Day.AddMinutes(5), "Bergwerk GmbH", "DE123456789");
    }

    public static AdobeCommerceDataset AdobeCommerce()
    {
        var data = new AdobeCommerceDataset();
        for (var i = 1; i <= Rows; i++)
        {
            data.Customer(i, Day.AddMinutes(i), $"c{i}@example.com", "C", $"{i}").Order(10_000 + i, Day.AddMinutes(i), i, "USD", 10m, 1m, 0.8m);
        }

        return data.Company(77, "Bergwerk GmbH", "DE123456789").CreditMemo(5, 10_001, Day.AddMinutes(300), "USD", 5m, 0.4m);
    }
}
