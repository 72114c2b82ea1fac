using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Seeds;

/// <summary>
/// Seed 002: a US B2B distributor on Sage Intacct with two regional entities. Window
/// 14 Mar – 12 Apr 2026: commerce $5,180,000, GL $4,490,000, gap $690,000 across eight reasons.
/// </summary>
internal static class SageRevenueGapSample
{
    private const string East = "EAST";
    private const string West = "WEST";
    private static readonly Dimensions EastSales = new("200", "EAST-DC");
    private static readonly Dimensions WestSales = new("100", "WEST-DC");

    public static SeedSample Build()
    {
        var b = new SeedBuilder(new DateTimeOffset(2026, 4, 12, 23, 59, 59, TimeSpan.FromHours(-4)), TimeSpan.FromHours(-4));
        var customers = Customers(b);
        b.AverageRate("CAD", "USD", 3, 0.7400m);
        b.AverageRate("CAD", "USD", 4, 0.7350m);

        BigCommerce(b, customers);
        Adobe(b, customers);
        Shopify(b, customers);
        b.Sources(b.ExportedAt, "shopify", "bigcommerce", "adobe_commerce", "sage_intacct");
        return new SeedSample("seed-002-sage-revenue-gap", Settings(), b.Data, SeedBuilder.Day(4, 12));
    }

    private static WorkspaceSettings Settings() => new()
    {
        Name = "Seed 002 — US distributor, Sage Intacct Multi-Entity",
        Erp = ErpKind.SageIntacct,
        Entities = [East, West],
        ReportingCurrency = Currency.Of("USD"),
        TimeZone = "America/New_York",
        EntityRouting = new EntityRouting
        {
            TagPrefix = "entity",
            ByTagValue = new Dictionary<string, string> { ["east"] = East, ["west"] = West },
        },
        HoldingCustomers = ["WEBSALES"],
    };

    private sealed record Buyers(List<CommerceCustomer> BigCommerce, List<CommerceCustomer> Adobe, List<CommerceCustomer> Shopify);

    private static Buyers Customers(SeedBuilder b)
    {
        b.ErpCustomer(East, "WEBSALES", "Web Sales (holding)", null, holding: true);
        var bigCommerce = Enumerable.Range(1, 40).Select(i =>
        {
            var entity = i % 2 == 0 ? East : West;
            var reference = $"BC-{1000 + i}";
            b.ErpCustomer(entity, $"C{1000 + i}", $"Distributor {i} Inc", $"ap{i}@distributor{i}.example", accountReference: reference);
            return b.Customer(Platform.BigCommerce, $"{100 + i}", $"Buyer {i}", $"buyer{i}@distributor{i}.example", $"Distributor {i} Inc", b2b: true, accountReference: reference);
        }).ToList();
        var adobe = Enumerable.Range(1, 20).Select(i =>
        {
            var reference = $"AD-{2000 + i}";
            b.ErpCustomer(East, $"C{2000 + i}", $"Wholesale {i} LLC", $"orders@wholesale{i}.example", accountReference: reference);
            return b.Customer(Platform.AdobeCommerce, $"{500 + i}", $"Wholesale buyer {i}", $"orders@wholesale{i}.example", $"Wholesale {i} LLC", b2b: true, accountReference: reference);
        }).ToList();
        var shopify = Enumerable.Range(1, 60).Select(i =>
        {
            b.ErpCustomer(EntityOf(i - 1), $"D{3000 + i}", $"Shopper {i}", $"shopper{i}@mail.example");
            return b.Customer(Platform.Shopify, $"{7000 + i}", $"Shopper {i}", $"Shopper{i}@Mail.example ");
        }).ToList();
        return new Buyers(bigCommerce, adobe, shopify);
    }

    /// <summary>$3,180,000: 41 shipped-not-invoiced ($382,000), 11 cancelled ($46,000), 5 with no ERP trace ($17,000), the rest invoiced.</summary>
    private static void BigCommerce(SeedBuilder b, Buyers buyers)
    {
        var pending = SeedBuilder.Split(382_000m, 41);
        for (var i = 0; i < pending.Length; i++)
        {
            var (customer, entity) = BigCommerceBuyer(buyers, i);
            var order = b.Order(Platform.BigCommerce, customer.Id, b.At(3, 20, 10).AddDays(i % 20), pending[i], tags: [EntityTag(entity)]);
            b.ErpOrder(entity, order, ErpId(customer), ErpOrderStatus.Shipped, order.PlacedAt.AddMinutes(12), Dims(entity));
        }

        var cancelled = SeedBuilder.Split(46_000m, 11);
        for (var i = 0; i < cancelled.Length; i++)
        {
            var (customer, entity) = BigCommerceBuyer(buyers, i + 3);
            var order = b.Order(Platform.BigCommerce, customer.Id, b.At(3, 16 + i, 11), cancelled[i], status: CommerceOrderStatus.Cancelled, tags: [EntityTag(entity)]);
            b.ErpOrder(entity, order, ErpId(customer), ErpOrderStatus.Cancelled, order.PlacedAt.AddMinutes(10), Dims(entity));
        }

        foreach (var (amount, i) in SeedBuilder.Split(17_000m, 5).Select((a, i) => (a, i)))
        {
            var (customer, entity) = BigCommerceBuyer(buyers, i + 7);
            b.Order(Platform.BigCommerce, customer.Id, b.At(3, 25 + i, 15), amount, tags: [EntityTag(entity)]);
        }

        Invoiced(b, Platform.BigCommerce, 2_735_000m, 547, i => BigCommerceBuyer(buyers, i), creditMemos: 78, memoTotal: 114_000m);
    }

