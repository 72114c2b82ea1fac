using Gapwatch.Model;

namespace Gapwatch.Generator.Demo;

/// <summary>How many buyers of each planted case a demo of a given size holds (at least enough to show each one).</summary>
internal sealed record PlantedCounts(int NewDtc, int ReturningDtc, int NeverSynced, int SyncFailed, int VatNotKeyed)
{
    public const int SyncLagging = 2;

    public static PlantedCounts For(int orders)
    {
        var scale = orders / (double)DemoOptions.DefaultOrders;
        int Scaled(double atDefault, int minimum) => Math.Max(minimum, (int)Math.Round(atDefault * scale));
        return new PlantedCounts(Scaled(18, 4), Scaled(6, 2), Scaled(5, 2), Scaled(4, 2), Scaled(3, 2));
    }

    /// <summary>The orders the planted buyers place (each case below places a fixed number).</summary>
    public int Orders => NewDtc + ReturningDtc + (NeverSynced * 2) + (SyncFailed * 3) + SyncLagging + (VatNotKeyed * 2) + 2 + 2 + 2 + 1 + 1 + 1 + 1;
}

/// <summary>
/// The buyers the ERP does not know, planted in the last seven days so that every cohort and every
/// cause of the customer cards shows up: new shoppers, returning shoppers under a new email
/// (suspected duplicates), companies never synced, rejected by the ERP, created after the last sync
/// run, merged on the storefront, keyed without a tax id, inactive in the ERP or known only in the
/// other entity, and an order whose routing is ambiguous.
/// </summary>
internal sealed class DemoPlanted(
    DemoRandom random, DemoClock clock, DemoMerchant merchant, DemoLedger ledger, DemoCustomers customers, DemoCompanies companies, DemoOrders orders)
{
    private static DemoChannel ShopifyUs => DemoChannel.All[0];

    private static DemoChannel PortalUs => DemoChannel.All[4];

    public List<(string Email, string? TaxId, string Name, bool B2b)> NotPromoted { get; } = [];

    public void Plant(PlantedCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        NewShoppers(counts.NewDtc);
        ReturningShoppers(counts.ReturningDtc);
        NeverSynced(counts.NeverSynced);
        SyncFailed(counts.SyncFailed);
        SyncLagging();
        MergedAccount();
        WithoutTaxId(counts.VatNotKeyed);
        InactiveOrElsewhere();
        AmbiguousRoute();
        HeldInTheOtherEntity();
    }

    /// <summary>New shoppers the integration skipped: half their orders parked on the web-sales holding customer, half nowhere in the ERP.</summary>
    private void NewShoppers(int count)
    {
        DemoChannel[] channels = [ShopifyUs, DemoChannel.All[1], DemoChannel.All[2], DemoChannel.All[3]];
        for (var i = 0; i < count; i++)
        {
            var channel = channels[i % channels.Length];
            var placedAt = RecentInstant();
            var buyer = customers.NewShopper(channel, random.Pick(channel.Countries), placedAt.AddMinutes(-random.Between(3, 30)), customers.NextPerson());
            ledger.SyncAttempt(SyncObject.Customer, buyer.Account.Key, clock.NextSyncRun(buyer.Account.CreatedAt), SyncOutcome.Skipped,
                $"Customer create skipped: address failed validation; orders post to {merchant.HoldingOf(buyer.Entity)}");
            var order = orders.Place(buyer, placedAt, status: CommerceOrderStatus.Fulfilled);
            if (i % 2 == 0)
            {
                orders.Trail(order, buyer.Entity, merchant.HoldingOf(buyer.Entity), b2b: false);
            }

            if (i < 2)
            {
                NotPromoted.Add((buyer.Account.Email!.Trim(), null, buyer.Account.Name!, false));
            }
        }
    }

    /// <summary>Shoppers the ERP knows under an old email, back under a new one: same name and postcode, or same phone.</summary>
    private void ReturningShoppers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var person = customers.NextPerson();
            var name = DemoNames.Person(person);
            var erpId = customers.NextErpCustomerId();
            ledger.Data.ErpCustomers.Add(new ErpCustomer(
                merchant.UsEntity, erpId, name, DemoNames.PersonalEmail(name, person), DemoNames.Phone(DemoCountry.UnitedStates, person), null, null,
                DemoNames.Postcode(DemoCountry.UnitedStates, person), "US", ErpCustomerStatus.Active, false, clock.ExportedAt));
            var placedAt = RecentInstant();
            var buyer = customers.NewShopper(ShopifyUs, DemoCountry.UnitedStates, placedAt.AddMinutes(-20), person, DemoNames.PersonalEmail(name, person + 500_000));
            var account = i % 2 == 0
                ? buyer.Account with { Phone = DemoNames.Phone(DemoCountry.UnitedStates, person + 600_000) } // moved phone, same address
                : buyer.Account with { Postcode = DemoNames.Postcode(DemoCountry.UnitedStates, person + 600_000) }; // moved house, same phone
            Replace(buyer.Account, account);
            var order = orders.Place(buyer, placedAt, status: CommerceOrderStatus.Fulfilled);
            orders.Trail(order, buyer.Entity, merchant.HoldingOf(buyer.Entity), b2b: false);
        }
    }

    private void NeverSynced(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var buyer = NewCompany(PortalUs, DemoCountry.UnitedStates, clock.Local(clock.AsOfDay.AddDays(-random.Between(7, 13)), 11), withTaxId: true);
            OrdersOf(buyer, 2);
            if (i < 2)
            {
                NotPromoted.Add((buyer.Account.Email!, buyer.Account.VatNumber, buyer.Account.CompanyName!, true));
            }
        }
    }

    /// <summary>Companies whose create the ERP rejects on every retry: the row carries the rejection.</summary>
    private void SyncFailed(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var created = clock.Local(clock.AsOfDay.AddDays(-random.Between(9, 16)), 14, random.Next(60));
            var buyer = NewCompany(i % 2 == 0 ? PortalUs : DemoChannel.All[5], i % 2 == 0 ? DemoCountry.UnitedStates : DemoCountry.Canada, created, withTaxId: true);
            Rejected(buyer.Account, merchant.CustomerRejections[i % merchant.CustomerRejections.Count]);
            var early = orders.Place(buyer, created.AddHours(random.Between(2, 30)), status: CommerceOrderStatus.Fulfilled);
            ledger.SyncAttempt(SyncObject.Order, early.Key, clock.NextSyncRun(early.PlacedAt), SyncOutcome.Failed, merchant.OrderRejection);
            OrdersOf(buyer, 2);
            if (i == 0)
            {
                NotPromoted.Add((buyer.Account.Email!, buyer.Account.VatNumber, buyer.Account.CompanyName!, true));
            }
        }
    }

    /// <summary>Companies that signed up after the integration's last run: they will clear on the next one.</summary>
    private void SyncLagging()
    {
        for (var i = 0; i < PlantedCounts.SyncLagging; i++)
        {
            var created = clock.LastSyncRun.AddMinutes(1 + (i * 4) + random.Next(3));
            var buyer = NewCompany(PortalUs, DemoCountry.UnitedStates, created, withTaxId: true);
            orders.Place(buyer, created.AddMinutes(2 + random.Next(3)), status: CommerceOrderStatus.Open);
        }
    }

    /// <summary>A storefront account merged into a company the ERP knows; a reorder still points at the retired one.</summary>
    private void MergedAccount()
    {
        var survivor = customers.Pool(PortalUs)[0];
        var retired = companies.Account(PortalUs, DemoCountry.UnitedStates, customers.NextCompany(), clock.Local(new DateOnly(2025, 3, 3), 10),
            new CompanyKeys(null, null, "buyer@" + survivor.Account.Email![(survivor.Account.Email!.IndexOf('@') + 1)..]), survivor.Account.CompanyName);
        var merged = retired with { MergedIntoId = survivor.Account.Id, Postcode = survivor.Account.Postcode, Phone = null };
        Replace(retired, merged);
        OrdersOf(new DemoBuyer { Account = merged, Channel = PortalUs, Country = DemoCountry.UnitedStates, Entity = survivor.Entity }, 2);
    }

    /// <summary>Trade buyers keyed without a tax id; the first is a company the ERP already has under a near-identical name.</summary>
    private void WithoutTaxId(int count)
    {
        var known = customers.Pool(DemoChannel.All[6])[1];
        var record = ledger.Data.ErpCustomers.First(c => c.Id == known.ErpCustomerId);
        for (var i = 0; i < count; i++)
        {
            var channel = i % 2 == 0 ? DemoChannel.All[6] : DemoChannel.All[8];
            var n = customers.NextCompany();
            var created = clock.Local(clock.AsOfDay.AddDays(-random.Between(7, 12)), 9, random.Next(60));
            var account = companies.Account(channel, DemoCountry.UnitedStates, n, created, new CompanyKeys(null, null, $"orders@{DemoNames.CompanyDomain(n)}"),
                i == 0 ? DemoNames.NearDuplicate(record.Name!) : null);
            if (i == 0)
            {
                var nearDuplicate = account with { Postcode = record.Postcode };
                Replace(account, nearDuplicate);
                account = nearDuplicate;
            }
            else if (i % 2 == 1)
            {
                Rejected(account, merchant.CustomerRejections[1]);
            }

            OrdersOf(new DemoBuyer { Account = account, Channel = channel, Country = DemoCountry.UnitedStates, Entity = merchant.UsEntity }, 2);
        }
    }

    /// <summary>Buyers whose ERP record is inactive ("reactivate, don't recreate") or exists only in the Canadian entity.</summary>
    private void InactiveOrElsewhere()
    {
        var n = customers.NextCompany();
        var inactiveId = customers.NextErpCustomerId();
        companies.ErpRecord(merchant.UsEntity, inactiveId, n, DemoCountry.UnitedStates, ErpCustomerStatus.Inactive);
        var lapsed = NewCompany(PortalUs, DemoCountry.UnitedStates, clock.Local(new DateOnly(2025, 6, 2), 10), withTaxId: true, n);
        Rejected(lapsed.Account, $"Customer {inactiveId} is inactive; reactivate it before creating orders");
        OrdersOf(lapsed, 2);

        var canadian = customers.NextCompany();
        companies.ErpRecord(merchant.CaEntity, customers.NextErpCustomerId(), canadian, DemoCountry.Canada, ErpCustomerStatus.Active);
        var account = companies.Account(PortalUs, DemoCountry.Canada, canadian, clock.Local(new DateOnly(2025, 9, 15), 10),
            new CompanyKeys(DemoNames.TaxId(DemoCountry.Canada, canadian), DemoCompanies.AccountReference(canadian), DemoCompanies.ContactEmail(canadian)));
        OrdersOf(new DemoBuyer { Account = account, Channel = PortalUs, Country = DemoCountry.UnitedStates, Entity = merchant.UsEntity }, 2);

        var person = customers.NextPerson();
        var shopper = customers.NewShopper(ShopifyUs, DemoCountry.UnitedStates, clock.Local(new DateOnly(2025, 8, 9), 20), person);
        customers.RecordInErp(shopper.Account, merchant.UsEntity, shopper.ErpCustomerId!, shopper.Account.Email, ErpCustomerStatus.Inactive);
        orders.Place(shopper, RecentInstant(), status: CommerceOrderStatus.Fulfilled);

        var moved = customers.NewShopper(ShopifyUs, DemoCountry.UnitedStates, clock.Local(new DateOnly(2025, 11, 20), 20), customers.NextPerson());
        customers.RecordInErp(moved.Account, merchant.CaEntity, moved.ErpCustomerId!, moved.Account.Email);
        orders.Place(moved, RecentInstant(), status: CommerceOrderStatus.Fulfilled);
    }

    /// <summary>A shopper whose order is tagged for the US entity but ships to Canada: routing cannot decide.</summary>
    private void AmbiguousRoute()
    {
        var placedAt = RecentInstant();
        var buyer = customers.NewShopper(ShopifyUs, DemoCountry.UnitedStates, placedAt.AddMinutes(-12), customers.NextPerson());
        orders.Place(buyer, placedAt, shipTo: "CA", entityTag: "us", status: CommerceOrderStatus.Open);
    }

    /// <summary>
    /// A Canadian company's order the connector created in the US entity: the ERP knows the buyer,
    /// but the order waits in the wrong books. (The order stream does this now and then; one is
    /// planted so that even the smallest demo shows it.)
    /// </summary>
    private void HeldInTheOtherEntity()
    {
        var buyer = customers.Pool(DemoChannel.All[5])[1];
        var order = orders.Place(buyer, clock.Local(clock.AsOfDay.AddDays(-random.Between(8, 20)), 10, random.Next(60)), status: CommerceOrderStatus.Fulfilled);
        var created = clock.NextSyncRun(order.PlacedAt);
        ledger.SyncAttempt(SyncObject.Order, order.Key, created, SyncOutcome.Created);
        ledger.SalesOrder(merchant.UsEntity, order.Key, buyer.ErpCustomerId, ErpOrderStatus.Released, order.Currency, order.NetRevenue, created,
            new Dimensions("200", "NJ-DC", null, buyer.ErpCustomerId));
    }

    private DemoBuyer NewCompany(DemoChannel channel, DemoCountry country, DateTimeOffset created, bool withTaxId, int? number = null)
    {
        var n = number ?? customers.NextCompany();
        var keys = new CompanyKeys(withTaxId ? DemoNames.TaxId(country, n) : null, DemoCompanies.AccountReference(n), DemoCompanies.ContactEmail(n));
        var account = companies.Account(channel, country, n, created, keys);
        return new DemoBuyer { Account = account, Channel = channel, Country = country, Entity = merchant.EntityOf(country) };
    }

    /// <summary>The integration tried on its first run after sign-up and every morning since; every attempt was rejected.</summary>
    private void Rejected(CommerceCustomer account, string message)
    {
        ledger.SyncAttempt(SyncObject.Customer, account.Key, clock.NextSyncRun(account.CreatedAt), SyncOutcome.Failed, message);
        var from = clock.DayOf(account.CreatedAt).AddDays(1);
        for (var day = from < clock.AsOfDay.AddDays(-6) ? clock.AsOfDay.AddDays(-6) : from; day <= clock.AsOfDay; day = day.AddDays(1))
        {
            ledger.SyncAttempt(SyncObject.Customer, account.Key, clock.Local(day, 6, 0, 20), SyncOutcome.Failed, message);
        }
    }

    private void OrdersOf(DemoBuyer buyer, int count)
    {
        for (var i = 0; i < count; i++)
        {
            orders.Place(buyer, RecentInstant(), status: i == 0 ? CommerceOrderStatus.Fulfilled : CommerceOrderStatus.Open);
        }
    }

    /// <summary>An instant in the last seven days, in business hours, before the last sync run.</summary>
    private DateTimeOffset RecentInstant()
    {
        var at = clock.Local(clock.AsOfDay.AddDays(-random.Between(0, 6)), random.Between(8, 20), random.Next(60));
        return at < clock.LastSyncRun.AddMinutes(-10) ? at : at.AddDays(-1);
    }

    private void Replace(CommerceCustomer old, CommerceCustomer updated)
    {
        var list = ledger.Data.CommerceCustomers;
        list[list.LastIndexOf(old)] = updated;
    }
}
