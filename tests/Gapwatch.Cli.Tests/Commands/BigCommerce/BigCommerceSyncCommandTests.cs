using Gapwatch.Cli;
using Gapwatch.Simulators.BigCommerce;

namespace Gapwatch.Cli.Tests.Commands.BigCommerce;

/// <summary><c>connect bigcommerce</c> and <c>sync</c> through the real command line, against the BigCommerce simulator on loopback.</summary>
public sealed class BigCommerceSyncCommandTests : CommerceSyncCommandTest<BigCommerceSimulator>
{
    protected override Task<BigCommerceSimulator> StartSimulatorAsync() => BigCommerceSimulator.StartAsync(CommerceCliStores.BigCommerce());

    private CliResult Connect(string? token)
    {
        return RunWithToken(token, "connect", "bigcommerce", "--store-hash", Simulator.StoreHash, "--address", Simulator.Address.ToString(), "--token-env", TokenVariable, "-w", Workspace);
    }

    private (int Customers, int Orders) Stored()
    {
        var data = StoredData();
        return (data.CommerceCustomers.Count, data.CommerceOrders.Count);
    }

    [Fact]
    public void Connect_TokenFromTheEnvironment_IsStoredEncryptedWithTheStoreHashAndNeverPrinted()
    {
        var result = Connect(Simulator.AccessToken);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("stored encrypted", result.Output, StringComparison.Ordinal);
        CliConnections.AssertSecretAbsent(Workspace, Simulator.AccessToken, result);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("\"protectedSecret\"", connections, StringComparison.Ordinal);
        Assert.Contains($"\"storeHash\": \"{Simulator.StoreHash}\"", connections, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoTokenAndNoPrompt_IsAUsageErrorNamingTheVariable()
    {
        var result = Connect(null);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(TokenVariable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NonLoopbackAddress_IsRefused()
    {
        Environment.SetEnvironmentVariable(TokenVariable, "t");

        var result = Cli.Run("connect", "bigcommerce", "--store-hash", "abc", "--address", "http://example.com", "--token-env", TokenVariable, "-w", Workspace);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public void Sync_StoresEverythingThenASecondRunChangesNothing()
    {
        Connect(Simulator.AccessToken);

        var first = Cli.Run("sync", "-w", Workspace);
        var second = Cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal((231, 230), Stored());
        Assert.Contains("bigcommerce: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("461 upserted", first.Output, StringComparison.Ordinal);
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
}
