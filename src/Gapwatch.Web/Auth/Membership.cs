using System.Globalization;
using System.Security.Claims;

namespace Gapwatch.Web.Auth;

/// <summary>A signed-in caller's standing in one workspace: their user id there and their roles.</summary>
public sealed record Membership(string WorkspaceId, long UserId, IReadOnlyList<string> Roles)
{
    public const string ClaimType = "gapwatch:membership";

    /// <summary>How the caller authenticated: <c>cookie</c> or <c>token</c>.</summary>
    public const string MethodClaimType = "gapwatch:auth";

    public Claim ToClaim() => new(ClaimType, $"{WorkspaceId}|{UserId.ToString(CultureInfo.InvariantCulture)}|{string.Join(',', Roles)}");

    public static IReadOnlyList<Membership> Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return [.. user.FindAll(ClaimType).Select(c => Parse(c.Value)).OfType<Membership>()];
    }

    /// <summary>The caller's membership of a workspace, or null (the caller then gets 404, as if it did not exist).</summary>
    public static Membership? In(ClaimsPrincipal user, string workspaceId) =>
        Of(user).FirstOrDefault(m => string.Equals(m.WorkspaceId, workspaceId, StringComparison.Ordinal));

    public static ClaimsPrincipal Principal(string email, string method, string scheme, IEnumerable<Membership> memberships)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, email), new(MethodClaimType, method) };
        claims.AddRange(memberships.Select(m => m.ToClaim()));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private static Membership? Parse(string value)
    {
        var parts = value.Split('|');
        return parts.Length == 3 && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new Membership(parts[0], id, parts[2].Split(',', StringSplitOptions.RemoveEmptyEntries))
            : null;
    }
}
