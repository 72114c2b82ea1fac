using Gapwatch.Model;

namespace Gapwatch.Generator.Demo;

/// <summary>What a company account carries on the storefront: the keys the buyer typed in, or left out.</summary>
internal sealed record CompanyKeys(string? TaxId, string? AccountReference, string Email);

/// <summary>
/// B2B companies: a storefront company account (a BigCommerce company, an Adobe Commerce
/// "Wholesale" group member or a Shopify customer tagged <c>b2b</c>) and the ERP record the
/// integration keyed on its tax id and account reference. A few large accounts place most orders.
/// </summary>
internal sealed class DemoCompanies(DemoRandom random, DemoClock clock, DemoMerchant merchant, DemoLedger ledger, DemoCustomers customers)
{
    private const int OrdersPerCompany = 25;

    private WorkspaceData Data => ledger.Data;

    /// <summary>The companies of every B2B channel, each known to the ERP, sized to the order count.</summary>
    public void Create(int orders)
    {
        foreach (var channel in DemoChannel.All.Where(c => c.B2b))
        {
            var count = Math.Max(6, (int)Math.Round(orders * channel.Weight / OrdersPerCompany));
            for (var rank = 0; rank < count; rank++)
            {
                var country = random.Pick(channel.Countries);
                var n = customers.NextCompany();
                var created = clock.Local(new DateOnly(2025, 1, 6).AddDays(random.Next(365)), 10, random.Next(60));
                var keys = new CompanyKeys(
                    random.Chance(0.8) ? DemoNames.TaxId(country, n) : null, AccountReference(n), ContactEmail(n));
                var erpId = customers.NextErpCustomerId();
                var entity = merchant.EntityOf(country);
                var account = Account(channel, country, n, created, keys with { AccountReference = keys.TaxId is null || random.Chance(0.9) ? keys.AccountReference : null });
                ErpRecord(entity, erpId, n, country, ErpCustomerStatus.Active);
                ledger.SyncAttempt(SyncObject.Customer, account.Key, clock.NextSyncRun(created), SyncOutcome.Created);
                customers.Add(channel, new DemoBuyer
                {
                    Account = account, Channel = channel, Country = country, Entity = entity, ErpCustomerId = erpId, Weight = 1.0 / Math.Pow(rank + 1, 0.8),
                });
            }
        }
    }

    public static string AccountReference(int n) => $"NW-{n + 40_000:D6}";

    public static string ContactEmail(int n) => $"purchasing{n % 7}@{DemoNames.CompanyDomain(n)}";

    /// <summary>A storefront company account; the B2B signal depends on the platform.</summary>
    public CommerceCustomer Account(DemoChannel channel, DemoCountry country, int n, DateTimeOffset created, CompanyKeys keys, string? companyName = null)
    {
        var platform = channel.Platform;
        var account = new CommerceCustomer(
            platform, customers.NextAccountId(platform), keys.Email, DemoNames.Phone(country, 800_000 + n), DemoNames.Person(n * 13), companyName ?? DemoNames.Company(n, country),
            platform == Platform.BigCommerce, platform == Platform.AdobeCommerce ? "Wholesale" : null, platform == Platform.Shopify ? ["b2b"] : [],
            keys.TaxId is null ? null : DemoNames.AsKeyedOnStorefront(keys.TaxId, n), keys.AccountReference, DemoNames.Postcode(country, 800_000 + n),
            DemoNames.CountryCode(country), created, null, clock.ExportedAt);
        Data.CommerceCustomers.Add(account);
        return account;
    }

    /// <summary>The company as the ERP keeps it: the canonical tax id, the account reference and the accounts-payable mailbox.</summary>
    public ErpCustomer ErpRecord(string entity, string erpId, int n, DemoCountry country, ErpCustomerStatus status, string? name = null)
    {
        var record = new ErpCustomer(
            entity, erpId, name ?? DemoNames.Company(n, country), $"ap@{DemoNames.CompanyDomain(n)}", DemoNames.Phone(country, 800_000 + n),
            DemoNames.TaxId(country, n), AccountReference(n), DemoNames.Postcode(country, 800_000 + n), DemoNames.CountryCode(country), status, false,
            clock.ExportedAt);
        Data.ErpCustomers.Add(record);
        return record;
    }
}
