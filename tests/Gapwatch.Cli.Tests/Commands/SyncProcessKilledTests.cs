using System.Diagnostics;
using Gapwatch.Files.Workspace;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Simulators.Shopify;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Cli.Tests.Commands;

/// <summary>
/// F1 with a real process, on every commerce platform: a child <c>gapwatch sync</c> is killed while
/// the platform's simulator is about to answer request <c>killAt</c>; a new run converges and a
/// further one changes nothing. (The in-process cut points are in the connector tests' CommerceFaultTests.)
/// </summary>
public sealed class SyncProcessKilledTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-killed-cli-").FullName;
    private readonly CliRunner cli = new();
    private readonly string tokenVariable = "GAPWATCH_TEST_TOKEN_" + Guid.NewGuid().ToString("N");

    private string Workspace => Path.Combine(scratch, "acme");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(tokenVariable, null);
        Directory.Delete(scratch, recursive: true);
    }

    /// <summary>Kill points per platform: the second request, and one inside the order backfill.</summary>
    [Theory]
    [InlineData("shopify", 2)]
    [InlineData("shopify", 5)]
    [InlineData("shopify", 6)]
    [InlineData("bigcommerce", 2)]
    [InlineData("bigcommerce", 6)]
    [InlineData("adobe_commerce", 2)]
    [InlineData("adobe_commerce", 5)]
    public async Task F1_SyncProcessKilled_TheNextRunConverges(string platform, int killAt)
    {
        Assert.Equal(ExitCodes.Ok, cli.Run("init", Workspace, "--erp", "sage_intacct", "--currency", "USD").ExitCode);
        await using var target = await Target.StartAsync(platform);
        Environment.SetEnvironmentVariable(tokenVariable, target.Token);
        Assert.Equal(ExitCodes.Ok, cli.Run(["connect", platform, .. target.ConnectArguments, "--token-env", tokenVariable, "-w", Workspace]).ExitCode);
        await ChildSync.KillAtAsync(Workspace, killAt, target.BeforeAnswer);

        var restart = cli.Run("sync", "-w", Workspace);
        var again = cli.Run("sync", "-w", Workspace);

        Assert.True(restart.ExitCode == ExitCodes.Ok, restart.Output + restart.Error);
        Assert.Equal((CommerceCliStores.Rows + 1, CommerceCliStores.Rows, target.Refunds), Stored());
        Assert.Contains(" 0 upserted", again.Output, StringComparison.Ordinal);
    }

    private (int Customers, int Orders, int Refunds) Stored()
    {
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(CommerceCliStores.Day));
        var data = store.Load();
        return (data.CommerceCustomers.Count, data.CommerceOrders.Count, data.CommerceRefunds.Count);
    }

    /// <summary>One platform's simulator with the shared store, as the kill test needs it: how to connect, how to hook its answers, what it holds.</summary>
    private sealed record Target(IAsyncDisposable Simulator, string Token, string[] ConnectArguments, Action<Func<int, Task>?> BeforeAnswer, int Refunds) : IAsyncDisposable
    {
        public static async Task<Target> StartAsync(string platform)
        {
            switch (platform)
            {
                case "shopify":
                    var shop = await ShopifySimulator.StartAsync(CommerceCliStores.Shopify());
                    return new Target(shop, shop.AccessToken, ["--address", shop.ShopAddress.ToString()], hook => shop.BeforeAnswer = hook, 0);
                case "bigcommerce":
                    var store = await BigCommerceSimulator.StartAsync(CommerceCliStores.BigCommerce());
                    return new Target(store, store.AccessToken, ["--store-hash", store.StoreHash, "--address", store.Address.ToString()], hook => store.BeforeAnswer = hook, 0);
                case "adobe_commerce":
                    var magento = await AdobeCommerceSimulator.StartAsync(CommerceCliStores.AdobeCommerce());
                    return new Target(magento, magento.AccessToken, ["--base-url", magento.BaseAddress.ToString()], hook => magento.BeforeAnswer = hook, 1);
                default:
                    throw new ArgumentOutOfRangeException(nameof(platform), platform, "not a commerce platform");
            }
        }

        public ValueTask DisposeAsync() => Simulator.DisposeAsync();
    }
}
