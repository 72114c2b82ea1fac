using Gapwatch.Cards;
using Gapwatch.Model;

namespace Gapwatch.Ports;

/// <summary>What an upsert did to each record it was given.</summary>
public sealed record UpsertResult(int Inserted, int Updated, int Unchanged, int Stale)
{
    public static UpsertResult Empty { get; } = new(0, 0, 0, 0);

    public int Total => Inserted + Updated + Unchanged + Stale;

    public UpsertResult Plus(UpsertResult other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Inserted + other.Inserted, Updated + other.Updated, Unchanged + other.Unchanged, Stale + other.Stale);
    }
}

/// <summary>
/// The workspace's persistent store: synced facts (upserted by kind and key, guarded by version)
/// and immutable card snapshots. One store holds one workspace. Implementations: SQLite (embedded)
/// and, later, PostgreSQL (team mode).
/// </summary>
public interface IWorkspaceStore : IDisposable
{
    /// <summary>
    /// Upserts all records in one transaction: all of them land or none does. A record whose
    /// version is older than the stored one is left out (counted as stale); an identical one is
    /// unchanged.
    /// </summary>
    UpsertResult Upsert(IReadOnlyCollection<ISourceRecord> records);

    /// <summary>Loads every stored fact.</summary>
    WorkspaceData Load();

    /// <summary>Counts stored facts per kind.</summary>
    IReadOnlyDictionary<string, int> CountByKind();

    /// <summary>Appends one refresh: every card computed at one as-of time. Snapshots are never changed.</summary>
    long SaveSnapshot(RefreshSnapshot snapshot);

    /// <summary>The most recent refresh at or before <paramref name="asOf"/> (or the latest when null).</summary>
    RefreshSnapshot? LatestSnapshot(DateTimeOffset? asOf = null);

    /// <summary>A card's headline over past refreshes, oldest first, at most <paramref name="limit"/>.</summary>
    IReadOnlyList<TrendPoint> Trend(string cardKey, int limit);
}
