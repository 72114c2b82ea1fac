using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gapwatch.Store.Sqlite;

/// <summary>A user of one workspace: an email, the roles that decide which cards they see, and a password hash (none for a token-only user).</summary>
public sealed record StoredUser(long Id, string Email, IReadOnlyList<string> Roles, string? PasswordHash, DateTimeOffset CreatedAt);

/// <summary>One line of the append-only audit log.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string? Actor, string Action, string? Subject, string? Detail, string? Client);

/// <summary>
/// Users, API tokens and the audit log of one workspace, in the workspace's own store file (the
/// same SQLite database as the facts, schema step 3). Tokens are kept only as SHA-256 hashes;
/// the audit log has an append path and no other (triggers refuse updates and deletes). Safe to
/// call from several threads: one connection, one lock.
/// </summary>
public sealed class SqliteAccessStore : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly TimeProvider clock;
    private readonly Lock gate = new();

    private SqliteAccessStore(SqliteConnection connection, TimeProvider clock)
    {
        this.connection = connection;
        this.clock = clock;
    }

    /// <summary>Opens (and migrates) the store file at <paramref name="databasePath"/>.</summary>
    public static SqliteAccessStore Open(string databasePath, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        return new SqliteAccessStore(SqliteWorkspaceStore.OpenMigrated(databasePath, timeProvider), timeProvider);
    }

    /// <summary>Adds a user; an email already taken (case-insensitively) is refused with <see cref="InvalidOperationException"/>.</summary>
    public StoredUser AddUser(string email, IReadOnlyList<string> roles, string? passwordHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(email);
        ArgumentNullException.ThrowIfNull(roles);
        var createdAt = clock.GetUtcNow();
        lock (gate)
        {
            if (FindUserByEmailLocked(email) is not null)
            {
                throw new InvalidOperationException($"a user with the email '{email}' already exists in this workspace");
            }

            var id = Scalar(
                "INSERT INTO users (email, roles, password_hash, created_at) VALUES ($e, $r, $p, $c) RETURNING id",
                ("$e", email.Trim()), ("$r", string.Join(',', roles)), ("$p", (object?)passwordHash ?? DBNull.Value), ("$c", SqliteWorkspaceStore.Stamp(createdAt)));
            return new StoredUser(id, email.Trim(), [.. roles], passwordHash, createdAt);
        }
    }

    public StoredUser? FindUserByEmail(string email)
    {
        lock (gate)
        {
            return FindUserByEmailLocked(email);
        }
    }

    public StoredUser? FindUserById(long id)
    {
        lock (gate)
        {
            return ReadUser("SELECT id, email, roles, password_hash, created_at FROM users WHERE id = $k", id);
        }
    }

    public IReadOnlyList<StoredUser> Users()
    {
        lock (gate)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, email, roles, password_hash, created_at FROM users ORDER BY id";
            using var reader = command.ExecuteReader();
            var users = new List<StoredUser>();
            while (reader.Read())
            {
                users.Add(User(reader));
            }

            return users;
        }
    }

    /// <summary>Stores the SHA-256 hash (hex) of a token for a user; the token itself is never stored.</summary>
    public void AddToken(long userId, string tokenSha256Hex)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tokenSha256Hex);
        lock (gate)
        {
            Scalar(
                "INSERT INTO api_tokens (user_id, token_sha256, created_at) VALUES ($u, $h, $c) RETURNING id",
                ("$u", userId), ("$h", tokenSha256Hex), ("$c", SqliteWorkspaceStore.Stamp(clock.GetUtcNow())));
        }
    }

    /// <summary>The user owning the token with this SHA-256 hash (hex), or null.</summary>
    public StoredUser? FindUserByTokenHash(string tokenSha256Hex)
    {
        lock (gate)
        {
            return ReadUser(
                "SELECT u.id, u.email, u.roles, u.password_hash, u.created_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_sha256 = $k",
                tokenSha256Hex);
        }
    }

    /// <summary>Appends one audit line, stamped now. There is no way to change or remove one.</summary>
    public long Append(string? actor, string action, string? subject = null, string? detail = null, string? client = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        lock (gate)
        {
            return Scalar(
                "INSERT INTO audit_log (at, actor, action, subject, detail, client) VALUES ($a, $u, $x, $s, $d, $c) RETURNING id",
                ("$a", SqliteWorkspaceStore.Stamp(clock.GetUtcNow())), ("$u", (object?)actor ?? DBNull.Value), ("$x", action),
                ("$s", (object?)subject ?? DBNull.Value), ("$d", (object?)detail ?? DBNull.Value), ("$c", (object?)client ?? DBNull.Value));
        }
    }

    /// <summary>Audit lines, newest first, with the total count for paging.</summary>
    public (IReadOnlyList<AuditEntry> Entries, long Total) Audit(int limit, int offset)
    {
        lock (gate)
        {
            var total = Scalar("SELECT COUNT(*) FROM audit_log");
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT id, at, actor, action, subject, detail, client FROM audit_log ORDER BY id DESC LIMIT $n OFFSET $o";
            command.Parameters.AddWithValue("$n", limit);
            command.Parameters.AddWithValue("$o", offset);
            using var reader = command.ExecuteReader();
            var entries = new List<AuditEntry>();
            while (reader.Read())
            {
                entries.Add(new AuditEntry(
                    reader.GetInt64(0), SqliteWorkspaceStore.ParseStamp(reader.GetString(1)), Optional(reader, 2), reader.GetString(3),
                    Optional(reader, 4), Optional(reader, 5), Optional(reader, 6)));
            }

            return (entries, total);
        }
    }

    public void Dispose() => connection.Dispose();

    private StoredUser? FindUserByEmailLocked(string email) =>
        ReadUser("SELECT id, email, roles, password_hash, created_at FROM users WHERE email = $k COLLATE NOCASE", email.Trim());

    private StoredUser? ReadUser(string sql, object key)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$k", key);
        using var reader = command.ExecuteReader();
        return reader.Read() ? User(reader) : null;
    }

    private static StoredUser User(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2).Split(',', StringSplitOptions.RemoveEmptyEntries),
        Optional(reader, 3), SqliteWorkspaceStore.ParseStamp(reader.GetString(4)));

    private static string? Optional(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
