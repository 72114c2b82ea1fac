using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Seeds;

/// <summary>
/// Seed 003: a US wholesale distributor on Finance &amp; Operations with two legal entities (US Trade
/// Inc in USD, CA Trade ULC in CAD), BigCommerce B2B, Adobe Commerce and Shopify Plus DTC. Window
/// 6–12 Apr 2026: 17 absent customers (6 B2B, 11 DTC), $61,200 blocked, largest $18,400
/// (Wholesale-X), 4 present in Dataverse but never promoted.
/// </summary>
internal static class D365AbsentSample
{
    private const string Us = "USTR";
    private const string Ca = "CATR";

    public static SeedSample Build()
    {
        var b = new SeedBuilder(new DateTimeOffset(2026, 4, 12, 23, 59, 59, TimeSpan.FromHours(-4)), TimeSpan.FromHours(-4));
        b.AverageRate("CAD", "USD", 4, 0.7000m);
        PresentCustomers(b);
        AbsentB2b(b);
        AbsentDtc(b);
        NotInPopulation(b);
        b.Sources(b.ExportedAt, "shopify", "bigcommerce", "adobe_commerce", "dynamics_fo", "dataverse");
        return new SeedSample("seed-003-d365-absent", Settings(), b.Data, SeedBuilder.Day(4, 12));
    }

    private static WorkspaceSettings Settings() => new()
    {
        Name = "Seed 003 — US/CA wholesale distributor, D365 Finance & Operations",
        Erp = ErpKind.DynamicsFo,
        Entities = [Us, Ca],
        ReportingCurrency = Currency.Of("USD"),
        TimeZone = "America/New_York",
        EntityRouting = new EntityRouting
        {
            TagPrefix = "entity",
            ByTagValue = new Dictionary<string, string> { ["us"] = Us, ["ca"] = Ca },
            ByShipToCountry = new Dictionary<string, string> { ["US"] = Us, ["CA"] = Ca },
        },
    };

    private static void PresentCustomers(SeedBuilder b)
    {
        for (var i = 0; i < 30; i++)
        {
            var name = SeedNames.Person(150 + i);
            var email = SeedNames.Email(name, "shop.example");
            b.ErpCustomer(Us, $"US-C{i:D4}", name, email);
            b.Data.DataverseRecords.Add(new DataverseRecord($"contact-{i:D4}", "contact", name, email, null, null, true, b.ExportedAt));
            var customer = b.Customer(Platform.Shopify, $"{90_000 + i}", name, email);
            b.Order(Platform.Shopify, customer.Id, b.At(4, 6 + (i % 7), 13), 140m + (i * 4), taxRate: 0.06m);
        }

        for (var i = 0; i < 10; i++)
        {
            var reference = $"WHS-{i:D3}";
            var entity = i < 7 ? Us : Ca;
            b.ErpCustomer(entity, $"{entity}-W{i:D3}", $"Known Wholesale {i} Inc", $"ap@known{i}.example", vat: $"US{40_000_000 + i}", accountReference: reference);
            var customer = b.Customer(Platform.BigCommerce, $"{300 + i}", $"Buyer {i}", $"buyer@known{i}.example", $"Known Wholesale {i} Inc",
                b2b: true, vat: $"US{40_000_000 + i}", accountReference: reference, country: entity == Us ? "US" : "CA");
            b.Order(Platform.BigCommerce, customer.Id, b.At(4, 7 + (i % 5), 10), 3_000m + (i * 250), currency: entity == Us ? "USD" : "CAD",
                shipTo: entity == Us ? "US" : "CA");
        }
    }

