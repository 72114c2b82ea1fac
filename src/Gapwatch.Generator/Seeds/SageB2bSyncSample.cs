using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Seeds;

/// <summary>
/// Seed 000: a UK B2B merchant on Sage Intacct (one entity, GBP) with a BigCommerce B2B portal and
/// an Adobe Commerce wholesale store, customers created by a Sage Network sync. Snapshot 14 Apr
/// 2026, last 7 days: 14 absent B2B customers with 39 active orders = never synced 6/19, sync
/// failed 4/11, sync lagging 3/7, account merged 1/2.
/// </summary>
internal static class SageB2bSyncSample
{
    private const string Entity = "UK01";
    private const string MissingTaxSchedule = "BL03000018: Required field TAXSCHEDULE is missing on CUSTOMER create";

    public static SeedSample Build()
    {
        var b = new SeedBuilder(new DateTimeOffset(2026, 4, 14, 23, 59, 59, TimeSpan.FromHours(1)), TimeSpan.FromHours(1));
        b.ErpCustomer(Entity, "TRADE-HOLD", "Trade orders (holding)", null, holding: true, country: "GB");
        PresentB2b(b);
        NeverSynced(b);
        SyncFailed(b);
        SyncLagging(b);
        AccountMerged(b);
        NotInPopulation(b);
        b.Sources(b.ExportedAt, "bigcommerce", "adobe_commerce", "sage_intacct", "sync_log");
        return new SeedSample("seed-000-sage-b2b-sync", Settings(), b.Data, SeedBuilder.Day(4, 14));
    }

    private static WorkspaceSettings Settings() => new()
    {
        Name = "Seed 000 — UK B2B merchant, Sage Intacct with Sage Network sync",
        Erp = ErpKind.SageIntacct,
        Platforms = [Platform.BigCommerce, Platform.AdobeCommerce],
        Entities = [Entity],
        ReportingCurrency = Currency.Of("GBP"),
        TimeZone = "Europe/London",
        HoldingCustomers = ["TRADE-HOLD"],
    };

