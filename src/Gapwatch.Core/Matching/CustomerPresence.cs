using System.Runtime.CompilerServices;
using Gapwatch.Reconciliation.Input;
using Gapwatch.Workspace;

namespace Gapwatch.Matching;

/// <summary>
/// The result of looking for a buyer in the ERP customer master of one entity. Record slots are -1
/// when there is none: <see cref="InactiveRecord"/> says "reactivate, don't recreate" and
/// <see cref="OtherEntityRecord"/> says where the customer does exist.
/// </summary>
public readonly record struct MatchOutcome(bool Matched, int MatchedRecord, KeyType MatchedBy, int InactiveRecord, int OtherEntityRecord)
{
    public static MatchOutcome NoKeys { get; } = new(false, -1, 0, -1, -1);
}

/// <summary>
/// Key-precedence matching of buyers against the ERP customer master, on interned keys. Holding
/// customers never match: the card looks through them to the real buyer.
/// </summary>
public sealed class CustomerPresence
{
    private readonly ReconciliationInput input;
    private readonly KeyType[] b2bPrecedence;
    private readonly KeyType[] dtcPrecedence;

    public CustomerPresence(ReconciliationInput input, IReadOnlyList<MatchKey> b2bKeys, IReadOnlyList<MatchKey> dtcKeys)
    {
        this.input = input ?? throw new ArgumentNullException(nameof(input));
        ArgumentNullException.ThrowIfNull(b2bKeys);
        ArgumentNullException.ThrowIfNull(dtcKeys);
        b2bPrecedence = [.. b2bKeys.Select(k => (KeyType)k)];
        dtcPrecedence = [.. dtcKeys.Select(k => (KeyType)k)];
    }

    /// <summary>
    /// Tries each key type in the buyer's precedence; the first that finds an active record in
    /// <paramref name="entity"/> matches. An ambiguous or unrouted order matches an active record
    /// in any entity.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public MatchOutcome Match(int buyer, int entity)
    {
        if (buyer < 0)
        {
            return MatchOutcome.NoKeys;
        }

        var buyers = input.Buyers;
        int inactive = -1, other = -1;
        foreach (var type in buyers.IsB2b[buyer] ? b2bPrecedence : dtcPrecedence)
        {
            for (var i = buyers.KeyStart[buyer]; i < buyers.KeyStart[buyer + 1]; i++)
            {
                var key = buyers.Keys[i];
                if (input.Keys.TypeOf(key) != type)
                {
                    continue;
                }

                var found = FindInMaster(key, entity, ref inactive, ref other);
                if (found >= 0)
                {
                    return new MatchOutcome(true, found, type, -1, -1);
                }
            }
        }

        return new MatchOutcome(false, -1, 0, inactive, other);
    }

    /// <summary>Per order: its buyer has no active match in the entity the order should post to.</summary>
    public bool[] AbsentByOrder()
    {
        var orders = input.Orders;
        var absent = new bool[orders.Count];

        // A buyer's orders mostly post to one entity: each (buyer, expected entity) is matched once.
        // Slots: the entities, then "none" and "ambiguous"; 0 unknown, 1 matched, 2 absent. Two
        // partitions may both work one out; they write the same value.
        var slots = input.Entities.Length + 2;
        var memo = input.Buyers.Count <= int.MaxValue / slots ? new byte[input.Buyers.Count * slots] : null;
        var partitions = Partitions(orders.Count);
        if (partitions == 1)
        {
            MarkAbsent(absent, memo, slots, 0, orders.Count);
            return absent;
        }

        Parallel.For(0, partitions, p =>
        {
            var (from, to) = Slice(orders.Count, p, partitions);
            MarkAbsent(absent, memo, slots, from, to);
        });
        return absent;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MarkAbsent(bool[] absent, byte[]? memo, int slots, int from, int to)
    {
        var (buyers, expected) = (input.Orders.Buyer, input.Orders.ExpectedEntity);
        for (var o = from; o < to; o++)
        {
            var buyer = buyers[o];
            var entity = expected[o];
            var column = entity >= 0 ? entity : entity == EntitySlot.None ? slots - 2 : slots - 1;
            if (buyer < 0 || memo is null || entity < -2 || column >= slots)
            {
                absent[o] = !Match(buyer, entity).Matched;
                continue;
            }

            var slot = (buyer * slots) + column;
            var known = Volatile.Read(ref memo[slot]);
            if (known == 0)
            {
                known = Match(buyer, entity).Matched ? (byte)1 : (byte)2;
                Volatile.Write(ref memo[slot], known);
            }

            absent[o] = known == 2;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int FindInMaster(int key, int entity, ref int inactive, ref int other)
    {
        var master = input.ErpCustomers;
        if (key + 1 >= master.ByKeyStart.Length)
        {
            return -1;
        }

        for (var j = master.ByKeyStart[key]; j < master.ByKeyStart[key + 1]; j++)
        {
            var record = master.ByKey[j];
            if (master.Holding[record])
            {
                continue;
            }

            var sameEntity = entity < 0 || master.Entity[record] == entity;
            if (sameEntity && master.Active[record])
            {
                return record;
            }

            if (sameEntity && inactive < 0)
            {
                inactive = record;
            }
            else if (!sameEntity && master.Active[record] && other < 0)
            {
                other = record;
            }
        }

        return -1;
    }

    private static int Partitions(int count) => count < 8_192 ? 1 : Math.Min(Environment.ProcessorCount, 8);

    private static (int From, int To) Slice(int count, int part, int parts) =>
        ((int)((long)count * part / parts), (int)((long)count * (part + 1) / parts));
}