    /// <summary>Six B2B buyers, $49,200 blocked; Wholesale-X alone holds $18,400. One is in CAD, shipped to Canada.</summary>
    private static void AbsentB2b(SeedBuilder b)
    {
        var wholesaleX = Absent(b, Platform.BigCommerce, "WX", "Wholesale-X Inc", b2b: true);
        Orders(b, wholesaleX, [6_000m, 7_400m, 5_000m]);
        b.Order(Platform.BigCommerce, wholesaleX.Id, b.At(4, 9, 16), 2_500m, status: CommerceOrderStatus.Cancelled);

        var prairie = Absent(b, Platform.BigCommerce, "PR", "Prairie Supply Co", b2b: true, dataverse: "account-pr");
        Orders(b, prairie, [5_000m, 4_000m]);
        var maple = Absent(b, Platform.AdobeCommerce, "MP", "Maple Leaf Distributing ULC", b2b: true, country: "CA");
        b.Order(Platform.AdobeCommerce, maple.Id, b.At(4, 8, 10), 10_000m, currency: "CAD", shipTo: "CA");
        Orders(b, Absent(b, Platform.BigCommerce, "GL", "Great Lakes Fixtures LLC", b2b: true), [6_500m]);
        Orders(b, Absent(b, Platform.AdobeCommerce, "DS", "Desert Sun Hospitality LLC", b2b: true, dataverse: "account-ds"), [2_800m, 2_000m]);
        Orders(b, Absent(b, Platform.BigCommerce, "BY", "Bayou Restaurant Group", b2b: true), [3_500m]);
    }

    /// <summary>Eleven Shopify shoppers, $12,000 blocked; one paid in CAD, one whose routing is ambiguous.</summary>
    private static void AbsentDtc(SeedBuilder b)
    {
        decimal[] usd = [1_800m, 1_500m, 1_200m, 1_000m, 1_000m, 900m, 800m, 700m, 600m];
        string?[] dataverse = [null, "contact-new-1", null, null, null, "contact-new-2", null, null, null];
        for (var i = 0; i < usd.Length; i++)
        {
            var shopper = Absent(b, Platform.Shopify, $"D{i}", SeedNames.Person(200 + i), b2b: false, dataverse: dataverse[i]);
            Orders(b, shopper, [usd[i]]);
        }

        var canadian = Absent(b, Platform.Shopify, "D9", SeedNames.Person(209), b2b: false, country: "CA");
        b.Order(Platform.Shopify, canadian.Id, b.At(4, 11, 19), 2_000m, currency: "CAD", shipTo: "CA");
        var ambiguous = Absent(b, Platform.Shopify, "D10", SeedNames.Person(210), b2b: false);
        b.Order(Platform.Shopify, ambiguous.Id, b.At(4, 12, 9), 1_100m, tags: ["entity:us"], shipTo: "CA");
    }

    private static void NotInPopulation(SeedBuilder b)
    {
        var cancelled = Absent(b, Platform.Shopify, "X1", SeedNames.Person(220), b2b: false);
        b.Order(Platform.Shopify, cancelled.Id, b.At(4, 10, 10), 450m, status: CommerceOrderStatus.Cancelled);
        var quote = Absent(b, Platform.BigCommerce, "X2", "Quote Only Traders Inc", b2b: true);
        b.Order(Platform.BigCommerce, quote.Id, b.At(4, 10, 11), 12_000m, status: CommerceOrderStatus.Draft);
    }

    private static CommerceCustomer Absent(
        SeedBuilder b, Platform platform, string id, string name, bool b2b, string? dataverse = null, string country = "US")
    {
        var email = SeedNames.Email(name.Replace(",", "", StringComparison.Ordinal), "buyer.example");
        if (dataverse is not null)
        {
            b.Data.DataverseRecords.Add(new DataverseRecord(dataverse, b2b ? "account" : "contact", name, email, null, null, false, b.ExportedAt));
        }

        return b.Customer(platform, id, b2b ? $"Purchasing, {name}" : name, email, b2b ? name : null, b2b, country: country, created: b.At(4, 5, 9));
    }

    private static void Orders(SeedBuilder b, CommerceCustomer customer, decimal[] amounts)
    {
        for (var i = 0; i < amounts.Length; i++)
        {
            b.Order(customer.Platform, customer.Id, b.At(4, 6 + ((i * 2) + amounts.Length) % 7, 10 + i), amounts[i]);
        }
    }
}
