using Gapwatch.Store.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Store.Tests.Sqlite;

/// <summary>Users, token hashes and the append-only audit log (schema step 3).</summary>
public sealed class SqliteAccessStoreTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-access-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 4, 15, 7, 0, 0, TimeSpan.Zero));

    private string Path => System.IO.Path.Combine(directory, "store.db");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Users_AreFoundByEmailCaseInsensitively_AndByTokenHash()
    {
        using var store = SqliteAccessStore.Open(Path, clock);
        var user = store.AddUser("Ana@Acme.example", ["finance", "operations"], "hash");
        store.AddToken(user.Id, "abc123");
        Assert.Equal(user.Id, store.FindUserByEmail("ana@acme.EXAMPLE")!.Id);
        Assert.Equal(["finance", "operations"], store.FindUserByTokenHash("abc123")!.Roles);
        Assert.Null(store.FindUserByTokenHash("abc124"));
        Assert.Throws<InvalidOperationException>(() => store.AddUser("ANA@acme.example", ["owner"], null));
    }

    [Fact]
    public void AuditLog_AppendsNewestFirst_AndRefusesChanges()
    {
        using (var store = SqliteAccessStore.Open(Path, clock))
        {
            store.Append("ana", "export", "revenue_gap", "12 rows", "127.0.0.1");
            clock.Advance(TimeSpan.FromMinutes(1));
            store.Append("ben", "refresh");
            var (entries, total) = store.Audit(10, 0);
            Assert.Equal(2, total);
            Assert.Equal(["refresh", "export"], entries.Select(e => e.Action));
            Assert.Equal(clock.GetUtcNow(), entries[0].At);
        }

        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        foreach (var sql in new[] { "UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Contains("append-only", Assert.Throws<SqliteException>(() => command.ExecuteNonQuery()).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void TheWorkspaceStoreAndTheAccessStore_ShareOneFile()
    {
        using var facts = SqliteWorkspaceStore.Open(Path, clock);
        using var access = SqliteAccessStore.Open(Path, clock);
        access.Append(null, "user.created", "ana@acme.example");
        Assert.Equal(0, facts.LatestSnapshotId());
        Assert.Empty(facts.AlertHistory(10));
        Assert.Equal(1, access.Audit(10, 0).Total);
    }
}
