using Gapwatch.Web.Hosting;
using Gapwatch.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Auth;

/// <summary>
/// Cookie sign-in for the pages (the page itself comes later): an antiforgery token, then a form
/// post of email and password. Rate-limited per client address (the rate limiter) and per account
/// (<see cref="AccountLockout"/>); a locked account and an unknown one answer alike.
/// </summary>
public static class AccountEndpoints
{
    public const string SignInPolicy = "sign-in";
    public const string WrongCredentials = "The email or password is not correct.";
    public const string TooManyAttempts = "Too many sign-in attempts. Wait a while and try again.";

    public static void Map(IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").WithTags("account");
        account.MapGet("/antiforgery", Token).AllowAnonymous().WithName("GetAntiforgeryToken")
            .WithSummary("An antiforgery token (and its cookie) for the next unsafe cookie-authenticated request")
            .Produces(200, contentType: "application/json");
        account.MapPost("/sign-in", SignIn).AllowAnonymous().RequireRateLimiting(SignInPolicy).WithName("SignIn")
            .WithSummary("Form post of email and password (with the antiforgery field); sets the session cookie")
            .Produces(204).ProducesProblem(400).ProducesProblem(401).ProducesProblem(429);
        account.MapPost("/sign-out", (Func<HttpContext, Task<IResult>>)SignOut).WithName("SignOut")
            .WithSummary("Ends the cookie session").Produces(204);
    }

    private static IResult Token(HttpContext http, IAntiforgery antiforgery)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return Results.Json(new Dictionary<string, string?>
        {
            ["token"] = tokens.RequestToken,
            ["header_name"] = AntiforgeryGuard.HeaderName,
            ["field_name"] = AntiforgeryGuard.FieldName,
        });
    }

    private static async Task<IResult> SignIn(HttpContext http, WorkspaceRegistry registry, AccountLockout lockout, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Gapwatch.Web.SignIn");
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: 400, title: "Sign-in is a form post", detail: "Send email and password as application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        if (email.Length == 0 || password.Length == 0)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [email.Length == 0 ? "email" : "password"] = ["required"] },
                title: "Email and password are required");
        }

        return await TrySignInAsync(http, email, password, registry, lockout, logger) switch
        {
            SignInOutcome.SignedIn => Results.NoContent(),
            SignInOutcome.TooManyAttempts => Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts", detail: TooManyAttempts),
            _ => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed", detail: WrongCredentials),
        };
    }

    /// <summary>
    /// The sign-in itself (shared by this endpoint and the sign-in page): per-account limits, the
    /// password check in every workspace where the email exists, the session cookie and the audit lines.
    /// </summary>
    internal static async Task<SignInOutcome> TrySignInAsync(HttpContext http, string email, string password, WorkspaceRegistry registry, AccountLockout lockout, ILogger logger)
    {
        var client = Api.ApiEndpoints.Client(http);
        if (!lockout.TryAttempt(email) || lockout.IsLocked(email))
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning("Sign-in refused: too many attempts for one account (client {Client})", client);
            }

            return SignInOutcome.TooManyAttempts;
        }

        var candidates = registry.All.Select(w => (Workspace: w, User: w.Access.FindUserByEmail(email))).Where(x => x.User is not null).ToList();
        var memberships = new List<Membership>();
        if (candidates.Count == 0)
        {
            Credentials.VerifyPassword(null, password);
        }

        foreach (var (workspace, user) in candidates)
        {
            if (Credentials.VerifyPassword(user!.PasswordHash, password))
            {
                memberships.Add(new Membership(workspace.Id, user.Id, user.Roles));
            }
        }

        if (memberships.Count == 0)
        {
            var locked = lockout.Fail(email);
            foreach (var (workspace, _) in candidates)
            {
                workspace.Access.Append(email, "sign_in.failed", email, locked ? "wrong password; account locked" : "wrong password", client);
            }

            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Sign-in failed (client {Client})", client);
            }

            return SignInOutcome.WrongCredentials;
        }

        lockout.Succeed(email);
        var principal = Membership.Principal(email, "cookie", CookieAuthenticationDefaults.AuthenticationScheme, memberships);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        foreach (var member in memberships)
        {
            registry.Find(member.WorkspaceId)!.Access.Append(email, "sign_in.succeeded", email, "cookie", client);
        }

        return SignInOutcome.SignedIn;
    }

    private static async Task<IResult> SignOut(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.NoContent();
    }
}

/// <summary>What a sign-in attempt came to.</summary>
public enum SignInOutcome
{
    SignedIn = 1,
    WrongCredentials = 2,
    TooManyAttempts = 3,
}
