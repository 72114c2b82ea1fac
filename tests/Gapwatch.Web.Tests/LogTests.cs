using System.Net;
using System.Text.Json;

namespace Gapwatch.Web.Tests;

/// <summary>No password, API token, cookie or antiforgery token ever reaches the log, at any level.</summary>
[Collection(ServerGroup.Name)]
public sealed class LogTests(SharedServer shared)
{
    private readonly TestServer server = shared.Server;

    [Fact]
    public async Task Logs_HoldNoSecrets()
    {
        var secrets = new List<string>(server.Tokens.Values) { TestServer.Password };
        using (var antiforgery = await server.Http.GetAsync("/account/antiforgery"))
        {
            using var body = JsonDocument.Parse(await antiforgery.Content.ReadAsStringAsync());
            var token = body.RootElement.GetProperty("token").GetString()!;
            var cookie = antiforgery.Headers.GetValues("Set-Cookie").First().Split(';')[0];
            secrets.Add(token);
            secrets.Add(cookie.Split('=', 2)[1]);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/account/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "owner@alpha.test", ["password"] = TestServer.Password, ["__RequestVerificationToken"] = token }),
            };
            request.Headers.Add("Cookie", cookie);
            using var signedIn = await server.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.NoContent, signedIn.StatusCode);
            secrets.Add(signedIn.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("gapwatch.session=", StringComparison.Ordinal)).Split(';')[0].Split('=', 2)[1]);
        }

        foreach (var email in server.Tokens.Keys)
        {
            using var response = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards", email);
        }

        using (var wrong = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspaces"))
        {
            wrong.Headers.Authorization = new("Bearer", "gw_a-wrong-token-that-must-not-be-logged");
            secrets.Add("gw_a-wrong-token-that-must-not-be-logged");
            using var response = await server.Http.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        var lines = server.Logs.Lines.ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }
}
