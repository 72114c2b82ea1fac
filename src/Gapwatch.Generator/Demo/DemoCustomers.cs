using Gapwatch.Model;

namespace Gapwatch.Generator.Demo;

/// <summary>A storefront where orders come from: its platform, the countries it ships to and whether it sells B2B.</summary>
internal sealed record DemoChannel(string Name, Platform Platform, IReadOnlyList<DemoCountry> Countries, bool B2b, double Weight)
{
    public static IReadOnlyList<DemoChannel> All { get; } =
    [
        new("Shopify US store", Platform.Shopify, [DemoCountry.UnitedStates], false, 0.50),
        new("Shopify Canada store", Platform.Shopify, [DemoCountry.Canada], false, 0.13),
        new("Adobe Commerce EU store", Platform.AdobeCommerce, [DemoCountry.Germany, DemoCountry.France, DemoCountry.Netherlands], false, 0.10),
        new("BigCommerce US store", Platform.BigCommerce, [DemoCountry.UnitedStates], false, 0.12),
        new("BigCommerce B2B portal US", Platform.BigCommerce, [DemoCountry.UnitedStates], true, 0.07),
        new("BigCommerce B2B portal Canada", Platform.BigCommerce, [DemoCountry.Canada], true, 0.02),
        new("Adobe Commerce wholesale US", Platform.AdobeCommerce, [DemoCountry.UnitedStates], true, 0.03),
        new("Adobe Commerce wholesale EU", Platform.AdobeCommerce, [DemoCountry.Germany, DemoCountry.France, DemoCountry.Netherlands], true, 0.015),
        new("Shopify B2B US", Platform.Shopify, [DemoCountry.UnitedStates], true, 0.015),
    ];

    public static string CurrencyOf(DemoCountry country) => country switch
    {
        DemoCountry.UnitedStates => "USD",
        DemoCountry.Canada => "CAD",
        _ => "EUR",
    };
}

/// <summary>A buyer as the generator knows it: its storefront account and where its orders post in the ERP.</summary>
internal sealed class DemoBuyer
{
    public required CommerceCustomer Account { get; init; }

    public required DemoChannel Channel { get; init; }

    public required DemoCountry Country { get; init; }

    /// <summary>The entity its orders should post to (routing by ship-to country; the US entity for Europe).</summary>
    public required string Entity { get; init; }

    /// <summary>The active ERP record its orders post to; null when the ERP does not know it (orders park on the holding customer or stay out).</summary>
    public string? ErpCustomerId { get; init; }

    /// <summary>How often it orders relative to others of its channel (B2B accounts differ a lot).</summary>
    public double Weight { get; init; } = 1;

    public string Currency => DemoChannel.CurrencyOf(Country);
}

/// <summary>
/// The customers on both sides: storefront shoppers and companies, their ERP records (created by
/// the integration, with a sync-log line), the holding customers, ERP-only accounts, and for
/// Finance &amp; Operations the Dataverse records behind them.
/// </summary>
internal sealed class DemoCustomers(DemoRandom random, DemoClock clock, DemoMerchant merchant, DemoLedger ledger)
{
    private readonly Dictionary<DemoChannel, List<DemoBuyer>> pools = [];
    private readonly Dictionary<Platform, int> accountIds = [];
    private int erpIds;
    private int people;
    private int companies;

    private WorkspaceData Data => ledger.Data;

    /// <summary>The company whose orders the field map sends to the Canadian entity wherever they ship.</summary>
    public DemoBuyer? Overridden => Pool(DemoChannel.All[5]).FirstOrDefault();

    public IReadOnlyList<DemoBuyer> Pool(DemoChannel channel) => pools.TryGetValue(channel, out var pool) ? pool : [];

    public int NextPerson() => ++people;

    public int NextCompany() => ++companies;

    public string NextAccountId(Platform platform)
    {
        accountIds[platform] = accountIds.GetValueOrDefault(platform) + 1;
        return platform switch
        {
            Platform.Shopify => (7_204_310_000_000L + (accountIds[platform] * 17L)).ToString(),
            Platform.BigCommerce => (10_000 + accountIds[platform]).ToString(),
            _ => (50_000 + accountIds[platform]).ToString(),
        };
    }

