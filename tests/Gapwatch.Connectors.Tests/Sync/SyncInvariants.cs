using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Tests.Sync;

/// <summary>
/// What every fault test asserts, for any platform: no cursor ever goes back, no key is stored
/// twice, and the store holds exactly the source's records at their versions.
/// </summary>
internal sealed class SyncInvariants : IProgress<StreamProgress>
{
    private readonly List<(string Stream, SyncCursor Cursor)> cursors = [];

    /// <summary>Records each reported cursor, across runs (the syncer reports synchronously).</summary>
    public void Report(StreamProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Cursor is { } cursor)
        {
            lock (cursors)
            {
                cursors.Add((value.Stream, cursor));
            }
        }
    }

    /// <summary>Every cursor reported, per stream, never lower than the one before it.</summary>
    public void AssertCursorsNeverWentBack()
    {
        lock (cursors)
        {
            foreach (var stream in cursors.GroupBy(c => c.Stream))
            {
                var list = stream.Select(c => c.Cursor).ToList();
                for (var i = 1; i < list.Count; i++)
                {
                    Assert.True(list[i] >= list[i - 1], $"{stream.Key}: cursor went back from {list[i - 1]} to {list[i]}");
                }
            }
        }
    }

    /// <summary>The commerce records in the store as kind|key → version, asserting no key appears twice.</summary>
    public static Dictionary<string, DateTimeOffset?> Stored(IWorkspaceStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        var data = store.Load();
        var all = data.CommerceCustomers.Cast<ISourceRecord>().Concat(data.CommerceOrders).Concat(data.CommerceRefunds).ToList();
        var keys = all.Select(r => r.Kind + "|" + r.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        return all.ToDictionary(r => r.Kind + "|" + r.Key, r => r.UpdatedAt, StringComparer.Ordinal);
    }

    /// <summary>The store holds exactly the expected keys, each at the source's version.</summary>
    public static void AssertStoreEquals(Dictionary<string, DateTimeOffset?> expected, Dictionary<string, DateTimeOffset?> stored)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(stored);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, version) in expected)
        {
            Assert.True(stored[key] == version, $"{key}: stored version {stored[key]:O}, source {version:O}");
        }
    }
}
