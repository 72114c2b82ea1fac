using System.Text.RegularExpressions;
using Gapwatch.Workspaces;
using Microsoft.Playwright;

namespace Gapwatch.Web.Tests.Browser;

/// <summary>
/// Refresh now from the wall, in the browser, on a server of its own (it changes what is served):
/// a refresh that cannot compute (an order in pounds, which the workspace has no exchange rate for) keeps the last
/// good figures, marked stale, with the error on the wall and on the card.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class RefreshBrowserTests(BrowserFixture fixture)
{
    [Fact]
    public async Task RefreshNow_ThatFails_KeepsTheLastFigures_MarkedStale_WithTheError()
    {
        await using var server = await TestServer.StartAsync();
        var more = Path.Combine(server.Root, "april-gbp");
        Directory.CreateDirectory(more);
        await File.WriteAllTextAsync(Path.Combine(more, "commerce_orders.csv"), string.Join('\n',
            "platform,id,number,customer_id,placed_at,status,currency,subtotal,discounts,shipping,tax,taxes_included,total,ship_to_country,tags,updated_at",
            "shopify,S-GBP-1,#S-GBP-1,90000,2026-04-10T13:00:00-04:00,fulfilled,GBP,100.00,0,0,0,false,100.00,GB,,2026-04-10T13:00:00-04:00") + "\n");
        using (var workspace = GapwatchWorkspace.Open(TestServer.AlphaDirectory(server.Root), server.Clock))
        {
            Assert.True(workspace.Import(more).Succeeded);
        }

        await using var context = await fixture.Browser.NewContextAsync(new() { BaseURL = server.Server.Address.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in?returnUrl=%2Fw%2Falpha");
        await page.GetByLabel("Email").FillAsync("finance@alpha.test");
        await page.GetByLabel("Password").FillAsync(TestServer.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator("li[data-card=revenue_gap] .badge")).ToHaveTextAsync("Alert");

        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Refresh now" }).ClickAsync(), r => r.Url.EndsWith("/w/alpha/refresh", StringComparison.Ordinal));
        Assert.Equal(303, response.Status);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/w/alpha\\?refreshed=failed$"));
        await Assertions.Expect(page.GetByTestId("stale")).ToContainTextAsync("exchange rate");
        await Assertions.Expect(page.Locator("li[data-card=revenue_gap] .badge")).ToHaveTextAsync("Stale");
        await Assertions.Expect(page.Locator("li[data-card=revenue_gap]").GetByTestId("headline")).ToHaveTextAsync("690,000.00");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.Artifacts, "stale-wall.png"), FullPage = true });

        await page.Locator("li[data-card=revenue_gap] a.card-link").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/w/alpha/cards/revenue_gap$"));
        await Assertions.Expect(page.GetByTestId("stale")).ToContainTextAsync("exchange rate");
    }
}
