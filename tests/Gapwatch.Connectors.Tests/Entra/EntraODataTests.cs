using System.Text.Json;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;
using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;
using Gapwatch.Testing.Time;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.Entra;

/// <summary>
/// The shared pieces of the Microsoft connectors over real HTTP: client-credentials tokens from the
/// simulated Entra endpoint (cached, renewed, refusals classified) and OData paging (next links
/// followed, a 401 replayed once with a fresh token, a next link to another host refused).
/// </summary>
public sealed class EntraODataTests : IAsyncLifetime
{
    private const string Resource = "https://api.example.test";
    private readonly AutoAdvancingClock clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly ServiceProvider services;
    private EntraTokenIssuer issuer = null!;
    private SimulatorHost host = null!;
    private int rowsRequests;

    public EntraODataTests()
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(clock);
        collection.AddConnectorResilience(new ConnectorHttpOptions { MaxRetryAttempts = 1, BaseDelay = TimeSpan.FromMilliseconds(1) });
        collection.AddConnectorHttpClient("test");
        services = collection.BuildServiceProvider();
    }

    private ConnectorMetrics Metrics => services.GetRequiredService<ConnectorMetrics>();

    public async Task InitializeAsync()
    {
        issuer = new EntraTokenIssuer("contoso", [new EntraApplication("app-1", "s3cret-value", [Resource + "/.default"])], clock);
        host = await SimulatorHost.StartAsync(app =>
        {
            issuer.Map(app);
            app.MapGet("/rows", ServeRows);
        }, context => FaultAnswers.Write(context, 404, """{"error":{"code":"BadRequest_NotFound","message":"No such resource."}}""", "application/json"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await services.DisposeAsync();
    }

    [Fact]
    public async Task Token_IsCachedUntilNearExpiry_ThenRenewed()
    {
        using var tokens = Tokens("s3cret-value");

        var first = await tokens.GetAsync(CancellationToken.None);
        Assert.Equal(first, await tokens.GetAsync(CancellationToken.None));
        Assert.Equal(1, issuer.Issued);

        clock.Fake.Advance(TimeSpan.FromMinutes(56));
        Assert.NotEqual(first, await tokens.GetAsync(CancellationToken.None));
        Assert.Equal(2, issuer.Issued);
    }

    [Fact]
    public async Task WrongSecret_NeedsReauthentication_AndTheSecretIsInNoMessage()
    {
        using var tokens = Tokens("wrong-secret-value");

        var failure = await Assert.ThrowsAsync<SyncException>(() => tokens.GetAsync(CancellationToken.None));

        Assert.Equal(SyncErrorKind.NeedsReauthentication, failure.Kind);
        Assert.Contains("AADSTS7000215", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopeOfAnotherResource_IsPermanent()
    {
        using var tokens = Tokens("s3cret-value", "https://other.example.test/.default");

        var failure = await Assert.ThrowsAsync<SyncException>(() => tokens.GetAsync(CancellationToken.None));

        Assert.Equal(SyncErrorKind.Permanent, failure.Kind);
        Assert.Contains("AADSTS1002012", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_FollowNextLinks_AndA401IsReplayedOnceWithAFreshToken()
    {
        using var tokens = Tokens("s3cret-value");
        var client = Client(tokens);
        var rows = new List<int>();
        Uri? next = new(host.Address, "rows");
        var pages = 0;
        while (next is not null)
        {
            if (pages == 1)
            {
                issuer.ExpireAll(); // revoked mid-run: the second page gets a 401 first
            }

            var page = await client.GetPageAsync<Row>(next, 2, "test rows", Deserialize, CancellationToken.None);
            rows.AddRange(page.Rows.Select(r => r.N));
            next = page.NextLink;
            pages++;
        }

        Assert.Equal([1, 2, 3, 4, 5], rows);
        Assert.Equal(3, pages);
        Assert.Equal(2, issuer.Issued);
        Assert.Equal(4, rowsRequests); // three pages and one refused replay
    }

    [Fact]
    public async Task NextLinkToAnotherHost_IsRefusedBeforeAnyRequest()
    {
        using var tokens = Tokens("s3cret-value");
        var client = Client(tokens);

        var failure = await Assert.ThrowsAsync<SyncException>(() =>
            client.GetPageAsync<Row>(new Uri("http://attacker.example.test/rows"), 2, "test rows", Deserialize, CancellationToken.None));

        Assert.Equal(SyncErrorKind.Permanent, failure.Kind);
        Assert.Equal(0, issuer.Issued);
    }

    [Fact]
    public async Task ODataErrorBody_IsNamedInTheFailure()
    {
        using var tokens = Tokens("s3cret-value");
        var client = Client(tokens);

        var failure = await Assert.ThrowsAsync<SyncException>(() =>
            client.GetPageAsync<Row>(new Uri(host.Address, "missing"), 2, "test rows", Deserialize, CancellationToken.None));

        Assert.Equal(SyncErrorKind.Permanent, failure.Kind);
        Assert.Contains("BadRequest_NotFound: No such resource.", failure.Message, StringComparison.Ordinal);
    }

    private static ValueTask<ODataEnvelope<Row>?> Deserialize(Stream body, CancellationToken cancellationToken) =>
        JsonSerializer.DeserializeAsync<ODataEnvelope<Row>>(body, JsonSerializerOptions.Web, cancellationToken);

    private Task ServeRows(HttpContext context)
    {
        Interlocked.Increment(ref rowsRequests);
        if (!issuer.Validate(context.Request, Resource))
        {
            return FaultAnswers.Write(context, 401, """{"error":{"code":"Authentication_InvalidCredentials","message":"The credentials provided are incorrect"}}""", "application/json");
        }

        var size = int.Parse(context.Request.Headers["Prefer"].ToString().Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
        var from = int.TryParse(context.Request.Query["$skiptoken"], out var skip) ? skip : 0;
        var values = Enumerable.Range(from + 1, Math.Min(size, 5 - from)).Select(n => $"{{\"n\":{n}}}");
        var next = from + size < 5 ? $",\"@odata.nextLink\":\"{host.Address}rows?$skiptoken={from + size}\"" : "";
        return FaultAnswers.Write(context, 200, $"{{\"@odata.context\":\"x\",\"value\":[{string.Join(',', values)}]{next}}}", "application/json; odata.metadata=minimal");
    }

    private EntraTokenSource Tokens(string secret, string scope = Resource + "/.default") =>
        new(services.GetRequiredService<IHttpClientFactory>().CreateClient("test"), new EntraCredentials(host.Address, "contoso", "app-1", secret, scope), clock, Metrics);

    private ODataClient Client(EntraTokenSource tokens) =>
        new(services.GetRequiredService<IHttpClientFactory>().CreateClient("test"), tokens,
            new ODataService(host.Address, "Test service", new RefusalAdvice { Unauthorized = "reconnect", Forbidden = "grant read", NotFound = "check the URL" }), Metrics);

    private sealed record Row(int N);
}
