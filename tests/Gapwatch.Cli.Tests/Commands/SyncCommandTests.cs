using Gapwatch.Cli;
using Gapwatch.Files.Workspace;
using Gapwatch.Simulators.Shopify;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Cli.Tests.Commands;

/// <summary><c>connect shopify</c> and <c>sync</c> through the real command line, against the Shopify simulator on loopback.</summary>
public sealed class SyncCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-sync-cli-").FullName;
    private readonly CliRunner cli = new();
    private readonly string tokenVariable = "GAPWATCH_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
    private ShopifySimulator simulator = null!;

    private string Workspace => Path.Combine(scratch, "acme");

    public async Task InitializeAsync()
    {
        var data = CommerceCliStores.Shopify();
        simulator = await ShopifySimulator.StartAsync(data);
        Assert.Equal(ExitCodes.Ok, cli.Run("init", Workspace, "--erp", "sage_intacct", "--currency", "USD").ExitCode);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(tokenVariable, null);
        await simulator.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    private CliResult Connect(string? token)
    {
        Environment.SetEnvironmentVariable(tokenVariable, token);
        return cli.Run("connect", "shopify", "--address", simulator.ShopAddress.ToString(), "--token-env", tokenVariable, "-w", Workspace);
    }

    private (int Customers, int Orders) Stored()
    {
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        var data = store.Load();
        return (data.CommerceCustomers.Count, data.CommerceOrders.Count);
    }

    [Fact]
    public void Connect_MetafieldOptions_AreStoredInClearAndReadByTheSync()
    {
        var stored = simulator.Data.Sorted(ShopifyDataset.Customers)[0].Json;
        stored["metafields"] = ShopifyDataset.Metafields(("acme", "erp_no", "NW-040001"), ("acme", "tax_id", "FR40303265045"));
        simulator.Data.Put(ShopifyDataset.Customers, "1", Day.AddMinutes(1), stored);
        Environment.SetEnvironmentVariable(tokenVariable, simulator.AccessToken);

        var result = cli.Run("connect", "shopify", "--address", simulator.ShopAddress.ToString(), "--token-env", tokenVariable, "-w", Workspace,
            "--account-reference-metafield", "acme.erp_no", "--vat-metafield", "acme.tax_id");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("\"accountReference\": \"acme.erp_no\"", connections, StringComparison.Ordinal);
        Assert.Contains("\"vatNumber\": \"acme.tax_id\"", connections, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, cli.Run("sync", "-w", Workspace).ExitCode);
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        var customer = store.Load().CommerceCustomers.Single(c => c.Id == "1");
        Assert.Equal(("NW-040001", "FR40303265045"), (customer.AccountReference, customer.VatNumber));
    }

    [Theory]
    [InlineData("--account-reference-metafield", "account_number")]
    [InlineData("--vat-metafield", "custom.vat number")]
    public void Connect_MetafieldNotNamespaceDotKey_IsAUsageErrorAndStoresNothing(string option, string value)
    {
        Environment.SetEnvironmentVariable(tokenVariable, simulator.AccessToken);

        var result = cli.Run("connect", "shopify", "--address", simulator.ShopAddress.ToString(), "--token-env", tokenVariable, "-w", Workspace, option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("metafield", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Workspace, ".gapwatch", "connections.json")));
    }

    [Fact]
    public void Connect_TokenFromTheEnvironment_IsStoredEncryptedAndNeverPrinted()
    {
        var result = Connect(simulator.AccessToken);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("stored encrypted", result.Output, StringComparison.Ordinal);
        CliConnections.AssertSecretAbsent(Workspace, simulator.AccessToken, result);
        Assert.Contains("\"protectedSecret\"", CliConnections.Stored(Workspace), StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoTokenAndNoPrompt_IsAUsageErrorNamingTheVariable()
    {
        var result = Connect(null);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(tokenVariable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_StoresEverythingThenASecondRunChangesNothing()
    {
        Connect(simulator.AccessToken);

        var first = cli.Run("sync", "-w", Workspace);
        var second = cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal((231, 230), Stored());
        Assert.Contains("shopify: 461 records read, 461 upserted", first.Output, StringComparison.Ordinal);
        Assert.Contains("retries", first.Output, StringComparison.Ordinal);
        Assert.Contains("s throttled", first.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains(" 0 upserted", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_RevokedToken_SaysNeedsReauthenticationAndExits7()
    {
        Connect(simulator.AccessToken);
        simulator.RevokeToken();

        var result = cli.Run("sync", "-w", Workspace);

        CliConnections.AssertNeedsReauthentication(result, simulator.AccessToken);
    }

    [Fact]
    public void Sync_UnknownSource_IsNotFound()
    {
        Connect(simulator.AccessToken);

        var result = cli.Run("sync", "--source", "bigcommerce-eu", "-w", Workspace);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("'bigcommerce-eu'", result.Error, StringComparison.Ordinal);
    }
}
