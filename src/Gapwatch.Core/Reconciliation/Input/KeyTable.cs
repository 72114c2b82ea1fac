using System.Runtime.CompilerServices;

namespace Gapwatch.Reconciliation.Input;

/// <summary>Kinds of normalised customer key; values match <see cref="Workspace.MatchKey"/>.</summary>
public enum KeyType : byte
{
    VatNumber = 1,
    AccountReference = 2,
    Email = 3,
}

/// <summary>Interns normalised keys to dense integers, remembering each key's type.</summary>
public sealed class KeyTable
{
    private readonly Dictionary<(KeyType, string), int> ids = [];
    private readonly List<KeyType> types = [];

    public int Count => types.Count;

    public int Intern(KeyType type, string normalisedKey)
    {
        if (ids.TryGetValue((type, normalisedKey), out var id))
        {
            return id;
        }

        id = types.Count;
        ids.Add((type, normalisedKey), id);
        types.Add(type);
        return id;
    }

    /// <summary>Adds a key without a text form (generated benchmark data).</summary>
    public int Add(KeyType type)
    {
        types.Add(type);
        return types.Count - 1;
    }

    public bool TryGet(KeyType type, string normalisedKey, out int id) => ids.TryGetValue((type, normalisedKey), out id);

    public KeyType TypeOf(int id) => types[id];
}

/// <summary>Period-average rates into the reporting currency, by currency slot and month index.</summary>
public sealed class RateTable
{
    private readonly Dictionary<(short Currency, int Month), decimal> averages = [];

    public RateTable(short reportingCurrency)
    {
        ReportingCurrency = reportingCurrency;
    }

    public short ReportingCurrency { get; }

    public void SetAverage(short currency, int month, decimal rate) => averages[(currency, month)] = rate;

    public bool TryGetAverage(short currency, int month, out decimal rate)
    {
        if (currency == ReportingCurrency)
        {
            rate = 1m;
            return true;
        }

        return averages.TryGetValue((currency, month), out rate);
    }

    /// <summary>
    /// Every currency's average over a range of months as one dense table of prepared rates, built
    /// once per computation: <see cref="TryGetAverage"/> is a dictionary lookup per call.
    /// </summary>
    public DenseRates Dense(ReconciliationInput input, int firstMonth, int lastMonth)
    {
        ArgumentNullException.ThrowIfNull(input);
        var months = Math.Max(0, lastMonth - firstMonth + 1);
        var currencies = input.Currencies.Length;
        var rates = new ReportingRate[currencies * months];
        var present = new bool[currencies * months];
        for (short c = 0; c < currencies; c++)
        {
            for (var m = 0; m < months; m++)
            {
                if (TryGetAverage(c, firstMonth + m, out var rate))
                {
                    rates[(c * months) + m] = input.PrepareRate(c, rate);
                    present[(c * months) + m] = true;
                }
            }
        }

        return new DenseRates(firstMonth, months, rates, present);
    }

    public static int MonthIndex(DateOnly day) => (day.Year * 12) + day.Month - 1;

    public static DateOnly MonthStart(int monthIndex) => new(monthIndex / 12, (monthIndex % 12) + 1, 1);
}

/// <summary>Period-average rates by (currency, month) over a range of months; a month outside it has none.</summary>
public sealed class DenseRates(int firstMonth, int months, ReportingRate[] rates, bool[] present)
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryGet(short currency, int month, out ReportingRate rate)
    {
        var offset = month - firstMonth;
        if (offset >= 0 && offset < months && currency >= 0 && (currency * months) + offset is var slot && slot < present.Length && present[slot])
        {
            rate = rates[slot];
            return true;
        }

        rate = default;
        return false;
    }
}

/// <summary>Closed periods per entity slot.</summary>
public sealed class LockTable
{
    private readonly List<(int Entity, int StartDay, int EndDay, long LockedAt)> locks = [];

    public int Count => locks.Count;

    public void Add(int entity, int startDay, int endDay, long lockedAt) => locks.Add((entity, startDay, endDay, lockedAt));

    /// <summary>The lock time of the period holding <paramref name="day"/> in <paramref name="entity"/>, if it is closed.</summary>
    public bool TryFind(int entity, int day, out long lockedAt)
    {
        foreach (var l in locks)
        {
            if (l.Entity == entity && day >= l.StartDay && day <= l.EndDay)
            {
                lockedAt = l.LockedAt;
                return true;
            }
        }

        lockedAt = 0;
        return false;
    }

    /// <summary>Whether any entity has closed the period holding <paramref name="day"/>.</summary>
    public bool AnyLocked(int entity, int day) => TryFind(entity, day, out _);

    /// <summary>
    /// The same lookups over a range of days as a dense table by (entity, day), built once per
    /// computation: <see cref="TryFind"/> scans the list on every call.
    /// </summary>
    public LockDays ForDays(int startDay, int endDay)
    {
        var entities = 0;
        foreach (var l in locks)
        {
            entities = Math.Max(entities, l.Entity + 1);
        }

        var days = Math.Max(0, endDay - startDay + 1);
        var lockedAt = new long[entities * days];
        var locked = new bool[entities * days];
        foreach (var l in locks)
        {
            if (l.Entity < 0)
            {
                continue;
            }

            // The first lock in list order that holds a day is the one TryFind reports.
            for (var day = Math.Max(l.StartDay, startDay); day <= Math.Min(l.EndDay, endDay); day++)
            {
                var slot = (l.Entity * days) + day - startDay;
                if (!locked[slot])
                {
                    locked[slot] = true;
                    lockedAt[slot] = l.LockedAt;
                }
            }
        }

        return new LockDays(startDay, days, entities, locked, lockedAt);
    }
}

/// <summary>Closed periods by (entity, day) over a range of days; a day outside the range is never locked.</summary>
public sealed class LockDays
{
    private readonly int startDay;
    private readonly int days;
    private readonly int entities;
    private readonly bool[] locked;
    private readonly long[] lockedAt;

    internal LockDays(int startDay, int days, int entities, bool[] locked, long[] lockedAt)
    {
        this.startDay = startDay;
        this.days = days;
        this.entities = entities;
        this.locked = locked;
        this.lockedAt = lockedAt;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool AnyLocked(int entity, int day) => Slot(entity, day) is var slot && slot >= 0 && locked[slot];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryFind(int entity, int day, out long at)
    {
        var slot = Slot(entity, day);
        if (slot >= 0 && locked[slot])
        {
            at = lockedAt[slot];
            return true;
        }

        at = 0;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(int entity, int day)
    {
        var offset = day - startDay;
        return entity >= 0 && entity < entities && offset >= 0 && offset < days ? (entity * days) + offset : -1;
    }
}
