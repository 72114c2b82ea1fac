using Gapwatch.Model;

namespace Gapwatch.Generator.Demo;

/// <summary>
/// Builds the demo workspace: Northwind Outfitters, an outdoor-gear merchant selling on Shopify
/// (US and Canadian stores, a few trade accounts), BigCommerce (a store and a B2B portal) and Adobe
/// Commerce (a tax-inclusive EU store and wholesale), in USD, CAD and EUR, booking into two ERP
/// entities. Orders flow into the ERP the way they do at a real merchant, with the everyday
/// accidents that open the gap, so every revenue-gap reason, customer cohort and sync cause shows
/// up in the cards. Deterministic: one seed, one fixed as-of time, no clock.
/// </summary>
public static class DemoWorkspaceGenerator
{
    public static DemoWorkspace Generate(DemoOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var merchant = DemoMerchant.For(options.Erp);
        var clock = new DemoClock();
        var random = new DemoRandom(options.Seed);
        var data = new WorkspaceData();
        var rates = DemoRates.Generate(random, clock, data);
        var ledger = new DemoLedger(merchant, clock, rates, data);
        var customers = new DemoCustomers(random, clock, merchant, ledger);
        var companies = new DemoCompanies(random, clock, merchant, ledger, customers);
        var orders = new DemoOrders(random, clock, merchant, ledger, customers);

        customers.Holding();
        companies.Create(options.Orders);
        var counts = PlantedCounts.For(options.Orders);
        orders.Stream(options.Orders - counts.Orders);
        var planted = new DemoPlanted(random, clock, merchant, ledger, customers, companies, orders);
        planted.Plant(counts);

        var books = new DemoBooks(random, clock, merchant, ledger, customers);
        books.ErpOnlyCustomers(options.Orders);
        books.DocumentsOutsideTheStorefronts();
        books.PeriodLocks();
        if (options.Erp == ErpKind.DynamicsFo)
        {
            books.Dataverse(planted.NotPromoted);
        }

        books.Sources();
        var settings = merchant.Settings(customers.Overridden!.Account.Key);
        return new DemoWorkspace(settings, data, clock.AsOf);
    }
}

/// <summary>What the ERP holds beyond the storefront flow: offline accounts, hand-keyed and foreign-channel invoices, closed periods, Dataverse, freshness.</summary>
internal sealed class DemoBooks(DemoRandom random, DemoClock clock, DemoMerchant merchant, DemoLedger ledger, DemoCustomers customers)
{
    private WorkspaceData Data => ledger.Data;

    /// <summary>Accounts opened by the sales team, never on a storefront; some long inactive.</summary>
    public void ErpOnlyCustomers(int orders)
    {
        for (var i = 0; i < Math.Max(20, orders / 40); i++)
        {
            var person = customers.NextPerson();
            var country = random.Chance(0.7) ? DemoCountry.UnitedStates : DemoCountry.Canada;
            var name = DemoNames.Person(person);
            Data.ErpCustomers.Add(new ErpCustomer(
                merchant.EntityOf(country), customers.NextErpCustomerId(), name, DemoNames.PersonalEmail(name, person), DemoNames.Phone(country, person), null,
                null, DemoNames.Postcode(country, person), DemoNames.CountryCode(country),
                random.Chance(0.15) ? ErpCustomerStatus.Inactive : ErpCustomerStatus.Active, false, clock.ExportedAt));
        }
    }

    /// <summary>
    /// Two invoices for marketplace orders no connector reads (commerce-sourced, so they land in
    /// Unknown) and three keyed by hand (not commerce-sourced, so the gap leaves them out).
    /// </summary>
    public void DocumentsOutsideTheStorefronts()
    {
        var dimensions = new Dimensions("100", "NJ-DC", null, merchant.UsHolding);
        for (var i = 0; i < 2; i++)
        {
            var posted = clock.AsOfDay.AddDays(-random.Between(3, 20));
            ledger.Invoice(merchant.UsEntity, $"amazon:114-{random.Between(1_000_000, 9_999_999)}-{random.Between(1_000_000, 9_999_999)}", merchant.UsHolding,
                posted, clock.PostingRun(posted, 30), "USD", random.Amount(140, 0.4, 40m, 600m), 0m, dimensions);
        }

        for (var i = 0; i < 3; i++)
        {
            var posted = clock.AsOfDay.AddDays(-random.Between(2, 25));
            ledger.ManualInvoice(merchant.UsEntity, merchant.UsHolding, posted, random.Amount(2_000, 0.5, 300m, 9_000m), new Dimensions("300", "NJ-DC"));
        }
    }

    /// <summary>Every month closed by the as-of time, in both entities.</summary>
    public void PeriodLocks()
    {
        foreach (var entity in new[] { merchant.UsEntity, merchant.CaEntity })
        {
            foreach (var month in clock.LockedMonths())
            {
                Data.PeriodLocks.Add(new PeriodLock(entity, month, month.AddMonths(1).AddDays(-1), clock.LockedAt(month), clock.ExportedAt));
            }
        }
    }

    /// <summary>
    /// Finance &amp; Operations keeps accounts and contacts in Dataverse and promotes them to the
    /// customer master by dual-write: every company and one shopper in ten are promoted; the
    /// planted ones are stuck in Dataverse.
    /// </summary>
    public void Dataverse(IReadOnlyList<(string Email, string? TaxId, string Name, bool B2b)> notPromoted)
    {
        var sequence = 0;
        foreach (var customer in Data.ErpCustomers.Where(c => c.Status == ErpCustomerStatus.Active && !c.IsHolding).ToList())
        {
            var company = customer.VatNumber is not null;
            if (company || ++sequence % 10 == 0)
            {
                Data.DataverseRecords.Add(new DataverseRecord(
                    $"{(company ? "account" : "contact")}-{Data.DataverseRecords.Count + 1:D6}", company ? "account" : "contact", customer.Name, customer.Email,
                    customer.VatNumber, customer.AccountReference, true, clock.ExportedAt));
            }
        }

        foreach (var (email, taxId, name, b2b) in notPromoted)
        {
            Data.DataverseRecords.Add(new DataverseRecord(
                $"{(b2b ? "account" : "contact")}-{Data.DataverseRecords.Count + 1:D6}", b2b ? "account" : "contact", name, email, taxId, null, false, clock.ExportedAt));
        }
    }

    /// <summary>Each source's last successful sync: the storefronts at the as-of time or a little after, the ERP ten minutes later.</summary>
    public void Sources()
    {
        Add("shopify", clock.AsOf);
        Add("bigcommerce", clock.AsOf.AddSeconds(70));
        Add("adobe_commerce", clock.AsOf.AddSeconds(220));
        Add(merchant.Erp.Key(), clock.AsOf.AddMinutes(10));
        Add("sync_log", clock.AsOf.AddMinutes(2));
        if (merchant.Erp == ErpKind.DynamicsFo)
        {
            Add("dataverse", clock.AsOf.AddMinutes(4));
        }
    }

    private void Add(string source, DateTimeOffset lastSync) => Data.Sources.Add(new SourceFreshness(source, lastSync, clock.ExportedAt));
}
