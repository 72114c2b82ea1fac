namespace Gapwatch.Connectors.Sync;

/// <summary>The limits of a sync run, with their defaults in one place. <see cref="Validate"/> refuses nonsense.</summary>
public sealed record SyncOptions
{
    /// <summary>Records per page (Shopify allows at most 250).</summary>
    public int PageSize { get; init; } = 100;

    /// <summary>How far behind the last committed cursor a run starts reading again (late writes, clock skew).</summary>
    public TimeSpan Lookback { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>The upper bound of a run is its start minus this lag, so writes still in flight at the source are read next time.</summary>
    public TimeSpan SafetyLag { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Pages per stream per run; a longer backlog continues in the next run from the checkpoint.</summary>
    public int MaxPagesPerRun { get; init; } = 10_000;

    /// <summary>Pages read with one query before it is restarted from the checkpoint (Shopify caps pagination at 25,000 objects).</summary>
    public int MaxPagesPerQuery { get; init; } = 80;

    /// <summary>Restarts from the checkpoint after an expired page token, per stream and run.</summary>
    public int MaxRestarts { get; init; } = 3;

    public SyncOptions Validate()
    {
        Check(PageSize is >= 1 and <= 250, nameof(PageSize), "must be between 1 and 250");
        Check(Lookback >= TimeSpan.Zero && Lookback <= TimeSpan.FromDays(7), nameof(Lookback), "must be between 0 and 7 days");
        Check(SafetyLag >= TimeSpan.Zero && SafetyLag <= TimeSpan.FromHours(1), nameof(SafetyLag), "must be between 0 and 1 hour");
        Check(MaxPagesPerRun >= 1, nameof(MaxPagesPerRun), "must be at least 1");
        Check(MaxPagesPerQuery >= 1, nameof(MaxPagesPerQuery), "must be at least 1");
        Check(MaxRestarts >= 0, nameof(MaxRestarts), "must be zero or more");
        return this;
    }

    private static void Check(bool holds, string name, string rule)
    {
        if (!holds)
        {
            throw new ArgumentOutOfRangeException(name, rule);
        }
    }
}
