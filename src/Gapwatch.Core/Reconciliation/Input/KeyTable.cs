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

    public static int MonthIndex(DateOnly day) => (day.Year * 12) + day.Month - 1;

    public static DateOnly MonthStart(int monthIndex) => new(monthIndex / 12, (monthIndex % 12) + 1, 1);
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
}
