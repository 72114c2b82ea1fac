using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.Entra;

/// <summary>One application registration the simulated tenant knows: its id, its secret, the resources it may ask tokens for.</summary>
public sealed record EntraApplication(string ClientId, string ClientSecret, IReadOnlyList<string> Scopes);

/// <summary>
/// The Microsoft Entra ID token endpoint of one tenant, as the client-credentials flow sees it
/// (<c>POST /{tenant}/oauth2/v2.0/token</c>, form-encoded): access tokens that expire on the
/// simulator's clock, AADSTS error bodies for an unknown tenant, client, secret or scope, and a
/// check the simulated APIs call on every request (<see cref="Validate"/>). Business Central,
/// Finance &amp; Operations and Dataverse simulators share it, as they share Entra in a real tenant:
/// a token is good only for the resource (scope) it was issued for.
/// </summary>
public sealed class EntraTokenIssuer(string tenant, IReadOnlyList<EntraApplication> applications, TimeProvider clock)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, IssuedToken> tokens = [];
    private int issued;

    public string Tenant => tenant;

    /// <summary>How long a token lives (Entra's default is about an hour).</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(60);

    /// <summary>Tokens issued so far (a test of caching counts them).</summary>
    public int Issued
    {
        get
        {
            lock (gate)
            {
                return issued;
            }
        }
    }

    /// <summary>The token URL relative to a simulator's address.</summary>
    public string TokenPath => $"{tenant}/oauth2/v2.0/token";

    /// <summary>Adds the token route to a simulator's host.</summary>
    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/{tenant}/oauth2/v2.0/token", IssueAsync);
    }

    /// <summary>Ends every token now, as when they expire or the secret is rotated; the next API call gets 401.</summary>
    public void ExpireAll()
    {
        lock (gate)
        {
            tokens.Clear();
        }
    }

    /// <summary>Whether the request's bearer token was issued for <paramref name="resource"/> and has not expired.</summary>
    public bool Validate(HttpRequest request, string resource)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        lock (gate)
        {
            return tokens.TryGetValue(header["Bearer ".Length..], out var token)
                && token.ExpiresAt > clock.GetUtcNow()
                && string.Equals(token.Resource, resource, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task IssueAsync(HttpContext context)
    {
        if (!string.Equals(context.Request.RouteValues["tenant"] as string, tenant, StringComparison.OrdinalIgnoreCase))
        {
            await Error(context, 400, "invalid_request", 90002, $"Tenant '{context.Request.RouteValues["tenant"]}' not found.").ConfigureAwait(false);
            return;
        }

        if (!context.Request.HasFormContentType)
        {
            await Error(context, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.").ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (form["grant_type"] != "client_credentials")
        {
            await Error(context, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.").ConfigureAwait(false);
            return;
        }

        var application = applications.FirstOrDefault(a => a.ClientId == form["client_id"]);
        if (application is null)
        {
            await Error(context, 400, "unauthorized_client", 700016, $"Application with identifier '{form["client_id"]}' was not found in the directory '{tenant}'.").ConfigureAwait(false);
            return;
        }

        if (!CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(form["client_secret"].ToString()), System.Text.Encoding.UTF8.GetBytes(application.ClientSecret)))
        {
            await Error(context, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.").ConfigureAwait(false);
            return;
        }

        var scope = form["scope"].ToString();
        var resource = scope.EndsWith("/.default", StringComparison.Ordinal) ? scope[..^"/.default".Length] : null;
        if (resource is null || !application.Scopes.Contains(scope, StringComparer.OrdinalIgnoreCase))
        {
            await Error(context, 400, "invalid_scope", 1002012, $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.").ConfigureAwait(false);
            return;
        }

        var value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        lock (gate)
        {
            issued++;
            tokens[value] = new IssuedToken(resource, clock.GetUtcNow() + Lifetime);
        }

        var seconds = (int)Lifetime.TotalSeconds;
        await FaultAnswers.Write(context, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = seconds,
            ["ext_expires_in"] = seconds,
            ["access_token"] = value,
        }.ToJsonString(), "application/json; charset=utf-8").ConfigureAwait(false);
    }

    private Task Error(HttpContext context, int status, string error, int code, string description) =>
        FaultAnswers.Write(context, status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: 00000000-0000-0000-0000-000000000000 Timestamp: {clock.GetUtcNow():yyyy-MM-dd HH:mm:ssZ}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = clock.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        }.ToJsonString(), "application/json; charset=utf-8");

    private sealed record IssuedToken(string Resource, DateTimeOffset ExpiresAt);
}
