using System.Net;

namespace Gapwatch.Web.Tests;

/// <summary>
/// Walks EVERY endpoint the app maps: unauthenticated gets 401; a member of alpha gets 404 on
/// every route of beta (as if it did not exist, not 403); marketing gets 403 where its role does
/// not reach; and every answer carries the security headers.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed class EndpointSecurityTests(SharedServer shared)
{
    /// <summary>The only routes open without signing in.</summary>
    private static readonly HashSet<string> Anonymous = new(StringComparer.Ordinal)
    {
        "GET /account/antiforgery",
        "POST /account/sign-in",
        "GET /static/gapwatch.css",
        "GET /sign-in",
        "POST /sign-in",
    };

    /// <summary>
    /// What marketing (a role that sees two customer cards, not the revenue gap) gets on each
    /// workspace route of its own workspace, asked about the revenue gap where a card is named.
    /// A new route must be added here: the test fails until it is.
    /// </summary>
    private static readonly Dictionary<string, HttpStatusCode> Marketing = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/workspaces/{workspace}/"] = HttpStatusCode.OK,
        ["GET /api/v1/workspaces/{workspace}/cards"] = HttpStatusCode.OK,
        ["GET /api/v1/workspaces/{workspace}/cards/{key}"] = HttpStatusCode.Forbidden,
        ["GET /api/v1/workspaces/{workspace}/cards/{key}/snapshots"] = HttpStatusCode.Forbidden,
        ["GET /api/v1/workspaces/{workspace}/cards/{key}/export"] = HttpStatusCode.Forbidden,
        ["GET /api/v1/workspaces/{workspace}/alerts"] = HttpStatusCode.OK,
        ["POST /api/v1/workspaces/{workspace}/refresh"] = HttpStatusCode.Forbidden,
        ["GET /api/v1/workspaces/{workspace}/audit"] = HttpStatusCode.Forbidden,
        ["GET /w/{workspace}"] = HttpStatusCode.OK,
        ["GET /w/{workspace}/cards/{key}"] = HttpStatusCode.Forbidden,
        ["GET /w/{workspace}/alerts"] = HttpStatusCode.OK,
        ["POST /w/{workspace}/refresh"] = HttpStatusCode.Forbidden,
    };

    private readonly TestServer server = shared.Server;

    [Fact]
    public void TheWalk_FindsTheApi()
    {
        var routes = EndpointWalk.Routes(server.Server).Select(r => r.ToString()).ToList();
        Assert.Contains("GET /api/v1/workspaces/{workspace}/cards/{key}", routes);
        Assert.Contains("POST /api/v1/workspaces/{workspace}/refresh", routes);
        Assert.Contains("GET /openapi/{documentName}.json", routes);
        Assert.Equal(Anonymous.Order(), routes.Where(r => EndpointWalk.Routes(server.Server).Single(x => x.ToString() == r).Anonymous).Order());
    }

    [Fact]
    public async Task EveryEndpoint_Unauthenticated_Is401Problem_ExceptSignIn()
    {
        foreach (var route in EndpointWalk.Routes(server.Server).Where(r => !Anonymous.Contains(r.ToString())))
        {
            using var response = await server.SendAsync(new HttpMethod(route.Method), route.Path("alpha", "revenue_gap"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            SecurityHeaderTests.AssertHeaders(response, route.ToString());
        }
    }

    [Fact]
    public async Task EveryEndpoint_WithAnUnknownToken_Is401()
    {
        foreach (var route in EndpointWalk.Routes(server.Server).Where(r => !r.Anonymous))
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Path("alpha", "revenue_gap"));
            request.Headers.Authorization = new("Bearer", "gw_not-a-token-anyone-was-given");
            using var response = await server.Http.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task EveryWorkspaceEndpoint_OfAnotherWorkspace_Is404_NeverForbidden()
    {
        var workspaceRoutes = EndpointWalk.Routes(server.Server).Where(r => r.InWorkspace).ToList();
        Assert.NotEmpty(workspaceRoutes);
        foreach (var route in workspaceRoutes)
        {
            foreach (var (email, other) in new[] { ("owner@alpha.test", "beta"), ("marketing@alpha.test", "beta"), ("finance@beta.test", "alpha") })
            {
                foreach (var card in new[] { "revenue_gap", "customers_absent" })
                {
                    using var response = await server.SendAsync(new HttpMethod(route.Method), route.Path(other, card), email);
                    Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{email} on {route} of {other}: {(int)response.StatusCode}");
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    var body = await response.Content.ReadAsStringAsync();
                    Assert.Contains($"no workspace '{other}'", body, StringComparison.Ordinal);
                }
            }

            // A workspace that does not exist answers exactly alike.
            using var missing = await server.SendAsync(new HttpMethod(route.Method), route.Path("gamma", "revenue_gap"), "owner@alpha.test");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Fact]
    public async Task EveryWorkspaceEndpoint_WrongRole_Is403_WhereTheRoleDoesNotReach()
    {
        var workspaceRoutes = EndpointWalk.Routes(server.Server).Where(r => r.InWorkspace).ToList();
        foreach (var route in workspaceRoutes)
        {
            Assert.True(Marketing.TryGetValue(route.ToString(), out var expected), $"{route} is not classified for the role test: add it to EndpointSecurityTests.Marketing");
            using var response = await server.SendAsync(new HttpMethod(route.Method), route.Path("alpha", "revenue_gap"), "marketing@alpha.test");
            Assert.True(response.StatusCode == expected, $"marketing on {route}: {(int)response.StatusCode}, expected {(int)expected}");
            if (expected == HttpStatusCode.Forbidden)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }
        }

        Assert.Equal(workspaceRoutes.Count, Marketing.Count);
    }

    [Fact]
    public async Task MarketingAskingForTheRevenueGap_Is403_ButSeesItsOwnCards()
    {
        using var gap = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards/revenue_gap", "marketing@alpha.test");
        Assert.Equal(HttpStatusCode.Forbidden, gap.StatusCode);
        using var own = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards/b2b_customers_absent_sync", "marketing@alpha.test");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using var admin = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards/customers_absent", "admin@alpha.test");
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }
}