    /// <summary>B2B buyers the sync created: matched on VAT number, whatever the ordering contact's email.</summary>
    private static void PresentB2b(SeedBuilder b)
    {
        for (var i = 0; i < 15; i++)
        {
            var vat = $"GB{500_000_000 + (i * 3571)}";
            var platform = i % 3 == 0 ? Platform.AdobeCommerce : Platform.BigCommerce;
            b.ErpCustomer(Entity, $"CUST-{i:D3}", SeedNames.Company(i, "Limited"), $"ap@firm{i}.example.co.uk", vat: vat, country: "GB");
            var customer = b.Customer(platform, $"{1000 + i}", $"Contact {i}", $"contact{i}@firm{i}.example.co.uk", SeedNames.Company(i),
                b2b: true, vat: vat, country: "GB", created: b.At(2, 1, 9));
            b.SyncAttempt(SyncObject.Customer, customer.Key, b.At(2, 1, 10), SyncOutcome.Created);
            b.Order(platform, customer.Id, b.At(4, 8 + (i % 7), 10), 1_200m + (i * 75), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
        }

        // The integration's latest run: this morning at 09:00.
        b.SyncAttempt(SyncObject.Order, "bigcommerce:batch-0414", b.At(4, 14, 9), SyncOutcome.Created);
    }

    private static void NeverSynced(SeedBuilder b)
    {
        int[] orders = [4, 4, 3, 3, 3, 2];
        for (var i = 0; i < orders.Length; i++)
        {
            var customer = AbsentB2b(b, i % 2 == 0 ? Platform.BigCommerce : Platform.AdobeCommerce, 2000 + i, 20 + i, b.At(4, 2 + i, 11));
            Orders(b, customer, orders[i], firstDay: 8);
        }
    }

    private static void SyncFailed(SeedBuilder b)
    {
        int[] orders = [3, 3, 3, 2];
        for (var i = 0; i < orders.Length; i++)
        {
            var customer = AbsentB2b(b, Platform.BigCommerce, 3000 + i, 30 + i, b.At(4, 3, 9 + i));
            b.SyncAttempt(SyncObject.Customer, customer.Key, b.At(4, 3, 12 + i), SyncOutcome.Failed, MissingTaxSchedule);
            b.SyncAttempt(SyncObject.Customer, customer.Key, b.At(4, 13, 21, i), SyncOutcome.Failed, MissingTaxSchedule);
            Orders(b, customer, orders[i], firstDay: 9);
        }
    }

    /// <summary>Trade accounts opened this morning, after the 09:00 run: they will clear on the next one.</summary>
    private static void SyncLagging(SeedBuilder b)
    {
        int[] orders = [3, 2, 2];
        for (var i = 0; i < orders.Length; i++)
        {
            var customer = AbsentB2b(b, Platform.AdobeCommerce, 4000 + i, 40 + i, b.At(4, 14, 10, i * 10));
            for (var n = 0; n < orders[i]; n++)
            {
                b.Order(customer.Platform, customer.Id, b.At(4, 14, 11 + n, i * 10), 2_100m + (n * 250), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
            }
        }
    }

    /// <summary>The storefront merged two accounts; the orders still reference the retired one, which Sage never had.</summary>
    private static void AccountMerged(SeedBuilder b)
    {
        var vat = "GB612345678";
        b.ErpCustomer(Entity, "CUST-M01", "Lakeside Hospitality Limited", "finance@lakeside.example.co.uk", vat: vat, country: "GB");
        b.Customer(Platform.BigCommerce, "5001", "Lakeside finance", "finance@lakeside.example.co.uk", "Lakeside Hospitality Ltd",
            b2b: true, vat: vat, country: "GB", created: b.At(1, 10, 9));
        var retired = b.Customer(Platform.BigCommerce, "5000", "Lakeside kitchen", "kitchen@lakeside-old.example.co.uk",
            "Lakeside Kitchens", b2b: true, accountReference: "LAKE-OLD", country: "GB", created: b.At(1, 5, 9), mergedInto: "5001");
        Orders(b, retired, 2, firstDay: 10);
    }

    /// <summary>Absent B2B buyers the card leaves out: only cancelled orders, only a quote; and an absent DTC buyer.</summary>
    private static void NotInPopulation(SeedBuilder b)
    {
        var cancelledOnly = AbsentB2b(b, Platform.BigCommerce, 6000, 60, b.At(4, 1, 9));
        b.Order(Platform.BigCommerce, cancelledOnly.Id, b.At(4, 9, 9), 900m, currency: "GBP", status: CommerceOrderStatus.Cancelled, shipTo: "GB");
        var quoteOnly = AbsentB2b(b, Platform.AdobeCommerce, 6001, 61, b.At(4, 1, 9));
        b.Order(Platform.AdobeCommerce, quoteOnly.Id, b.At(4, 10, 9), 4_000m, currency: "GBP", status: CommerceOrderStatus.Draft, shipTo: "GB");
        var consumer = b.Customer(Platform.BigCommerce, "6002", "Retail Visitor", "visitor@mail.example", country: "GB", created: b.At(4, 9, 9));
        b.Order(Platform.BigCommerce, consumer.Id, b.At(4, 9, 10), 85m, currency: "GBP", taxRate: 0.2m, shipTo: "GB");
    }

    private static CommerceCustomer AbsentB2b(SeedBuilder b, Platform platform, int id, int name, DateTimeOffset created) =>
        b.Customer(platform, $"{id}", $"Trade contact {id}", $"orders@absent{id}.example.co.uk", SeedNames.Company(name),
            b2b: true, vat: $"GB{700_000_000 + (id * 13)}", country: "GB", created: created);

    private static void Orders(SeedBuilder b, CommerceCustomer customer, int count, int firstDay)
    {
        for (var n = 0; n < count; n++)
        {
            b.Order(customer.Platform, customer.Id, b.At(4, firstDay + n, 10), 1_500m + (n * 200), currency: "GBP", taxRate: 0.2m, shipTo: "GB");
        }
    }
}
