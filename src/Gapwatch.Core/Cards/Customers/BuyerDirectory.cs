using Gapwatch.Matching;
using Gapwatch.Model;

namespace Gapwatch.Cards.Customers;

/// <summary>
/// Names, keys and cross-references of buyers for drill rows: their storefront accounts, a
/// suspected duplicate in the ERP master, and Dataverse records not promoted to the ERP.
/// </summary>
public sealed class BuyerDirectory
{
    private readonly CardContext context;
    private readonly List<int>[] accountsByBuyer;
    private readonly Lazy<SecondaryKeyIndex> erpIndex;
    private readonly Lazy<List<ErpCustomer>> erpCandidates;

    public BuyerDirectory(CardContext context)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        var labels = context.Labels;
        accountsByBuyer = new List<int>[context.Input.Buyers.Count];
        for (var a = 0; a < labels.Accounts.Count; a++)
        {
            (accountsByBuyer[labels.AccountBuyer[a]] ??= []).Add(a);
        }

        // A buyer's accounts oldest first (then platform, then id), so its reference and name never
        // depend on the order records were read in.
        foreach (var accounts in accountsByBuyer)
        {
            accounts?.Sort((x, y) => CompareAccounts(labels.Accounts[x], labels.Accounts[y]));
        }

        erpCandidates = new(() => [.. labels.ErpCustomers.Where(c => !c.IsHolding && !context.Settings.HoldingCustomers.Contains(c.Id))]);
        erpIndex = new(() => new SecondaryKeyIndex([.. erpCandidates.Value.Select(ToParty)]));
    }

    public IReadOnlyList<CommerceCustomer> Accounts(int buyer) =>
        [.. (accountsByBuyer[buyer] ?? []).Select(a => context.Labels.Accounts[a])];

    public string Reference(int buyer) => Accounts(buyer) is [var first, ..] ? first.Key : $"buyer#{buyer}";

    public string DisplayName(int buyer)
    {
        var account = Accounts(buyer).FirstOrDefault();
        return account?.CompanyName ?? account?.Name ?? account?.Email ?? Reference(buyer);
    }

    public bool IsB2b(int buyer) => context.Input.Buyers.IsB2b[buyer];

    /// <summary>The best ERP record whose secondary key (name + postcode, or phone) scores at or above the threshold.</summary>
    public (ErpCustomer Record, string Explanation)? SuspectedDuplicate(int buyer)
    {
        foreach (var account in Accounts(buyer))
        {
            var match = erpIndex.Value.BestMatch(ToParty(account), context.Settings.SuspectedDuplicateThreshold);
            if (match is not null)
            {
                return (erpCandidates.Value[match.RecordIndex], match.Explain());
            }
        }

        return null;
    }

    /// <summary>Dataverse accounts/contacts that share a key with the buyer and were never promoted to the ERP master.</summary>
    public IReadOnlyList<DataverseRecord> UnpromotedInDataverse(int buyer)
    {
        var accounts = Accounts(buyer);
        var emails = accounts.Select(a => KeyNormalizer.Email(a.Email)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var vats = accounts.Select(a => KeyNormalizer.VatNumber(a.VatNumber)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var refs = accounts.Select(a => KeyNormalizer.AccountReference(a.AccountReference)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return
        [
            .. context.Data.DataverseRecords.Where(d => !d.PromotedToErp && (
                Contains(emails, KeyNormalizer.Email(d.Email)) ||
                Contains(vats, KeyNormalizer.VatNumber(d.VatNumber)) ||
                Contains(refs, KeyNormalizer.AccountReference(d.AccountReference)))),
        ];
    }

    /// <summary>Flags every absent-customer row carries: what exists elsewhere, so nobody creates a duplicate.</summary>
    public IReadOnlyList<string> Flags(AbsentBuyer absent)
    {
        ArgumentNullException.ThrowIfNull(absent);
        var flags = new List<string>();
        var master = context.Labels.ErpCustomers;
        var entity = context.Input.Orders.ExpectedEntity[absent.Orders[0]];
        if (absent.Outcome.InactiveRecord >= 0)
        {
            var record = master[LowestRecord(absent.Buyer, entity, inactive: true, absent.Outcome.InactiveRecord)];
            flags.Add($"reactivate, don't recreate: {record.Entity}/{record.Id} is inactive");
        }

        if (absent.Outcome.OtherEntityRecord >= 0)
        {
            var record = master[LowestRecord(absent.Buyer, entity, inactive: false, absent.Outcome.OtherEntityRecord)];
            flags.Add($"exists in entity {record.Entity} as {record.Id}");
        }

        if (SuspectedDuplicate(absent.Buyer) is { } duplicate)
        {
            flags.Add($"suspected duplicate of {duplicate.Record.Entity}/{duplicate.Record.Id} ({duplicate.Explanation})");
        }

        foreach (var record in UnpromotedInDataverse(absent.Buyer).OrderBy(r => r.Id, StringComparer.Ordinal))
        {
            flags.Add($"present in Dataverse as {record.Id}, not promoted");
        }

        return flags;
    }

    /// <summary>
    /// Of the records a flag could name (an inactive record in the expected entity, or an active one
    /// in another entity, sharing a match key of the buyer's precedence), the lowest by entity and id:
    /// the matcher reports the first it meets, which depends on the order records were read in.
    /// </summary>
    private int LowestRecord(int buyer, int entity, bool inactive, int found)
    {
        var input = context.Input;
        var buyers = input.Buyers;
        var master = input.ErpCustomers;
        var labels = context.Labels.ErpCustomers;
        var types = context.Settings.MatchKeysFor(buyers.IsB2b[buyer]).Select(k => (Reconciliation.Input.KeyType)k).ToHashSet();
        var best = found;
        for (var i = buyers.KeyStart[buyer]; i < buyers.KeyStart[buyer + 1]; i++)
        {
            var key = buyers.Keys[i];
            if (!types.Contains(input.Keys.TypeOf(key)) || key + 1 >= master.ByKeyStart.Length)
            {
                continue;
            }

            for (var j = master.ByKeyStart[key]; j < master.ByKeyStart[key + 1]; j++)
            {
                var record = master.ByKey[j];
                var sameEntity = entity < 0 || master.Entity[record] == entity;
                var fits = !master.Holding[record] && (inactive ? sameEntity && !master.Active[record] : !sameEntity && master.Active[record]);
                if (fits && Compare(labels[record], labels[best]) < 0)
                {
                    best = record;
                }
            }
        }

        return best;

        static int Compare(ErpCustomer a, ErpCustomer b)
        {
            var byEntity = string.CompareOrdinal(a.Entity, b.Entity);
            return byEntity != 0 ? byEntity : string.CompareOrdinal(a.Id, b.Id);
        }
    }

    private static int CompareAccounts(CommerceCustomer a, CommerceCustomer b)
    {
        var byCreated = a.CreatedAt.CompareTo(b.CreatedAt);
        if (byCreated != 0)
        {
            return byCreated;
        }

        return a.Platform != b.Platform ? a.Platform.CompareTo(b.Platform) : string.CompareOrdinal(a.Id, b.Id);
    }

    private static bool Contains(HashSet<string> set, string? value) => value is not null && set.Contains(value);

    private static PartyRecord ToParty(CommerceCustomer account) =>
        new(account.CompanyName ?? account.Name, account.Postcode, KeyNormalizer.Phone(account.Phone, account.Country));

    private static PartyRecord ToParty(ErpCustomer customer) =>
        new(customer.Name, customer.Postcode, KeyNormalizer.Phone(customer.Phone, customer.Country));
}
