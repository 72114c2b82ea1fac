using System.Globalization;
using Gapwatch.Model;

namespace Gapwatch.Ports;

/// <summary>
/// A keyset position in a source's change stream: the source's <c>updated_at</c>, then its id as the
/// tie-breaker. Cursors are ordered by instant first, then by id (numeric ids numerically, others
/// ordinally); a committed cursor never moves back.
/// </summary>
public sealed record SyncCursor(DateTimeOffset UpdatedAt, string Id) : IComparable<SyncCursor>
{
    public int CompareTo(SyncCursor? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byInstant = UpdatedAt.UtcDateTime.CompareTo(other.UpdatedAt.UtcDateTime);
        return byInstant != 0 ? byInstant : CompareIds(Id, other.Id);
    }

    /// <summary>Digit-only ids compare as numbers (<c>999</c> before <c>1000</c>), others ordinally.</summary>
    private static int CompareIds(string a, string b)
    {
        var numeric = a.Length > 0 && b.Length > 0 && a.All(char.IsAsciiDigit) && b.All(char.IsAsciiDigit);
        if (numeric)
        {
            var (x, y) = (a.TrimStart('0'), b.TrimStart('0'));
            return x.Length != y.Length ? x.Length.CompareTo(y.Length) : string.CompareOrdinal(x, y);
        }

        return string.CompareOrdinal(a, b);
    }

    /// <summary>The later of two cursors (a missing one counts as the earliest).</summary>
    public static SyncCursor? Max(SyncCursor? a, SyncCursor? b) => a is null ? b : b is null ? a : a.CompareTo(b) >= 0 ? a : b;

    public static bool operator <(SyncCursor left, SyncCursor right) => Compare(left, right) < 0;

    public static bool operator >(SyncCursor left, SyncCursor right) => Compare(left, right) > 0;

    public static bool operator <=(SyncCursor left, SyncCursor right) => Compare(left, right) <= 0;

    public static bool operator >=(SyncCursor left, SyncCursor right) => Compare(left, right) >= 0;

    public override string ToString() =>
        UpdatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "/" + Id;

    private static int Compare(SyncCursor left, SyncCursor right)
    {
        ArgumentNullException.ThrowIfNull(left);
        return left.CompareTo(right);
    }
}

/// <summary>Where one stream of one source (a connection) stands: the last committed cursor.</summary>
public sealed record StreamCheckpoint(string Source, string Stream, SyncCursor Cursor, DateTimeOffset CommittedAt);

/// <summary>A record a connector read but could not accept (bad value, missing key), kept for inspection and counted.</summary>
public sealed record QuarantinedRecord(string Source, string Stream, string? ExternalId, string Reason);

/// <summary>What committing one page did.</summary>
public sealed record PageCommit(UpsertResult Upserted, int Quarantined, SyncCursor? Cursor);

/// <summary>
/// The sync side of the store. A page's records, its quarantined rows and its checkpoint are
/// committed in one transaction: either the page is stored and the cursor has moved past it, or
/// neither happened. The stored cursor only moves forward: a cursor older than the stored one is
/// ignored (the stored one is kept) — unless the page says <c>rewind</c>: its source found rows the
/// server sent out of the order it asked for, and the next query must start again from there.
/// </summary>
public interface ISyncStateStore
{
    StreamCheckpoint? Checkpoint(string source, string stream);

    IReadOnlyList<StreamCheckpoint> Checkpoints(string source);

    PageCommit CommitPage(
        string source,
        string stream,
        IReadOnlyCollection<ISourceRecord> records,
        IReadOnlyCollection<QuarantinedRecord> quarantined,
        SyncCursor? cursor,
        bool rewind = false);

    /// <summary>How many distinct rows of a source are quarantined, over all runs (a row re-read and refused again for the same reason counts once).</summary>
    int QuarantinedCount(string source);
}
