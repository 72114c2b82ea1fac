using System.Text;
using System.Text.Json;
using Gapwatch.Connectors.Dataverse;
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

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// The real Dataverse paging bodies from the Power Apps docs (CC-BY-4.0, copied into
/// tests/data/fixtures/dataverse) parse into the connector's rows, and their <c>$skiptoken</c>
/// paging cookie reaches the server exactly as Dataverse wrote it when the client follows the link.
/// </summary>
public sealed class DataverseRealFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "dataverse");

    [Fact]
    public void Folder_HoldsOnlyFixturesOfItsSourcesFile()
    {
        var sources = File.ReadAllText(Path.Combine(Folder, "SOURCES.md"));
        var files = Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).ToList();
        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.Contains($"`dataverse/{f}`", sources, StringComparison.Ordinal));
        Assert.Contains("CC-BY-4.0", sources, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("contacts-page1-nextlink.json", "Yvonne McKay (sample)", "pagenumber=%222%22")]
    [InlineData("contacts-page2-nextlink.json", "Nancy Anderson (sample)", "pagenumber=%223%22")]
    public async Task Page_ParsesIntoRows_WithTheSkipTokenCookie(string file, string firstName, string cookie)
    {
        await using var body = File.OpenRead(Path.Combine(Folder, file));

        var page = await JsonSerializer.DeserializeAsync(body, DataverseJson.Default.ODataEnvelopeDataverseRow);

        Assert.NotNull(page?.Value);
        Assert.Equal(2, page.Value.Count);
        Assert.Equal(firstName, page.Value[0].FullName);
        Assert.All(page.Value, r => Assert.True(Guid.TryParse(r.ContactId, out _)));
        Assert.Contains("$skiptoken=%3Ccookie%20" + cookie, page.NextLink, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NextLink_IsFollowedUnmodified()
    {
        var clock = new AutoAdvancingClock(new DateTimeOffset(2026, 4, 14, 12, 0, 0, TimeSpan.Zero));
        var scopes = new List<string>();
        var issuer = new EntraTokenIssuer("contoso", [new EntraApplication("app", "s3cret-value", scopes)], clock);
        var queries = new List<string>();
        string? origin = null;
        await using var host = await SimulatorHost.StartAsync(app =>
        {
            issuer.Map(app);
            app.MapGet("/api/data/v9.2/contacts", async context =>
            {
                queries.Add(context.Request.QueryString.Value ?? "");
                var file = context.Request.Query.ContainsKey("$skiptoken") ? "contacts-page2-nextlink.json" : "contacts-page1-nextlink.json";
                var text = (await File.ReadAllTextAsync(Path.Combine(Folder, file))).Replace("[Organization URI]", origin, StringComparison.Ordinal);
                if (file.Contains("page2", StringComparison.Ordinal))
                {
                    // The last page has no next link.
                    text = text[..text.IndexOf(",\n    \"@odata.nextLink\"", StringComparison.Ordinal)].TrimEnd() + "\n}";
                }

                context.Response.ContentType = "application/json; odata.metadata=minimal";
                await context.Response.WriteAsync(text, Encoding.UTF8);
            });
        }, context => FaultAnswers.Write(context, 404, "", "text/plain"));
        origin = host.Address.GetLeftPart(UriPartial.Authority);
        scopes.Add(origin + "/.default");
        var services = new ServiceCollection().AddSingleton<TimeProvider>(clock);
        services.AddConnectorResilience(new ConnectorHttpOptions());
        services.AddConnectorHttpClient("fixture");
        await using var provider = services.BuildServiceProvider();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient("fixture");
        var metrics = provider.GetRequiredService<ConnectorMetrics>();
        using var tokens = new EntraTokenSource(http, new EntraCredentials(host.Address, "contoso", "app", "s3cret-value", origin + "/.default"), clock, metrics);
        var client = new ODataClient(http, tokens, new ODataService(host.Address, "Dataverse", new RefusalAdvice { Unauthorized = "-", Forbidden = "-", NotFound = "-" }), metrics);

        var first = await client.GetPageAsync(new Uri(host.Address, "api/data/v9.2/contacts?$select=fullname"), 2, "contacts", Read, CancellationToken.None);
        var second = await client.GetPageAsync(first.NextLink!, 2, "contacts", Read, CancellationToken.None);

        Assert.Null(second.NextLink);
        var fixture = await File.ReadAllTextAsync(Path.Combine(Folder, "contacts-page1-nextlink.json"));
        var link = JsonDocument.Parse(fixture).RootElement.GetProperty("@odata.nextLink").GetString()!;
        Assert.Equal(link[link.IndexOf('?', StringComparison.Ordinal)..], queries[1]);
        Assert.Equal(["Yvonne McKay (sample)", "Susanna Stubberod (sample)", "Nancy Anderson (sample)", "Maria Campbell (sample)"],
            first.Rows.Concat(second.Rows).Select(r => r.FullName));
    }

    private static ValueTask<ODataEnvelope<DataverseRow>?> Read(Stream body, CancellationToken cancellationToken) =>
        JsonSerializer.DeserializeAsync(body, DataverseJson.Default.ODataEnvelopeDataverseRow, cancellationToken);
}
