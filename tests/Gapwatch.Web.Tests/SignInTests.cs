using System.Net;
using System.Text.Json;

namespace Gapwatch.Web.Tests;

/// <summary>
/// Cookie sign-in with antiforgery, rate-limited per client and per account, on a server of its
/// own per test (the limits are state). Time moves only on the fake clock.
/// </summary>
public sealed class SignInTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync(o => o with { SignInPermitsPerClient = 8, SignInPermitsPerAccount = 5, LockoutFailures = 3 });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task SignIn_WithAntiforgery_SetsASecureHttpOnlyCookie_ThatReadsTheApi()
    {
        var session = new Session(server);
        var response = await session.SignInAsync("finance@alpha.test", TestServer.Password);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("gapwatch.session=", StringComparison.Ordinal));
        Assert.Contains("secure", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        using var cards = await session.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards/revenue_gap");
        Assert.Equal(HttpStatusCode.OK, cards.StatusCode);
        using var other = await session.SendAsync(HttpMethod.Get, "/api/v1/workspaces/beta/cards");
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        var (_, audit) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit", "owner@alpha.test");
        Assert.Contains(audit.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "sign_in.succeeded"
            && e.GetProperty("subject").GetString() == "finance@alpha.test" && e.GetProperty("client").GetString() == "127.0.0.1");
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgery_Is400()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "finance@alpha.test", ["password"] = TestServer.Password });
        using var response = await server.Http.PostAsync("/account/sign-in", form);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie") && response.Headers.GetValues("Set-Cookie").Any(c => c.StartsWith("gapwatch.session", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CookieCalls_ThatChangeState_NeedTheAntiforgeryToken_BearerCallsDoNot()
    {
        var session = new Session(server);
        Assert.Equal(HttpStatusCode.NoContent, (await session.SignInAsync("owner@alpha.test", TestServer.Password)).StatusCode);
        using var forged = await session.SendAsync(HttpMethod.Post, "/api/v1/workspaces/alpha/refresh");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        using var guarded = await session.SendAsync(HttpMethod.Post, "/api/v1/workspaces/alpha/refresh", await session.TokenAsync());
        Assert.Equal(HttpStatusCode.OK, guarded.StatusCode);
        using var bearer = await server.SendAsync(HttpMethod.Post, "/api/v1/workspaces/alpha/refresh", "owner@alpha.test");
        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
    }

    [Fact]
    public async Task WrongPassword_Is401_AndAudited()
    {
        var session = new Session(server);
        var response = await session.SignInAsync("finance@alpha.test", "not the password at all");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var (_, audit) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit", "owner@alpha.test");
        Assert.Contains(audit.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "sign_in.failed"
            && e.GetProperty("subject").GetString() == "finance@alpha.test");
    }

    [Fact]
    public async Task RepeatedFailures_LockTheAccount_WithTheSameAnswerWhetherItExistsOrNot()
    {
        var answers = new Dictionary<string, string>();
        foreach (var email in new[] { "finance@alpha.test", "nobody@alpha.test" })
        {
            var session = new Session(server);
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.Unauthorized, (await session.SignInAsync(email, "wrong password " + i)).StatusCode);
            }

            // Locked now: even the right password is refused, and the answer cannot tell an account from none.
            var locked = await session.SignInAsync(email, TestServer.Password);
            Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
            using var problem = JsonDocument.Parse(await locked.Content.ReadAsStringAsync());
            answers[email] = problem.RootElement.GetProperty("detail").GetString()!;
        }

        Assert.Equal(answers["finance@alpha.test"], answers["nobody@alpha.test"]);
        server.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.NoContent, (await new Session(server).SignInAsync("finance@alpha.test", TestServer.Password)).StatusCode);
    }

    [Fact]
    public async Task OneAccount_IsRateLimited_EvenWithTheRightPassword_UntilTheWindowPasses()
    {
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await new Session(server).SignInAsync("owner@alpha.test", TestServer.Password)).StatusCode);
        }

        var limited = await new Session(server).SignInAsync("OWNER@alpha.test", TestServer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await new Session(server).SignInAsync("finance@alpha.test", TestServer.Password)).StatusCode);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NoContent, (await new Session(server).SignInAsync("owner@alpha.test", TestServer.Password)).StatusCode);
    }

    [Fact]
    public async Task OneClient_IsRateLimited_AcrossAccounts_UntilTheWindowPasses()
    {
        var session = new Session(server);
        for (var i = 0; i < 8; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.SignInAsync($"user{i}@alpha.test", "wrong password")).StatusCode);
        }

        var limited = await session.SignInAsync("owner@alpha.test", TestServer.Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.NoContent, (await session.SignInAsync("owner@alpha.test", TestServer.Password)).StatusCode);
    }

    /// <summary>A browser-like session: it keeps the cookies it is given and sends them back.</summary>
    private sealed class Session(TestServer server)
    {
        private readonly Dictionary<string, string> cookies = new(StringComparer.Ordinal);

        public async Task<string> TokenAsync()
        {
            using var response = await SendAsync(HttpMethod.Get, "/account/antiforgery");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return body.RootElement.GetProperty("token").GetString()!;
        }

        public async Task<HttpResponseMessage> SignInAsync(string email, string password)
        {
            var token = await TokenAsync();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["email"] = email, ["password"] = password, ["__RequestVerificationToken"] = token,
                }),
            };
            return await SendAsync(request);
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? antiforgeryToken = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (antiforgeryToken is not null)
            {
                request.Headers.Add("X-CSRF-TOKEN", antiforgeryToken);
            }

            return await SendAsync(request);
        }

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await server.Http.SendAsync(request);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    var pair = setCookie.Split(';')[0];
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    cookies[pair[..equals]] = pair[(equals + 1)..];
                }
            }

            return response;
        }
    }
}

/// <summary>The API is rate-limited per caller (here 3 requests a minute, to see it), on the fake clock.</summary>
public sealed class ApiRateLimitTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync(o => o with { ApiPermitsPerCaller = 3 });

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task OneCaller_IsLimited_OthersAreNot_UntilTheWindowPasses()
    {
        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards", "finance@alpha.test");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        using var other = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards", "owner@alpha.test");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        server.Clock.Advance(TimeSpan.FromMinutes(1));
        using var again = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
