using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Seeds;

/// <summary>
/// Seed 004: a US apparel distributor on Business Central, one company. Window 14 Mar – 12 Apr 2026:
/// commerce $6,540,000, GL $5,860,000, gap $680,000 across seven reasons.
/// </summary>
internal static class BusinessCentralRevenueGapSample
{
    private const string Company = "US-APPAREL";
    private static readonly Dimensions Wholesale = new("WHSL", "MAIN");
    private static readonly Dimensions Online = new("ECOM", "MAIN");

    public static SeedSample Build()
    {
        var b = new SeedBuilder(new DateTimeOffset(2026, 4, 12, 23, 59, 59, TimeSpan.FromHours(-4)), TimeSpan.FromHours(-4));
        b.AverageRate("GBP", "USD", 3, 1.3000m);
        b.AverageRate("GBP", "USD", 4, 1.2900m);
        b.ErpCustomer(Company, "WEB", "Web orders (holding)", null, holding: true);
        var wholesale = B2bBuyers(b, Platform.BigCommerce, "BCW", 30);
        var portal = B2bBuyers(b, Platform.AdobeCommerce, "ACW", 12);
        var shoppers = Enumerable.Range(1, 80).Select(i =>
        {
            b.ErpCustomer(Company, $"WEB-{i:D3}", $"Online shopper {i}", $"shopper{i}@apparel.example");
            return b.Customer(Platform.Shopify, $"{8000 + i}", $"Online shopper {i}", $"shopper{i}@apparel.example");
        }).ToList();

        BigCommerce(b, wholesale);
        Adobe(b, portal);
        Shopify(b, shoppers);
        b.Sources(b.ExportedAt, "shopify", "bigcommerce", "adobe_commerce", "business_central");
        return new SeedSample("seed-004-bc-revenue-gap", Settings(), b.Data, SeedBuilder.Day(4, 12));
    }

    private static WorkspaceSettings Settings() => new()
    {
        Name = "Seed 004 — US apparel distributor, Business Central",
        Erp = ErpKind.BusinessCentral,
        Entities = [Company],
        ReportingCurrency = Currency.Of("USD"),
        TimeZone = "America/New_York",
        HoldingCustomers = ["WEB"],
    };

    private static List<CommerceCustomer> B2bBuyers(SeedBuilder b, Platform platform, string prefix, int count) =>
    [
        .. Enumerable.Range(1, count).Select(i =>
        {
            var reference = $"{prefix}-{i:D3}";
            b.ErpCustomer(Company, reference, $"{prefix} Trading {i} Inc", $"ap@{prefix.ToLowerInvariant()}{i}.example", accountReference: reference);
            return b.Customer(platform, $"{prefix}{i}", $"Buyer {i}", $"buyer@{prefix.ToLowerInvariant()}{i}.example", $"{prefix} Trading {i} Inc", b2b: true, accountReference: reference);
        }),
    ];

