using System.Net;
using System.Text.Json;

namespace Gapwatch.Web.Tests;

/// <summary>The JSON API over real HTTP: shapes of spec §8, the drill's filters, sorting and paging, and its errors.</summary>
[Collection(ServerGroup.Name)]
public sealed class ApiTests(SharedServer shared)
{
    private const string Finance = "finance@alpha.test";
    private const string Marketing = "marketing@alpha.test";
    private readonly TestServer server = shared.Server;

    [Fact]
    public async Task Workspaces_ListsOnlyTheCallersWorkspaces_WithRoles()
    {
        var (status, body) = await server.GetJsonAsync("/api/v1/workspaces", Finance);
        Assert.Equal(HttpStatusCode.OK, status);
        var workspace = Assert.Single(body.RootElement.GetProperty("workspaces").EnumerateArray());
        Assert.Equal("alpha", workspace.GetProperty("id").GetString());
        Assert.Equal("sage_intacct", workspace.GetProperty("erp").GetString());
        Assert.Equal(["finance"], workspace.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Cards_ShowOnlyTheRolesCards()
    {
        var (_, finance) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", Finance);
        var (_, marketing) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", Marketing);
        var (_, admin) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", "admin@alpha.test");
        Assert.Equal(
            ["customers_absent", "b2b_customers_absent_sync", "customers_absent_blocked", "revenue_gap", "revenue_gap_breakdown"],
            Keys(finance));
        Assert.Equal(["b2b_customers_absent_sync", "customers_absent_blocked"], Keys(marketing));
        Assert.Empty(Keys(admin));
        Assert.False(finance.RootElement.GetProperty("cards")[0].TryGetProperty("rows", out _));
    }

    [Fact]
    public async Task Card_RevenueGap_MatchesTheWorkedExample_AndTheCli()
    {
        var (status, card) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards/revenue_gap", Finance);
        Assert.Equal(HttpStatusCode.OK, status);
        var root = card.RootElement;
        Assert.Equal("690000.00", root.GetProperty("headline").GetString());
        Assert.Equal("USD", root.GetProperty("unit").GetString());
        Assert.Equal("alert", root.GetProperty("sentiment").GetString());
        Assert.Equal("382000.00", root.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == "pending_invoicing").GetProperty("amount").GetString());
        var total = root.GetProperty("rows_total").GetInt32();
        Assert.True(total > 100, $"expected a drill larger than one page, got {total}");
        Assert.Equal(100, root.GetProperty("rows").GetArrayLength());
        Assert.Equal(100, root.GetProperty("rows_limit").GetInt32());
        Assert.True(root.GetProperty("trend").GetArrayLength() >= 2);
    }

    [Fact]
    public async Task Card_PagesAddUpToTheTotal_AndFiltersNarrowIt()
    {
        var (_, all) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards/revenue_gap_breakdown?limit=1000", Finance);
        var total = all.RootElement.GetProperty("rows_total").GetInt32();
        var seen = 0;
        for (var offset = 0; offset < total; offset += 250)
        {
            var (_, page) = await server.GetJsonAsync($"/api/v1/workspaces/alpha/cards/revenue_gap_breakdown?limit=250&offset={offset}", Finance);
            seen += page.RootElement.GetProperty("rows").GetArrayLength();
            Assert.Equal(offset, page.RootElement.GetProperty("rows_offset").GetInt32());
        }

        Assert.Equal(total, seen);
        var (_, unmapped) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards/revenue_gap?reason=unmapped_customer&entity=EAST&dimension=department:200", Finance);
        Assert.Equal(3, unmapped.RootElement.GetProperty("rows_total").GetInt32());
        Assert.All(unmapped.RootElement.GetProperty("rows").EnumerateArray(), r => Assert.Equal("unmapped_customer", r.GetProperty("reason").GetString()));
        var (_, shopify) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards/revenue_gap?platform=shopify&limit=1000", Finance);
        Assert.All(shopify.RootElement.GetProperty("rows").EnumerateArray(), r => Assert.Equal("shopify", r.GetProperty("platform").GetString()));
    }

    [Fact]
    public async Task Card_SortsByAmountDescending()
    {
        var (_, card) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards/revenue_gap?sort=-amount&limit=50", Finance);
        var amounts = card.RootElement.GetProperty("rows").EnumerateArray().Select(r => decimal.Parse(r.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(amounts.OrderByDescending(a => a), amounts);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("entity=NORTH", "entity")]
    [InlineData("group=not_a_reason", "group")]
    [InlineData("reason=not_a_reason", "reason")]
    [InlineData("platform=magento", "platform")]
    [InlineData("dimension=colour:red", "dimension")]
    [InlineData("sort=customer", "sort")]
    [InlineData("as_of=yesterday", "as_of")]
    public async Task Card_BadQueryValue_Is400ProblemNamingTheParameter(string query, string parameter)
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards/revenue_gap?" + query, Finance);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(400, problem.RootElement.GetProperty("status").GetInt32());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(parameter, out _), problem.RootElement.ToString());
    }

    [Fact]
    public async Task Card_UnknownCard_Is404Problem()
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards/nope", Finance);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Snapshots_AreTheTrend_OldestFirst()
    {
        var (status, body) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards/revenue_gap/snapshots", Finance);
        Assert.Equal(HttpStatusCode.OK, status);
        var trend = body.RootElement.GetProperty("trend").EnumerateArray().ToList();
        Assert.True(trend.Count >= 2);
        Assert.True(trend[0].GetProperty("snapshot_id").GetInt64() < trend[1].GetProperty("snapshot_id").GetInt64());
    }

    [Fact]
    public async Task Alerts_ListFiredAlerts_OfTheCallersCardsOnly()
    {
        var (_, finance) = await server.GetJsonAsync("/api/v1/workspaces/alpha/alerts", Finance);
        var (_, marketing) = await server.GetJsonAsync("/api/v1/workspaces/alpha/alerts", Marketing);
        var financeCards = finance.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("card").GetString()).ToList();
        Assert.Contains("revenue_gap", financeCards);
        var fired = finance.RootElement.GetProperty("alerts").EnumerateArray().First(a => a.GetProperty("card").GetString() == "revenue_gap");
        Assert.Equal("fired", fired.GetProperty("transition").GetString());
        Assert.Equal("/api/v1/workspaces/alpha/cards/revenue_gap", fired.GetProperty("link").GetString());
        Assert.DoesNotContain(marketing.RootElement.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("card").GetString()!.StartsWith("revenue_gap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_IsCsv_AndAudited()
    {
        using var response = await server.SendAsync(HttpMethod.Get, "/api/v1/workspaces/alpha/cards/revenue_gap/export?reason=voided", Finance);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("commerce_order,erp_document,platform,entity,reason", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.Contains(",voided,", l, StringComparison.Ordinal));
        var (_, audit) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit", "owner@alpha.test");
        Assert.Contains(audit.RootElement.GetProperty("entries").EnumerateArray(), e =>
            e.GetProperty("action").GetString() == "export" && e.GetProperty("subject").GetString() == "revenue_gap"
            && e.GetProperty("actor").GetString() == "finance@alpha.test (token)" && e.GetProperty("detail").GetString()!.Contains("group=voided", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Audit_RecordsUserAndTokenCreation_NeverTheToken()
    {
        var (status, audit) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit?limit=1000", "owner@alpha.test");
        Assert.Equal(HttpStatusCode.OK, status);
        var entries = audit.RootElement.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(5, entries.Count(e => e.GetProperty("action").GetString() == "user.created"));
        Assert.Equal(5, entries.Count(e => e.GetProperty("action").GetString() == "token.created"));
        var text = audit.RootElement.ToString();
        Assert.All(server.Tokens.Values, t => Assert.DoesNotContain(t, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenApi_DocumentsEveryApiRoute()
    {
        var (status, document) = await server.GetJsonAsync("/openapi/v1.json", Finance);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal(2, document.RootElement.GetProperty("security").GetArrayLength());
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name.TrimEnd('/')).ToHashSet(StringComparer.Ordinal);
        var routes = EndpointWalk.Routes(server.Server).Where(r => r.Pattern.StartsWith("/api/v1", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(routes);
        Assert.All(routes, r => Assert.Contains(r.Pattern.TrimEnd('/'), paths));
        foreach (var route in routes)
        {
            var operations = document.RootElement.GetProperty("paths").EnumerateObject().First(p => p.Name.TrimEnd('/') == route.Pattern.TrimEnd('/')).Value;
            Assert.True(operations.TryGetProperty(route.Method.ToLowerInvariant(), out _), $"{route.Method} {route.Pattern} is not in the OpenAPI document");
        }
    }

    private static List<string?> Keys(JsonDocument wall) =>
        [.. wall.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("key").GetString())];
}
