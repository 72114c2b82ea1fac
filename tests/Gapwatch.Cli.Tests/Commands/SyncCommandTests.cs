using Gapwatch.Cli;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Cli.Tests.Commands;

/// <summary><c>connect shopify</c> and <c>sync</c> through the real command line, against the Shopify simulator on loopback.</summary>
public sealed class SyncCommandTests : CommerceSyncCommandTest<ShopifySimulator>
{
    protected override Task<ShopifySimulator> StartSimulatorAsync() => ShopifySimulator.StartAsync(CommerceCliStores.Shopify());

    private CliResult Connect(string? token)
    {
        return RunWithToken(token, "connect", "shopify", "--address", Simulator.ShopAddress.ToString(), "--token-env", TokenVariable, "-w", Workspace);
    }

    private (int Customers, int Orders) Stored()
    {
        var data = StoredData();
        return (data.CommerceCustomers.Count, data.CommerceOrders.Count);
    }

    [Fact]
    public void Connect_MetafieldOptions_AreStoredInClearAndReadByTheSync()
    {
        var stored = Simulator.Data.Sorted(ShopifyDataset.Customers)[0].Json;
        stored["metafields"] = ShopifyDataset.Metafields(("acme", "erp_no", "NW-040001"), ("acme", "tax_id", "FR40303265045"));
        Simulator.Data.Put(ShopifyDataset.Customers, "1", Day.AddMinutes(1), stored);
        Environment.SetEnvironmentVariable(TokenVariable, Simulator.AccessToken);

        var result = Cli.Run("connect", "shopify", "--address", Simulator.ShopAddress.ToString(), "--token-env", TokenVariable, "-w", Workspace,
            "--account-reference-metafield", "acme.erp_no", "--vat-metafield", "acme.tax_id");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("\"accountReference\": \"acme.erp_no\"", connections, StringComparison.Ordinal);
        Assert.Contains("\"vatNumber\": \"acme.tax_id\"", connections, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, Cli.Run("sync", "-w", Workspace).ExitCode);
        var customer = StoredData().CommerceCustomers.Single(c => c.Id == "1");
        Assert.Equal(("NW-040001", "FR40303265045"), (customer.AccountReference, customer.VatNumber));
    }

    [Theory]
    [InlineData("--account-reference-metafield", "account_number")]
    [InlineData("--vat-metafield", "custom.vat number")]
    public void Connect_MetafieldNotNamespaceDotKey_IsAUsageErrorAndStoresNothing(string option, string value)
    {
        Environment.SetEnvironmentVariable(TokenVariable, Simulator.AccessToken);

        var result = Cli.Run("connect", "shopify", "--address", Simulator.ShopAddress.ToString(), "--token-env", TokenVariable, "-w", Workspace, option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("metafield", result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Workspace, ".gapwatch", "connections.json")));
    }

    [Fact]
    public void Connect_TokenFromTheEnvironment_IsStoredEncryptedAndNeverPrinted()
    {
        var result = Connect(Simulator.AccessToken);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("stored encrypted", result.Output, StringComparison.Ordinal);
        CliConnections.AssertSecretAbsent(Workspace, Simulator.AccessToken, result);
        Assert.Contains("\"protectedSecret\"", CliConnections.Stored(Workspace), StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoTokenAndNoPrompt_IsAUsageErrorNamingTheVariable()
    {
        var result = Connect(null);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(TokenVariable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_StoresEverythingThenASecondRunChangesNothing()
    {
        Connect(Simulator.AccessToken);

        var first = Cli.Run("sync", "-w", Workspace);
        var second = Cli.Run("sync", "-w", Workspace);

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
        Connect(Simulator.AccessToken);
        Simulator.RevokeToken();

        var result = Cli.Run("sync", "-w", Workspace);

        CliConnections.AssertNeedsReauthentication(result, Simulator.AccessToken);
    }

    [Fact]
    public void Sync_UnknownSource_IsNotFound()
    {
        Connect(Simulator.AccessToken);

        var result = Cli.Run("sync", "--source", "bigcommerce-eu", "-w", Workspace);

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("'bigcommerce-eu'", result.Error, StringComparison.Ordinal);
    }
}
