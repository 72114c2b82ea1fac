using System.Net;
using System.Text.Json;
using Gapwatch.Cli.Commands;
using Gapwatch.Cli.Commands.Demo;
using Spectre.Console.Testing;

namespace Gapwatch.Cli.Tests.Demo;

/// <summary>
/// The end of <c>gapwatch demo</c>: a demo user with a generated password and the dashboard on
/// 127.0.0.1; a finance user signs in with those and reads the wall. (The command itself then
/// waits for Ctrl+C; <c>--no-serve</c> stops after the wall, as every other demo test does.)
/// </summary>
public sealed class DemoDashboardTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-demo-serve-").FullName;
    private readonly CliRunner cli = new();

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Demo_ServesTheDashboard_AndTheDemoSignInOpensTheWall()
    {
        var dir = Path.Combine(scratch, "demo");
        var built = cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir, "--orders", "2000", DemoCommand.ImportOnlyOption);
        Assert.True(built.ExitCode == 0, built.Error);
        Assert.DoesNotContain(DemoDashboard.Email, built.Output, StringComparison.Ordinal);

        var context = new CliContext(new StringWriter(), new StringWriter(), new TestConsole(), cli.Clock);
        var (server, password) = await DemoDashboard.StartAsync(context, dir, 0, CancellationToken.None);
        await using (server)
        {
            Assert.Equal(IPAddress.Loopback.ToString(), server.Address.Host);
            Assert.True(password.Length >= 12);
            using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server.Address };
            var cookies = new Dictionary<string, string>(StringComparer.Ordinal);
            async Task<HttpResponseMessage> Send(HttpRequestMessage request)
            {
                if (cookies.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
                }

                var response = await http.SendAsync(request);
                foreach (var setCookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
                {
                    var pair = setCookie.Split(';')[0];
                    cookies[pair[..pair.IndexOf('=', StringComparison.Ordinal)]] = pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..];
                }

                return response;
            }

            using var tokenResponse = await Send(new HttpRequestMessage(HttpMethod.Get, "/account/antiforgery"));
            using var tokenBody = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync());
            using var signIn = await Send(new HttpRequestMessage(HttpMethod.Post, "/sign-in")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["email"] = DemoDashboard.Email, ["password"] = password, ["returnUrl"] = "/w/demo",
                    ["__RequestVerificationToken"] = tokenBody.RootElement.GetProperty("token").GetString()!,
                }),
            });
            Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
            Assert.Equal("/w/demo", signIn.Headers.Location?.ToString());

            using var wallRequest = new HttpRequestMessage(HttpMethod.Get, "/w/demo");
            wallRequest.Headers.Add("Accept", "text/html");
            using var wall = await Send(wallRequest);
            Assert.Equal(HttpStatusCode.OK, wall.StatusCode);
            var html = await wall.Content.ReadAsStringAsync();
            Assert.Contains("data-card=\"revenue_gap\"", html, StringComparison.Ordinal);
            Assert.Contains("data-card=\"customers_absent\"", html, StringComparison.Ordinal);
        }
    }
}
