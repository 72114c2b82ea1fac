using Gapwatch.Matching;
using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Reconciliation.Input;

/// <summary>
/// Storefront accounts joined into buyers: accounts that share any normalised key (VAT number,
/// account reference, email) are one buyer, so a buyer on two platforms counts once.
/// </summary>
internal sealed class AccountSlots
{
    private readonly Dictionary<string, int> byReference;

    private AccountSlots(Dictionary<string, int> byReference, int[] accountBuyer, BuyerColumns buyers)
    {
        this.byReference = byReference;
        AccountBuyer = accountBuyer;
        Buyers = buyers;
    }

    public int[] AccountBuyer { get; }

    public BuyerColumns Buyers { get; }

    public int Find(Platform platform, string? customerId) =>
        customerId is not null && byReference.TryGetValue(CommerceRef.Format(platform, customerId), out var slot) ? slot : -1;

    public static AccountSlots Build(IReadOnlyList<CommerceCustomer> accounts, WorkspaceSettings settings, KeyTable keys)
    {
        var byReference = new Dictionary<string, int>(accounts.Count, StringComparer.Ordinal);
        var accountKeys = new int[accounts.Count][];
        var sets = new DisjointSets(accounts.Count);
        var firstHolder = new Dictionary<int, int>();
        for (var a = 0; a < accounts.Count; a++)
        {
            byReference[accounts[a].Key] = a;
            accountKeys[a] = KeysOf(accounts[a], keys);
            foreach (var key in accountKeys[a])
            {
                if (firstHolder.TryGetValue(key, out var holder))
                {
                    sets.Union(holder, a);
                }
                else
                {
                    firstHolder[key] = a;
                }
            }
        }

        var (accountBuyer, buyerCount) = sets.DenseRoots();
        var buyers = BuildBuyers(accounts, settings, accountKeys, accountBuyer, buyerCount);
        return new AccountSlots(byReference, accountBuyer, buyers);
    }

    private static BuyerColumns BuildBuyers(
        IReadOnlyList<CommerceCustomer> accounts, WorkspaceSettings settings, int[][] accountKeys, int[] accountBuyer, int buyerCount)
    {
        var buyers = new BuyerColumns(buyerCount);
        Array.Fill(buyers.CreatedAt, long.MaxValue);
        var pairs = new List<(int Buyer, int Key)>();
        for (var a = 0; a < accounts.Count; a++)
        {
            var b = accountBuyer[a];
            buyers.IsB2b[b] |= settings.B2bRule.IsB2b(accounts[a]);
            buyers.HasVatNumber[b] |= KeyNormalizer.VatNumber(accounts[a].VatNumber) is not null;
            buyers.CreatedAt[b] = Math.Min(buyers.CreatedAt[b], accounts[a].CreatedAt.ToUnixTimeSeconds());
            foreach (var key in accountKeys[a])
            {
                pairs.Add((b, key));
            }
        }

        var distinct = pairs.Distinct().ToList();
        var (start, items) = Csr.Build(buyerCount, distinct);
        Array.Copy(start, buyers.KeyStart, start.Length);
        buyers.Keys = items;
        return buyers;
    }

    private static int[] KeysOf(CommerceCustomer account, KeyTable keys)
    {
        var result = new List<int>(3);
        if (KeyNormalizer.VatNumber(account.VatNumber) is { } vat)
        {
            result.Add(keys.Intern(KeyType.VatNumber, vat));
        }

        if (KeyNormalizer.AccountReference(account.AccountReference) is { } reference)
        {
            result.Add(keys.Intern(KeyType.AccountReference, reference));
        }

        if (KeyNormalizer.Email(account.Email) is { } email)
        {
            result.Add(keys.Intern(KeyType.Email, email));
        }

        return [.. result];
    }
}

/// <summary>Union–find with path halving; roots are renumbered densely in first-seen order.</summary>
internal sealed class DisjointSets(int count)
{
    private readonly int[] parent = Enumerable.Range(0, count).ToArray();

    public int Find(int item)
    {
        while (parent[item] != item)
        {
            parent[item] = parent[parent[item]];
            item = parent[item];
        }

        return item;
    }

    public void Union(int left, int right)
    {
        var a = Find(left);
        var b = Find(right);
        if (a != b)
        {
            parent[Math.Max(a, b)] = Math.Min(a, b);
        }
    }

    public (int[] Dense, int Count) DenseRoots()
    {
        var dense = new int[parent.Length];
        var numbering = new Dictionary<int, int>();
        for (var i = 0; i < parent.Length; i++)
        {
            var root = Find(i);
            if (!numbering.TryGetValue(root, out var slot))
            {
                slot = numbering.Count;
                numbering.Add(root, slot);
            }

            dense[i] = slot;
        }

        return (dense, numbering.Count);
    }
}
