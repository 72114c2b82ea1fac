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
    private readonly int[] accountStart;
    private readonly int[] accountItems;
    private readonly Lazy<SecondaryKeyIndex> erpIndex;
    private readonly Lazy<List<ErpCustomer>> erpCandidates;
    private readonly Lazy<DataverseIndex> dataverse;

    public BuyerDirectory(CardContext context)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        var labels = context.Labels;
        var pairs = new List<(int Buyer, int Account)>(labels.Accounts.Count);
        for (var a = 0; a < labels.Accounts.Count; a++)
        {
            pairs.Add((labels.AccountBuyer[a], a));
        }

        (accountStart, accountItems) = Reconciliation.Input.Csr.Build(context.Input.Buyers.Count, pairs);

        // A buyer's accounts oldest first (then platform, then id), so its reference and name never
        // depend on the order records were read in.
        var byAge = Comparer<int>.Create((x, y) => CompareAccounts(labels.Accounts[x], labels.Accounts[y]));
        for (var b = 0; b < context.Input.Buyers.Count; b++)
        {
            var length = accountStart[b + 1] - accountStart[b];
            if (length > 1)
            {
                Array.Sort(accountItems, accountStart[b], length, byAge);
            }
        }

        erpCandidates = new(() => NonHolding(context));
        erpIndex = new(() => new SecondaryKeyIndex(Parties(erpCandidates.Value)));
        dataverse = new(() => new DataverseIndex(context.Data.DataverseRecords));
    }

    public IReadOnlyList<CommerceCustomer> Accounts(int buyer)
    {
        var from = accountStart[buyer];
        var result = new CommerceCustomer[accountStart[buyer + 1] - from];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = context.Labels.Accounts[accountItems[from + i]];
        }

        return result;
    }

    /// <summary>Builds what the first lookups would build lazily (the secondary-key index, the Dataverse index).</summary>
    public void Prepare() => Parallel.Invoke(() => _ = erpIndex.Value, () => _ = dataverse.Value);

    /// <summary>The ERP master without holding customers (the input's column already joins the record flag and the settings' list).</summary>
    private static List<ErpCustomer> NonHolding(CardContext context)
    {
        var master = context.Labels.ErpCustomers;
        var holding = context.Input.ErpCustomers.Holding;
        var result = new List<ErpCustomer>(master.Count);
        for (var i = 0; i < master.Count; i++)
        {
            if (!holding[i])
            {
                result.Add(master[i]);
            }
        }

        return result;
    }

    /// <summary>Secondary-key fields of each candidate; reading phone numbers is independent per record, so split across the cores.</summary>
    private static PartyRecord[] Parties(List<ErpCustomer> candidates)
    {
        var parties = new PartyRecord[candidates.Count];
        var parts = parties.Length < 4_096 ? 1 : Math.Max(1, Math.Min(Environment.ProcessorCount, 8));
        Parallel.For(0, parts, p =>
        {
            var to = (int)((long)parties.Length * (p + 1) / parts);
            for (var i = (int)((long)parties.Length * p / parts); i < to; i++)
            {
                parties[i] = ToParty(candidates[i]);
            }
        });
        return parties;
    }

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
        var index = dataverse.Value;
        var found = new SortedSet<int>();
        foreach (var account in accounts)
        {
            index.Collect(index.ByEmail, KeyNormalizer.Email(account.Email), found);
            index.Collect(index.ByVat, KeyNormalizer.VatNumber(account.VatNumber), found);
            index.Collect(index.ByReference, KeyNormalizer.AccountReference(account.AccountReference), found);
        }

        return [.. found.Select(i => context.Data.DataverseRecords[i])];
    }

    /// <summary>Flags every absent-customer row carries: what exists elsewhere, so nobody creates a duplicate.</summary>
    public IReadOnlyList<string> Flags(AbsentBuyer absent)
    {
        ArgumentNullException.ThrowIfNull(absent);
        return Flags(absent, SuspectedDuplicate(absent.Buyer));
    }

    /// <summary>The same flags, given the buyer's <see cref="SuspectedDuplicate"/> already looked up (a card that needed it for the cohort).</summary>
    public IReadOnlyList<string> Flags(AbsentBuyer absent, (ErpCustomer Record, string Explanation)? duplicate)
    {
        ArgumentNullException.ThrowIfNull(absent);
        var flags = new List<string>();
        var master = context.Labels.ErpCustomers;
        var entity = context.Input.Orders.ExpectedEntity[absent.Orders[0]];
        var named = new List<ErpCustomer>(2);
        if (absent.Outcome.InactiveRecord >= 0)
        {
            var record = master[LowestRecord(absent.Buyer, entity, inactive: true, absent.Outcome.InactiveRecord)];
            named.Add(record);
            flags.Add($"reactivate, don't recreate: {record.Entity}/{record.Id} is inactive");
        }

        if (absent.Outcome.OtherEntityRecord >= 0)
        {
            var record = master[LowestRecord(absent.Buyer, entity, inactive: false, absent.Outcome.OtherEntityRecord)];
            named.Add(record);
            flags.Add($"exists in entity {record.Entity} as {record.Id}");
        }

        // A fuzzy candidate that a key flag already names would only repeat it.
        if (duplicate is { } suspected && !named.Contains(suspected.Record))
        {
            flags.Add($"suspected duplicate of {suspected.Record.Entity}/{suspected.Record.Id} ({suspected.Explanation})");
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

    private static PartyRecord ToParty(CommerceCustomer account) =>
        new(account.CompanyName ?? account.Name, account.Postcode, KeyNormalizer.Phone(account.Phone, account.Country));

    private static readonly PartyRecord NoFields = new(null);

    /// <summary>A customer with no name, postcode or readable phone shares one empty record.</summary>
    private static PartyRecord ToParty(ErpCustomer customer) =>
        KeyNormalizer.Phone(customer.Phone, customer.Country) is var phone && phone is null && customer.Name is null && customer.Postcode is null
            ? NoFields
            : new(customer.Name, customer.Postcode, phone);
}

/// <summary>Unpromoted Dataverse records by normalised key, so a buyer's lookup does not scan them all.</summary>
internal sealed class DataverseIndex
{
    public DataverseIndex(IReadOnlyList<DataverseRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.PromotedToErp)
            {
                continue;
            }

            Add(ByEmail, KeyNormalizer.Email(record.Email), i);
            Add(ByVat, KeyNormalizer.VatNumber(record.VatNumber), i);
            Add(ByReference, KeyNormalizer.AccountReference(record.AccountReference), i);
        }
    }

    public Dictionary<string, List<int>> ByEmail { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<int>> ByVat { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, List<int>> ByReference { get; } = new(StringComparer.Ordinal);

    public void Collect(Dictionary<string, List<int>> index, string? key, SortedSet<int> into)
    {
        if (key is not null && index.TryGetValue(key, out var records))
        {
            into.UnionWith(records);
        }
    }

    private static void Add(Dictionary<string, List<int>> index, string? key, int record)
    {
        if (key is null)
        {
            return;
        }

        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        list.Add(record);
    }
}