    /// <summary>$3,420,000: 41 released-not-invoiced ($392,000), 12 cancelled ($54,000), 4 invoiced $3,000 short with no trail ($12,000).</summary>
    private static void BigCommerce(SeedBuilder b, List<CommerceCustomer> buyers)
    {
        foreach (var (amount, i) in SeedBuilder.Split(392_000m, 41).Select((a, i) => (a, i)))
        {
            var customer = buyers[i % buyers.Count];
            var order = b.Order(Platform.BigCommerce, customer.Id, b.At(3, 22, 10).AddDays(i % 18), amount);
            b.ErpOrder(Company, order, customer.AccountReference, ErpOrderStatus.Released, order.PlacedAt.AddMinutes(15), Wholesale);
        }

        foreach (var (amount, i) in SeedBuilder.Split(54_000m, 12).Select((a, i) => (a, i)))
        {
            var customer = buyers[(i + 5) % buyers.Count];
            var order = b.Order(Platform.BigCommerce, customer.Id, b.At(3, 15 + i, 13), amount, status: CommerceOrderStatus.Cancelled);
            b.ErpOrder(Company, order, customer.AccountReference, ErpOrderStatus.Cancelled, order.PlacedAt.AddMinutes(15), Wholesale);
        }

        for (var i = 0; i < 4; i++)
        {
            var customer = buyers[i + 10];
            var order = b.Order(Platform.BigCommerce, customer.Id, b.At(3, 30, 9).AddDays(i), 9_000m);
            b.ErpOrder(Company, order, customer.AccountReference, ErpOrderStatus.Invoiced, order.PlacedAt.AddMinutes(15), Wholesale);
            b.Invoice(Company, order, customer.AccountReference, SeedBuilder.Day(4, 2 + i), net: 6_000m, dimensions: Wholesale);
        }

        b.InvoicedOrders(new InvoicedBatch(Platform.BigCommerce, 2_938_000m, 490, b.At(3, 14, 8), 27, 84, 118_000m, 0m), i =>
            new InvoicedOrder(buyers[i % buyers.Count], Company, buyers[i % buyers.Count].AccountReference!, Wholesale, []));
    }

    /// <summary>$1,180,000: 7 unmapped accounts ($48,000), 4 GBP orders booked below the period average ($22,000 FX).</summary>
    private static void Adobe(SeedBuilder b, List<CommerceCustomer> buyers)
    {
        var unmapped = new[] { 8_000m, 7_000m, 6_000m, 9_000m, 5_000m, 7_000m, 6_000m };
        for (var i = 0; i < unmapped.Length; i++)
        {
            var customer = b.Customer(Platform.AdobeCommerce, $"NEW{i + 1}", $"Portal buyer {i + 1}", $"buyer@portalnew{i + 1}.example",
                $"Portal New {i + 1} Ltd", b2b: true, accountReference: $"ACW-NEW-{i + 1}", created: b.At(3, 29, 9));
            b.Order(Platform.AdobeCommerce, customer.Id, b.At(4, 3 + i, 11), unmapped[i]);
        }

        // GBP orders: commerce translates at the March average (1.30); BC posted them at 1.25.
        foreach (var (gbp, i) in new[] { 100_000m, 110_000m, 110_000m, 120_000m }.Select((a, i) => (a, i)))
        {
            var customer = buyers[i];
            var order = b.Order(Platform.AdobeCommerce, customer.Id, b.At(3, 19 + i, 10), gbp, currency: "GBP", shipTo: "GB");
            b.ErpOrder(Company, order, customer.AccountReference, ErpOrderStatus.Invoiced, order.PlacedAt.AddMinutes(15), Wholesale);
            b.Invoice(Company, order, customer.AccountReference, SeedBuilder.Day(3, 26 + i), rate: 1.25m, dimensions: Wholesale);
        }

        b.InvoicedOrders(new InvoicedBatch(Platform.AdobeCommerce, 560_000m, 140, b.At(3, 14, 10), 27, 0, 0m, 0m), i =>
            new InvoicedOrder(buyers[4 + (i % 8)], Company, buyers[4 + (i % 8)].AccountReference!, Wholesale, []));
    }

    /// <summary>$1,940,000: 34 orders placed after 11pm on 12 Apr that reach BC on 13 Apr ($34,000).</summary>
    private static void Shopify(SeedBuilder b, List<CommerceCustomer> shoppers)
    {
        for (var i = 0; i < 34; i++)
        {
            var order = b.Order(Platform.Shopify, shoppers[i].Id, b.At(4, 12, 23, i), 1_000m, taxRate: 0.07m);
            b.ErpOrder(Company, order, "WEB", ErpOrderStatus.Open, b.At(4, 13, 1, i), Online);
        }

        b.InvoicedOrders(new InvoicedBatch(Platform.Shopify, 1_906_000m, 4_765, b.At(3, 14, 7), 28, 0, 0m, 0.07m), i =>
            new InvoicedOrder(shoppers[i % shoppers.Count], Company, "WEB", Online, []));
    }
}
