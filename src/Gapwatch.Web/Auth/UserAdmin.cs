using Gapwatch.Files.Workspace;
using Gapwatch.Store.Sqlite;

namespace Gapwatch.Web.Auth;

/// <summary>What <c>gapwatch user add</c> created: the user and, when asked, the one showing of a new API token.</summary>
public sealed record AddedUser(StoredUser User, string? Token);

/// <summary>Creates users and tokens in a workspace's store, each creation audited.</summary>
public static class UserAdmin
{
    /// <param name="workspaceDirectory">The workspace folder (holding gapwatch.yaml).</param>
    /// <param name="email">The sign-in email, unique in the workspace (case-insensitively).</param>
    /// <param name="roles">One or more of <see cref="Roles.All"/>.</param>
    /// <param name="password">At least 12 characters, or null for a token-only user (who cannot sign in with a cookie).</param>
    /// <param name="issueToken">Also create an API token, returned once and stored only as its SHA-256.</param>
    /// <param name="actor">Who did it, for the audit log.</param>
    /// <param name="clock">The clock.</param>
    public static AddedUser Add(string workspaceDirectory, string email, IReadOnlyList<string> roles, string? password, bool issueToken, string actor, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(roles);
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{email}' is not an email address");
        }

        if (password is null && !issueToken)
        {
            throw new ArgumentException("a user needs a password, an API token (--token), or both");
        }

        var hash = password is null ? null : Credentials.HashPassword(password);
        using var access = SqliteAccessStore.Open(WorkspaceFile.StorePath(Path.GetFullPath(workspaceDirectory)), clock);
        var user = access.AddUser(email, roles, hash);
        access.Append(actor, "user.created", user.Email, $"roles {string.Join(",", user.Roles)}{(hash is null ? ", no password" : "")}");
        string? token = null;
        if (issueToken)
        {
            token = IssueToken(access, user, actor);
        }

        return new AddedUser(user, token);
    }

    /// <summary>A new token for an existing user; only its hash is stored.</summary>
    public static string IssueToken(SqliteAccessStore access, StoredUser user, string actor)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(user);
        var token = Credentials.NewToken();
        access.AddToken(user.Id, Credentials.HashToken(token));
        access.Append(actor, "token.created", user.Email, "API token (only its SHA-256 is stored)");
        return token;
    }
}
