using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Seeds;

/// <summary>
/// Seed 001: a UK merchant on Sage Intacct (one entity, GBP) selling on Shopify Plus (DTC) and a
/// BigCommerce B2B portal. Snapshot 14 Apr 2026, last 7 days: 34 absent customers with 51 orders
/// = 21/21 new DTC, 6/9 returning DTC with a changed email, 5/14 new B2B, 2/7 B2B without VAT number.
/// </summary>
internal static class SageAbsentSample
{
    private const string Entity = "UK01";

    public static SeedSample Build()
    {
        var b = new SeedBuilder(new DateTimeOffset(2026, 4, 14, 23, 59, 59, TimeSpan.FromHours(1)), TimeSpan.FromHours(1));
        b.ErpCustomer(Entity, "WEBSALES", "Web Sales (holding)", null, holding: true, country: "GB");
        PresentCustomers(b);
        NewDtc(b);
        ReturningDtcWithNewEmail(b);
        NewB2b(b);
        B2bWithoutVat(b);
        NotInPopulation(b);
        b.Sources(b.ExportedAt, "shopify", "bigcommerce", "sage_intacct");
        return new SeedSample("seed-001-sage-absent", Settings(), b.Data, SeedBuilder.Day(4, 14));
    }

    private static WorkspaceSettings Settings() => new()
    {
        Name = "Seed 001 — UK merchant, Sage Intacct",
        Erp = ErpKind.SageIntacct,
        Platforms = [Platform.Shopify, Platform.BigCommerce],
        Entities = [Entity],
        ReportingCurrency = Currency.Of("GBP"),
        TimeZone = "Europe/London",
        HoldingCustomers = ["WEBSALES"],
    };

    /// <summary>Buyers Sage knows: DTC by email (case and spaces differ), B2B by VAT number (punctuation differs).</summary>
    private static void PresentCustomers(SeedBuilder b)
    {
        for (var i = 0; i < 40; i++)
        {
            var name = SeedNames.Person(100 + i);
            b.ErpCustomer(Entity, $"CUST-D{i:D3}", name, SeedNames.Email(name, "example.co.uk"), postcode: SeedNames.UkPostcode(100 + i), country: "GB");
            var customer = b.Customer(Platform.Shopify, $"{40_000 + i}", name, " " + SeedNames.Email(name, "Example.co.uk").ToUpperInvariant(),
                postcode: SeedNames.UkPostcode(100 + i), country: "GB");
            b.Order(Platform.Shopify, customer.Id, b.At(4, 8 + (i % 7), 12), 80m + i, currency: "GBP", taxRate: 0.2m, shipTo: "GB");
        }

        for (var i = 0; i < 12; i++)
        {
            var company = SeedNames.Company(i, "Limited");
            var vat = $"GB{300_000_000 + (i * 7919)}";
            b.ErpCustomer(Entity, $"CUST-B{i:D3}", company, $"accounts@trade{i}.example.co.uk", vat: vat, country: "GB");
            var customer = b.Customer(Platform.BigCommerce, $"{600 + i}", $"Buyer {i}", $"buyer{i}@trade{i}.example.co.uk",
                company.Replace("Limited", "Ltd", StringComparison.Ordinal), b2b: true, vat: $"GB {vat[2..5]} {vat[5..9]} {vat[9..]}", country: "GB");
            b.Order(Platform.BigCommerce, customer.Id, b.At(4, 9 + (i % 5), 10), 2_400m + (i * 150), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
        }
    }

    private static void NewDtc(SeedBuilder b)
    {
        for (var i = 0; i < 21; i++)
        {
            var name = SeedNames.Person(i);
            var customer = b.Customer(Platform.Shopify, $"{50_000 + i}", name, SeedNames.Email(name, "mail.example"),
                postcode: SeedNames.UkPostcode(i), country: "GB", created: b.At(4, 8 + (i % 7), 9));
            var order = b.Order(Platform.Shopify, customer.Id, b.At(4, 8 + (i % 7), 11), 45m + (i * 3), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
            b.ErpOrder(Entity, order, "WEBSALES", ErpOrderStatus.Open, order.PlacedAt.AddHours(2));
        }
    }

    /// <summary>Sage holds these buyers under their old email; name and postcode still agree (suspected duplicates).</summary>
    private static void ReturningDtcWithNewEmail(SeedBuilder b)
    {
        int[] orders = [2, 2, 2, 1, 1, 1];
        for (var i = 0; i < orders.Length; i++)
        {
            var name = SeedNames.Person(60 + i);
            var postcode = SeedNames.UkPostcode(60 + i);
            b.ErpCustomer(Entity, $"CUST-R{i:D3}", name, SeedNames.Email(name, "oldmail.example"), postcode: postcode, country: "GB");
            var customer = b.Customer(Platform.Shopify, $"{55_000 + i}", name, SeedNames.Email(name, "newmail.example"),
                postcode: postcode.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant(), country: "GB", created: b.At(4, 7, 9));
            for (var n = 0; n < orders[i]; n++)
            {
                b.Order(Platform.Shopify, customer.Id, b.At(4, 9 + n + (i % 3), 15), 60m + (i * 5), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
            }
        }
    }

    private static void NewB2b(SeedBuilder b)
    {
        int[] orders = [3, 3, 3, 3, 2];
        for (var i = 0; i < orders.Length; i++)
        {
            var company = SeedNames.Company(12 + i);
            var customer = b.Customer(Platform.BigCommerce, $"{700 + i}", $"Trade buyer {i}", $"orders@newtrade{i}.example.co.uk", company,
                b2b: true, vat: $"GB{400_000_000 + (i * 104_729)}", postcode: SeedNames.UkPostcode(200 + i), country: "GB", created: b.At(4, 6, 10));
            for (var n = 0; n < orders[i]; n++)
            {
                b.Order(Platform.BigCommerce, customer.Id, b.At(4, 8 + (n * 2), 10 + i), 1_850m + (i * 120), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
            }
        }
    }

    private static void B2bWithoutVat(SeedBuilder b)
    {
        int[] orders = [4, 3];
        for (var i = 0; i < orders.Length; i++)
        {
            var customer = b.Customer(Platform.BigCommerce, $"{800 + i}", $"Trade applicant {i}", $"purchasing@applicant{i}.example.co.uk",
                SeedNames.Company(17 + i), b2b: true, accountReference: $"TRADE-APP-{i + 1}", postcode: SeedNames.UkPostcode(300 + i),
                country: "GB", created: b.At(4, 2, 10));
            for (var n = 0; n < orders[i]; n++)
            {
                b.Order(Platform.BigCommerce, customer.Id, b.At(4, 8 + n, 14), 975m + (n * 40), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
            }
        }
    }

    /// <summary>Facts the card must leave out: a quote only, an order before the window, an order after the as-of time.</summary>
    private static void NotInPopulation(SeedBuilder b)
    {
        var quoteOnly = b.Customer(Platform.BigCommerce, "900", "Quote requester", "rfq@quotes.example.co.uk", "Quote Only Supplies Ltd",
            b2b: true, vat: "GB999000111", country: "GB");
        b.Order(Platform.BigCommerce, quoteOnly.Id, b.At(4, 10, 9), 5_000m, currency: "GBP", status: CommerceOrderStatus.Draft, shipTo: "GB");
        var lapsed = b.Customer(Platform.Shopify, "59000", "Lapsed Shopper", "lapsed@mail.example", country: "GB");
        b.Order(Platform.Shopify, lapsed.Id, b.At(4, 1, 9), 70m, currency: "GBP", taxRate: 0.2m, shipTo: "GB");
    }
}
