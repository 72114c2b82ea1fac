using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Gapwatch.Web.Tests.Browser;

/// <summary>
/// The dashboard in a real browser: a finance controller signs in, reads the revenue gap, opens its
/// drill, filters by a reason, exports the CSV and checks the waterfall; marketing finds no revenue
/// gap and a 403 on its address; the first card opens from the keyboard. Every wait is on a
/// locator, a navigation or an event; nothing sleeps.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed partial class DashboardBrowserTests(BrowserFixture fixture)
{
    private const string Finance = "finance@alpha.test";
    private const string Marketing = "marketing@alpha.test";

    [Fact]
    public async Task Finance_ReadsTheRevenueGap_FiltersByAReason_ExportsCsv_AndTheWaterfallSums()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, Finance, "/w/alpha");

        var gapCard = page.Locator("li[data-card=revenue_gap]");
        await Assertions.Expect(gapCard.GetByTestId("headline")).ToHaveTextAsync("690,000.00");
        await Assertions.Expect(gapCard.Locator(".unit")).ToHaveTextAsync("USD");
        await Assertions.Expect(gapCard.Locator(".badge")).ToHaveTextAsync("Alert");
        await Assertions.Expect(gapCard.Locator("svg.sparkline")).ToHaveAttributeAsync("data-points", "2");
        await page.ScreenshotAsync(new() { Path = Shot("finance-wall.png"), FullPage = true });

        await gapCard.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/w/alpha/cards/revenue_gap$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Revenue Gap");

        // The waterfall: commerce revenue, less every reason, lands exactly on GL-booked revenue.
        await Assertions.Expect(page.GetByTestId("row-count")).ToBeVisibleAsync();
        var bars = page.GetByTestId("waterfall").Locator("rect");
        var count = await bars.CountAsync();
        Assert.True(count >= 3);
        var amounts = new List<long>();
        var froms = new List<long>();
        var tos = new List<long>();
        for (var i = 0; i < count; i++)
        {
            amounts.Add(long.Parse((await bars.Nth(i).GetAttributeAsync("data-amount-minor"))!, CultureInfo.InvariantCulture));
            froms.Add(long.Parse((await bars.Nth(i).GetAttributeAsync("data-from-minor"))!, CultureInfo.InvariantCulture));
            tos.Add(long.Parse((await bars.Nth(i).GetAttributeAsync("data-to-minor"))!, CultureInfo.InvariantCulture));
        }

        Assert.Equal(518_000_000L, amounts[0]);
        Assert.Equal(449_000_000L, amounts[^1]);
        Assert.Equal(69_000_000L, amounts.Skip(1).SkipLast(1).Sum());
        Assert.Equal(amounts[0] - amounts.Skip(1).SkipLast(1).Sum(), amounts[^1]);
        for (var i = 1; i < count - 1; i++)
        {
            Assert.Equal(tos[i - 1], froms[i]);
            Assert.Equal(froms[i] - amounts[i], tos[i]);
        }

        Assert.Equal(tos[count - 2], tos[^1]);
        await page.ScreenshotAsync(new() { Path = Shot("finance-revenue-gap.png"), FullPage = true });
        await page.Locator("figure.chart").ScreenshotAsync(new() { Path = Shot("waterfall.png") });

        // Filter by one reason (the GET form), then export what the filter keeps.
        var expected = await page.Locator("tr[data-group=pending_invoicing] td").First.InnerTextAsync();
        await page.GetByLabel("Reason", new() { Exact = true }).SelectOptionAsync("pending_invoicing");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("group=pending_invoicing"));
        var rowCount = page.GetByTestId("row-count");
        await Assertions.Expect(rowCount).ToHaveAttributeAsync("data-total", expected.Replace(",", "", StringComparison.Ordinal));
        var total = int.Parse((await rowCount.GetAttributeAsync("data-total"))!, CultureInfo.InvariantCulture);
        var reasons = await page.Locator("table[data-testid=rows] td[data-reason]").AllAsync();
        Assert.NotEmpty(reasons);
        foreach (var cell in reasons)
        {
            Assert.Equal("pending_invoicing", await cell.GetAttributeAsync("data-reason"));
        }

        await Assertions.Expect(page.GetByTestId("rows-total")).ToHaveTextAsync("382,000.00");
        await page.ScreenshotAsync(new() { Path = Shot("finance-filtered.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("export").ClickAsync());
        var file = Shot("revenue_gap-pending_invoicing.csv");
        await download.SaveAsAsync(file);
        var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).ToList();
        Assert.Equal("commerce_order,erp_document,platform,entity,reason,reason_label,amount,currency,department,location,project,customer,flags", lines[0]);
        Assert.Equal(total, lines.Count - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",pending_invoicing,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Marketing_FindsNoRevenueGap_AndItsAddressIs403()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, Marketing, "/w/alpha");
        await Assertions.Expect(page.Locator("li[data-card=b2b_customers_absent_sync]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("li[data-card=revenue_gap]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("li[data-card=revenue_gap_breakdown]")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot("marketing-wall.png"), FullPage = true });

        var response = await page.GotoAsync("/w/alpha/cards/revenue_gap");
        Assert.NotNull(response);
        Assert.Equal(403, response.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Forbidden");
        await page.ScreenshotAsync(new() { Path = Shot("marketing-403.png"), FullPage = true });
    }

    [Fact]
    public async Task Keyboard_TabsToTheFirstCardLink_AndEnterOpensIt()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await SignInAsync(page, Finance, "/w/alpha");
        await page.WaitForLoadStateAsync(LoadState.Load);

        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("Skip to content", await page.EvaluateAsync<string>("() => document.activeElement.textContent"));
        var firstCard = page.Locator("a.card-link").First;
        var href = await firstCard.GetAttributeAsync("href");
        var reached = false;
        for (var i = 0; i < 40 && !reached; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            reached = await firstCard.EvaluateAsync<bool>("e => e === document.activeElement");
        }

        Assert.True(reached, "the first card's link was not reached with Tab");
        var outline = await firstCard.EvaluateAsync<string>("e => getComputedStyle(e).outlineStyle");
        Assert.Equal("solid", outline);
        await page.ScreenshotAsync(new() { Path = Shot("keyboard-focus.png") });
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(href!) + "$"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_SaysSo_AndStaysOnTheForm()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("Email").FillAsync(Finance);
        await page.GetByLabel("Password").FillAsync("not the password at all");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("The email or password is not correct.");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveValueAsync(Finance);
    }

    /// <summary>Asks for a page signed out (the server sends the browser to the sign-in page), signs in, and lands on the page.</summary>
    private static async Task SignInAsync(IPage page, string email, string path)
    {
        await page.GotoAsync(path);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?returnUrl="));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(TestServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex(Regex.Escape(path) + "$"));
        await Assertions.Expect(page.Locator("form.sign-out")).ToBeVisibleAsync();
    }

    private static string Shot(string name) => Path.Combine(BrowserFixture.Artifacts, name);
}
