using System.Net;
using System.Text.RegularExpressions;

namespace Gapwatch.Web.Tests;

/// <summary>
/// The dashboard pages over HTTP (the browser tests drive them in Chromium): a signed-out browser
/// is sent to sign in; no page carries inline script or style; filters, paging and their errors.
/// </summary>
[Collection(ServerGroup.Name)]
public sealed partial class PageTests(SharedServer shared)
{
    private const string Finance = "finance@alpha.test";
    private readonly TestServer server = shared.Server;

    [Fact]
    public async Task ASignedOutBrowser_IsSentToSignIn_WithWhereItWasGoing()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/w/alpha/cards/revenue_gap?group=unknown");
        request.Headers.Add("Accept", "text/html,application/xhtml+xml");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fw%2Falpha%2Fcards%2Frevenue_gap%3Fgroup%3Dunknown", response.Headers.Location?.ToString());

        using var signIn = await server.Http.GetAsync("/sign-in");
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        var html = await signIn.Content.ReadAsStringAsync();
        Assert.Contains("name=\"__RequestVerificationToken\"", html, StringComparison.Ordinal);
        using var css = await server.Http.GetAsync("/static/gapwatch.css");
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/w/alpha")]
    [InlineData("/w/alpha?entity=EAST")]
    [InlineData("/w/alpha/alerts")]
    [InlineData("/w/alpha/cards/customers_absent")]
    [InlineData("/w/alpha/cards/b2b_customers_absent_sync")]
    [InlineData("/w/alpha/cards/customers_absent_blocked")]
    [InlineData("/w/alpha/cards/revenue_gap")]
    [InlineData("/w/alpha/cards/revenue_gap_breakdown?sort=-amount&platform=shopify")]
    public async Task EveryPage_IsServedWithoutInlineScriptOrStyle_AndOnlyTheAppsStylesheet(string path)
    {
        var (status, html) = await PageAsync(path, "owner@alpha.test");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.Contains("<a class=\"skip-link\" href=\"#main\">", html, StringComparison.Ordinal);
        Assert.Equal(["/static/gapwatch.css"], LinkHrefs().Matches(html).Select(m => m.Groups[1].Value));
    }

    [Fact]
    public async Task TheWorklist_Pages_AndSaysWhichRows()
    {
        var (status, html) = await PageAsync("/w/alpha/cards/revenue_gap_breakdown?limit=25&offset=25", Finance);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Rows 26–50 of 179", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"prev\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/w/alpha/cards/revenue_gap_breakdown?limit=25&amp;offset=50#worklist\" rel=\"next\"", html, StringComparison.Ordinal);
        Assert.Equal(25, Regex.Count(html, "<td data-reason="));
    }

    [Fact]
    public async Task ABadFilter_ShowsTheFormWithTheMessage_As400()
    {
        var (status, html) = await PageAsync("/w/alpha/cards/revenue_gap?dimension=colour:red", Finance);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("dimension must be name:value", html, StringComparison.Ordinal);
        Assert.Contains("value=\"colour:red\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheEntityFilter_ShowsEachCardsFigureForThatEntity()
    {
        var (_, all) = await PageAsync("/w/alpha", Finance);
        var (_, east) = await PageAsync("/w/alpha?entity=EAST", Finance);
        Assert.Contains(">690,000.00</span>", all, StringComparison.Ordinal);
        Assert.Contains(" in EAST (all entities: 690,000.00 USD)", east, StringComparison.Ordinal);
        Assert.Contains("href=\"/w/alpha/cards/revenue_gap?entity=EAST\"", east, StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, string Html)> PageAsync(string path, string email)
    {
        using var request = server.Request(HttpMethod.Get, path, email);
        request.Headers.Add("Accept", "text/html");
        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("<link[^>]*href=\"([^\"]+)\"")]
    private static partial Regex LinkHrefs();
}