    public string NextErpCustomerId() => $"{merchant.CustomerPrefix}{++erpIds + 10_000:D6}";

    public void Holding()
    {
        Data.ErpCustomers.Add(new ErpCustomer(merchant.UsEntity, merchant.UsHolding, "Web Sales — US (holding)", null, null, null, null, null, "US",
            ErpCustomerStatus.Active, true, clock.ExportedAt));
        // The Canadian holding record is not flagged in the ERP; the field map lists it instead.
        Data.ErpCustomers.Add(new ErpCustomer(merchant.CaEntity, merchant.CaHolding, "Web Sales — Canada", null, null, null, null, null, "CA",
            ErpCustomerStatus.Active, false, clock.ExportedAt));
    }

    /// <summary>A repeat shopper of the channel (about 40% of orders), or a new one who signs up at checkout.</summary>
    public DemoBuyer Shopper(DemoChannel channel, DateTimeOffset placedAt)
    {
        var pool = Pool(channel);
        if (pool.Count > 0 && random.Chance(0.42))
        {
            return random.Pick(pool);
        }

        var created = placedAt.AddMinutes(-random.Between(2, 45));
        var shopifyUs = Pool(DemoChannel.All[0]);
        if (channel.Platform == Platform.BigCommerce && shopifyUs.Count > 0 && random.Chance(0.3))
        {
            return Add(channel, SecondAccount(random.Pick(shopifyUs), channel, created));
        }

        var buyer = NewShopper(channel, random.Pick(channel.Countries), created, NextPerson());
        RecordInErp(buyer.Account, buyer.Entity, buyer.ErpCustomerId!, buyer.Account.Email);
        return Add(channel, buyer);
    }

    /// <summary>A shopper's storefront account; its ERP record id is reserved but written by the caller.</summary>
    public DemoBuyer NewShopper(DemoChannel channel, DemoCountry country, DateTimeOffset created, int person, string? email = null)
    {
        var name = DemoNames.Person(person);
        var keyed = email ?? DemoNames.PersonalEmail(name, person);
        // One in ten storefront emails is keyed with capitals and a stray space; normalisation makes them equal.
        var storefrontEmail = person % 10 == 3 ? " " + char.ToUpperInvariant(keyed[0]) + keyed[1..] : keyed;
        var account = new CommerceCustomer(
            channel.Platform, NextAccountId(channel.Platform), storefrontEmail, DemoNames.Phone(country, person), name, null, false, null, [],
            null, null, DemoNames.Postcode(country, person), DemoNames.CountryCode(country), created, null, clock.ExportedAt);
        Data.CommerceCustomers.Add(account);
        return new DemoBuyer { Account = account, Channel = channel, Country = country, Entity = merchant.EntityOf(country), ErpCustomerId = NextErpCustomerId() };
    }

    /// <summary>The ERP record the integration created for a storefront account, and the sync-log line that says so.</summary>
    public void RecordInErp(CommerceCustomer account, string entity, string erpId, string? email, ErpCustomerStatus status = ErpCustomerStatus.Active)
    {
        Data.ErpCustomers.Add(new ErpCustomer(
            entity, erpId, account.CompanyName ?? account.Name, email?.Trim().ToLowerInvariant(), account.Phone, null, account.AccountReference,
            account.Postcode, account.Country, status, false, clock.ExportedAt));
        ledger.SyncAttempt(SyncObject.Customer, account.Key, clock.NextSyncRun(account.CreatedAt), SyncOutcome.Created);
    }

    public DemoBuyer Add(DemoChannel channel, DemoBuyer buyer)
    {
        if (!pools.TryGetValue(channel, out var pool))
        {
            pools[channel] = pool = [];
        }

        pool.Add(buyer);
        return buyer;
    }

    /// <summary>The same person opening an account on a second platform: same email, so one buyer, one ERP record.</summary>
    private DemoBuyer SecondAccount(DemoBuyer first, DemoChannel channel, DateTimeOffset created)
    {
        var source = first.Account;
        var account = source with { Platform = channel.Platform, Id = NextAccountId(channel.Platform), CreatedAt = created };
        Data.CommerceCustomers.Add(account);
        return new DemoBuyer { Account = account, Channel = channel, Country = first.Country, Entity = first.Entity, ErpCustomerId = first.ErpCustomerId };
    }
}
