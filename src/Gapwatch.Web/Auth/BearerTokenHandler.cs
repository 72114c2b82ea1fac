using System.Text.Encodings.Web;
using Gapwatch.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Gapwatch.Web.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;token&gt;</c>: the token's SHA-256 is looked up in each served
/// workspace's store; the caller becomes a member of the one workspace that issued it. The token
/// itself is never logged or kept.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    WorkspaceRegistry workspaces) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    public static bool HasBearer(Microsoft.AspNetCore.Http.HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!HasBearer(Request))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        if (token.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.Fail("empty bearer token"));
        }

        var hash = Credentials.HashToken(token);
        foreach (var workspace in workspaces.All)
        {
            if (workspace.Access.FindUserByTokenHash(hash) is { } user)
            {
                var principal = Membership.Principal(user.Email, "token", SchemeName, [new Membership(workspace.Id, user.Id, user.Roles)]);
                return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
            }
        }

        return Task.FromResult(AuthenticateResult.Fail("unknown bearer token"));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = 401;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }
}