    /// <summary>$1,420,000: 6 unmapped accounts ($58,000), 4 orders held in the wrong entity ($24,000), 3 CAD orders ($18,000 FX), the rest invoiced.</summary>
    private static void Adobe(SeedBuilder b, Buyers buyers)
    {
        var unmapped = new[] { 10_000m, 9_000m, 11_000m, 8_000m, 12_000m, 8_000m };
        for (var i = 0; i < unmapped.Length; i++)
        {
            var east = i < 3;
            var customer = b.Customer(Platform.AdobeCommerce, $"{900 + i}", $"New wholesale {i + 1}", $"buyer@newwholesale{i + 1}.example",
                $"New Wholesale {i + 1} Corp", b2b: true, accountReference: $"AD-NEW-{i + 1}", created: b.At(3, 28, 9));
            b.Order(Platform.AdobeCommerce, customer.Id, b.At(4, 1 + i, 14), unmapped[i],
                tags: [EntityTag(east ? East : West), east ? "department:200" : "department:100"]);
        }

        for (var i = 0; i < 4; i++)
        {
            var customer = buyers.Adobe[i];
            var order = b.Order(Platform.AdobeCommerce, customer.Id, b.At(4, 2 + i, 10), 6_000m, tags: [EntityTag(East)]);
            b.ErpOrder(West, order, "C" + customer.AccountReference![3..], ErpOrderStatus.Open, order.PlacedAt.AddMinutes(8), Dims(West));
        }

        // CAD orders: commerce translates at the March average (0.74); Intacct booked them at 0.72.
        foreach (var cad in new[] { 250_000m, 300_000m, 350_000m })
        {
            var customer = buyers.Adobe[5];
            var order = b.Order(Platform.AdobeCommerce, customer.Id, b.At(3, 18, 10), cad, currency: "CAD", tags: [EntityTag(East)], shipTo: "CA");
            b.ErpOrder(East, order, "C2006", ErpOrderStatus.Invoiced, order.PlacedAt.AddMinutes(9), Dims(East));
            b.Invoice(East, order, "C2006", SeedBuilder.Day(3, 24), rate: 0.72m, dimensions: Dims(East));
        }

        Invoiced(b, Platform.AdobeCommerce, 672_000m, 168, i => (buyers.Adobe[6 + (i % 14)], East), creditMemos: 0, memoTotal: 0m);
    }

    /// <summary>$580,000: 31 orders placed late on 12 Apr that reach Intacct overnight ($31,000), the rest invoiced.</summary>
    private static void Shopify(SeedBuilder b, Buyers buyers)
    {
        for (var i = 0; i < 31; i++)
        {
            var customer = buyers.Shopify[i];
            var order = b.Order(Platform.Shopify, customer.Id, b.At(4, 12, 22, i), 1_000m, taxRate: 0.0825m, tags: [EntityTag(EntityOf(i))]);
            b.ErpOrder(EntityOf(i), order, "WEBSALES", ErpOrderStatus.Open, b.At(4, 13, 2, i), Dims(EntityOf(i)));
        }

        Invoiced(b, Platform.Shopify, 549_000m, 1_830, i => (buyers.Shopify[i % 60], EntityOf(i)), creditMemos: 0, memoTotal: 0m, taxRate: 0.0825m);
    }

    private static void Invoiced(
        SeedBuilder b, Platform platform, decimal total, int count, Func<int, (CommerceCustomer Customer, string Entity)> buyer,
        int creditMemos, decimal memoTotal, decimal taxRate = 0m) =>
        b.InvoicedOrders(new InvoicedBatch(platform, total, count, b.At(3, 14, 9), 27, creditMemos, memoTotal, taxRate), i =>
        {
            var (customer, entity) = buyer(i);
            var erpCustomer = platform == Platform.Shopify ? "WEBSALES" : ErpId(customer);
            return new InvoicedOrder(customer, entity, erpCustomer, Dims(entity), [EntityTag(entity)]);
        });

    private static (CommerceCustomer Customer, string Entity) BigCommerceBuyer(Buyers buyers, int i)
    {
        var customer = buyers.BigCommerce[i % buyers.BigCommerce.Count];
        var number = int.Parse(customer.Id, System.Globalization.CultureInfo.InvariantCulture) - 100;
        return (customer, number % 2 == 0 ? East : West);
    }

    private static string ErpId(CommerceCustomer customer) => "C" + customer.AccountReference![3..];

    private static string EntityOf(int i) => i % 2 == 0 ? East : West;

    private static string EntityTag(string entity) => "entity:" + entity.ToLowerInvariant();

    private static Dimensions Dims(string entity) => entity == East ? EastSales : WestSales;
}
