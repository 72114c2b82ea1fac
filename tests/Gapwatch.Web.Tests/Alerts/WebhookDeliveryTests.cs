using System.Net;
using System.Text.Json;
using Gapwatch.Web.Alerts;
using Gapwatch.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Web.Tests.Alerts;

/// <summary>
/// Alerts to webhooks over real Kestrel on loopback: a crossing fires once, signed, retried with
/// one idempotency key; it re-arms; private targets are refused; the outbox survives a crash; no
/// secret reaches the log. Each test awaits the delivery round itself (AlertDispatcher.Idle), never a guessed time.
/// </summary>
public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private const string Secret = "whsec-test-3f9a1c77e2b04d";
    private const string Owner = "owner@alpha.test";
    private const string HookPath = "hooks/T0KEN-in-the-url-must-not-be-logged";
    private TestServer server = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        receiver = await WebhookReceiver.StartAsync(Secret, 500);
        server = await TestServer.StartAsync(o =>
        {
            AlertWorkspaces.Configure(TestServer.AlphaDirectory(Root(o)), everythingFires: false, alertsYaml: null);
            return o with
            {
                Environment = name => name == "GAPWATCH_TEST_WEBHOOK_SECRET" ? Secret : null,
                Webhooks = new WebhookOptions { RetryBaseDelay = TimeSpan.Zero },
            };
        });

        // A quiet refresh first: whatever the seed left firing re-arms, so the next refresh with low thresholds crosses.
        await RefreshAsync();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task Crossing_FiresOnce_SignedSlackJson_RetriedWithTheSameIdempotencyKey()
    {
        await ReconfigureAsync(everythingFires: true, AlertWorkspaces.Webhook(receiver.Address, HookPath));
        using var refreshed = await RefreshAsync();
        var fired = refreshed.RootElement.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("transition").GetString() == "fired").ToList();
        Assert.NotEmpty(fired);

        var received = receiver.Received;
        Assert.All(received, r => Assert.True(r.SignatureValid, "the receiver could not verify the HMAC"));
        var byKey = received.GroupBy(r => r.IdempotencyKey).ToList();
        Assert.Equal(fired.Count, byKey.Count);
        Assert.All(byKey, g => Assert.Equal(200, g.Last().Answered));
        var retried = Assert.Single(byKey, g => g.Count() > 1);
        Assert.Equal([500, 200], retried.Select(r => r.Answered));
        Assert.Equal(fired.Count, received.Count(r => r.Answered == 200));

        using var body = JsonDocument.Parse(received.First(r => r.Answered == 200).Body);
        var card = body.RootElement.GetProperty("gapwatch").GetProperty("card").GetString()!;
        var alert = fired.Single(a => a.GetProperty("card").GetString() == card);
        Assert.Contains(alert.GetProperty("title").GetString()!, body.RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, body.RootElement.GetProperty("blocks").GetArrayLength());
        Assert.Equal($"https://gapwatch.example.com/workspaces/alpha/cards/{card}", body.RootElement.GetProperty("gapwatch").GetProperty("link").GetString());
        Assert.Equal(alert.GetProperty("figure").ToString(), body.RootElement.GetProperty("gapwatch").GetProperty("figure").GetString());
        Assert.Equal(alert.GetProperty("unit").GetString(), body.RootElement.GetProperty("gapwatch").GetProperty("unit").GetString());

        // Nothing changed: no new crossing, no new message.
        using var again = await RefreshAsync();
        Assert.Empty(again.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal(received.Count, receiver.Received.Count);

        var (_, history) = await server.GetJsonAsync("/api/v1/workspaces/alpha/alerts", Owner);
        var delivered = history.RootElement.GetProperty("alerts").EnumerateArray().Where(a => a.GetProperty("transition").GetString() == "fired")
            .Take(fired.Count).SelectMany(a => a.GetProperty("deliveries").EnumerateArray()).ToList();
        Assert.Equal(fired.Count, delivered.Count);
        Assert.All(delivered, d =>
        {
            Assert.Equal("finance", d.GetProperty("webhook").GetString());
            Assert.Equal("delivered", d.GetProperty("status").GetString());
            Assert.Equal(200, d.GetProperty("last_status_code").GetInt32());
        });
        Assert.Equal(byKey.Select(g => g.Key).Order(), delivered.Select(d => d.GetProperty("idempotency_key").GetString()!).Order());

        // The alert history page shows each fired alert's delivery too.
        using var page = server.Request(HttpMethod.Get, "/w/alpha/alerts", Owner);
        page.Headers.Add("Accept", "text/html");
        using var pageResponse = await server.Http.SendAsync(page);
        var html = await pageResponse.Content.ReadAsStringAsync();
        Assert.Equal(fired.Count, html.Split("<td data-testid=\"delivery\">finance: delivered</td>").Length - 1);

        var lines = server.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("delivered to webhook finance", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("T0KEN-in-the-url", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FigureFallsBack_Rearms_WithoutAMessage_ThenTheNextCrossingFiresAgain()
    {
        var webhook = AlertWorkspaces.Webhook(receiver.Address, HookPath);
        await ReconfigureAsync(everythingFires: true, webhook);
        using var first = await RefreshAsync();
        var fired = first.RootElement.GetProperty("alerts").EnumerateArray().Count(a => a.GetProperty("transition").GetString() == "fired");
        var keys = receiver.Received.Select(r => r.IdempotencyKey).ToHashSet();

        await ReconfigureAsync(everythingFires: false, webhook);
        using var rearmed = await RefreshAsync();
        var transitions = rearmed.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("transition").GetString()).ToList();
        Assert.Equal(fired, transitions.Count);
        Assert.All(transitions, t => Assert.Equal("rearmed", t));
        Assert.Equal(keys.Count, receiver.Received.Select(r => r.IdempotencyKey).Distinct().Count());

        await ReconfigureAsync(everythingFires: true, webhook);
        using var again = await RefreshAsync();
        Assert.Equal(fired, again.RootElement.GetProperty("alerts").EnumerateArray().Count(a => a.GetProperty("transition").GetString() == "fired"));
        var newKeys = receiver.Received.Select(r => r.IdempotencyKey).Where(k => !keys.Contains(k)).Distinct().ToList();
        Assert.Equal(fired, newKeys.Count);
    }

    [Fact]
    public async Task PrivateTarget_IsRefused_AndTheHistorySaysWhy()
    {
        var https = new UriBuilder(receiver.Address) { Scheme = "https" }.Uri;
        await ReconfigureAsync(everythingFires: true, AlertWorkspaces.Webhook(https, HookPath, allowPrivate: false));
        using var refreshed = await RefreshAsync();
        Assert.NotEmpty(refreshed.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Empty(receiver.Received);

        var (_, history) = await server.GetJsonAsync("/api/v1/workspaces/alpha/alerts?limit=1", Owner);
        var delivery = Assert.Single(history.RootElement.GetProperty("alerts")[0].GetProperty("deliveries").EnumerateArray());
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Contains("loopback, private or link-local", delivery.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttp_ToAPublicHost_IsRefused()
    {
        await ReconfigureAsync(everythingFires: true, AlertWorkspaces.Webhook(new Uri("http://hooks.example.com/"), "hooks/x", allowPrivate: false));
        await RefreshAsync();
        var (_, history) = await server.GetJsonAsync("/api/v1/workspaces/alpha/alerts?limit=1", Owner);
        var delivery = Assert.Single(history.RootElement.GetProperty("alerts")[0].GetProperty("deliveries").EnumerateArray());
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Contains("must use https", delivery.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrashAfterRefreshBeforeDelivery_TheOutboxDeliversAtStart_Once()
    {
        var alpha = TestServer.AlphaDirectory(server.Root);
        await server.RestartAsync(o =>
        {
            // Between the two servers, `gapwatch refresh` (no server) records a crossing: it is in the outbox only.
            AlertWorkspaces.Configure(alpha, everythingFires: true, AlertWorkspaces.Webhook(receiver.Address, HookPath));
            using var workspace = GapwatchWorkspace.Open(alpha, server.Clock);
            Assert.NotEmpty(workspace.Refresh().Alerts);
            Assert.NotEmpty(workspace.PendingDeliveries(100));
            return o;
        });
        await server.Server.Services.GetRequiredService<AlertDispatcher>().StartRound.WaitAsync(TimeSpan.FromSeconds(60));

        var received = receiver.Received;
        Assert.NotEmpty(received);
        Assert.Equal(received.Select(r => r.IdempotencyKey).Distinct().Count(), received.Count(r => r.Answered == 200));
        using var workspace = GapwatchWorkspace.Open(alpha, server.Clock);
        Assert.Empty(workspace.PendingDeliveries(100));
    }

    private static string Root(ServeOptions options) => Path.GetDirectoryName(options.Workspaces[0])!;

    private async Task ReconfigureAsync(bool everythingFires, string alertsYaml) =>
        await server.RestartAsync(o =>
        {
            AlertWorkspaces.Configure(TestServer.AlphaDirectory(server.Root), everythingFires, alertsYaml);
            return o;
        });

    private async Task<JsonDocument> RefreshAsync()
    {
        using var response = await server.SendAsync(HttpMethod.Post, "/api/v1/workspaces/alpha/refresh", Owner);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);

        // Refresh-now delivers in the background: wait for that round, not for a guessed time.
        await server.Server.Services.GetRequiredService<AlertDispatcher>().Idle("alpha").WaitAsync(TimeSpan.FromSeconds(60));
        return JsonDocument.Parse(text);
    }
}
