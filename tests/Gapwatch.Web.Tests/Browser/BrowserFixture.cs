using Microsoft.Playwright;

namespace Gapwatch.Web.Tests.Browser;

/// <summary>
/// One test server (alpha: the Sage Intacct revenue gap of seed 002, a user per role) and one
/// headless Chromium from Debian's package (/usr/bin/chromium; .ci/run installs it), driven by
/// Playwright. Playwright never downloads a browser here: it launches that executable. Both are
/// stopped on disposal. Screenshots go to <see cref="Artifacts"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? playwright;

    public TestServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots and downloads are kept: <c>artifacts/browser</c> beside the test assembly (bin/…/net10.0).</summary>
    public static string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "browser");

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Directory.CreateDirectory(Artifacts);
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install Debian's chromium (apt-get install -y chromium chromium-driver; .ci/run does)");
        Assertions.SetDefaultExpectTimeout(60_000);
        Server = await TestServer.StartAsync();
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (its own cookies) with the server as base address.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = Server.Server.Address.ToString().TrimEnd('/'), AcceptDownloads = true });
        // Generous bounds for a shared, loaded machine: these are limits on waiting for a locator or a
        // navigation, never sleeps.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
            await Browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserGroup : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
