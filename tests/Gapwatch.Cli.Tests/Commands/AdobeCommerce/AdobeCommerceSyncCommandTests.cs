using Gapwatch.Simulators.AdobeCommerce;

namespace Gapwatch.Cli.Tests.Commands.AdobeCommerce;

/// <summary><c>connect adobe_commerce</c> and <c>sync</c> through the real command line, against the Adobe Commerce simulator on loopback.</summary>
public sealed class AdobeCommerceSyncCommandTests : CommerceSyncCommandTest<AdobeCommerceSimulator>
{
    protected override Task<AdobeCommerceSimulator> StartSimulatorAsync() => AdobeCommerceSimulator.StartAsync(CommerceCliStores.AdobeCommerce());

    private CliResult Connect(string? token)
    {
        return RunWithToken(token, "connect", "adobe_commerce", "--base-url", Simulator.BaseAddress.ToString(), "--token-env", TokenVariable, "-w", Workspace);
    }

    private (int Customers, int Orders, int Refunds) Stored()
    {
        var data = StoredData();
        return (data.CommerceCustomers.Count, data.CommerceOrders.Count, data.CommerceRefunds.Count);
    }

    [Fact]
    public void Connect_TokenFromTheEnvironment_IsStoredEncryptedAndNeverPrinted()
    {
        var result = Connect(Simulator.AccessToken);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("stored encrypted", result.Output, StringComparison.Ordinal);
        CliConnections.AssertSecretAbsent(Workspace, Simulator.AccessToken, result);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("\"platform\": \"adobe_commerce\"", connections, StringComparison.Ordinal);
        Assert.Contains("/rest/all/", connections, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_PlainHttpToARemoteHost_IsAUsageError()
    {
        Environment.SetEnvironmentVariable(TokenVariable, "token");

        var result = Cli.Run("connect", "adobe_commerce", "--base-url", "http://shop.example.com", "--token-env", TokenVariable, "-w", Workspace);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("https", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_StoresEverythingThenASecondRunChangesNothing()
    {
        Connect(Simulator.AccessToken);

        var first = Cli.Run("sync", "-w", Workspace);
        var second = Cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal((231, 230, 1), Stored());
        Assert.Contains("adobe_commerce: 462 records read, 462 upserted", first.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains(" 0 upserted", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_StoreWithoutB2B_ConnectedWithNoB2B_SkipsCompaniesAndSucceeds()
    {
        await using var plain = await AdobeCommerceSimulator.StartAsync(new AdobeCommerceDataset().Customer(1, Day, "c@example.com", "C", "1"), new AdobeCommerceSimulatorOptions { B2B = false });
        Environment.SetEnvironmentVariable(TokenVariable, plain.AccessToken);
        Assert.Equal(ExitCodes.Ok, Cli.Run("connect", "adobe_commerce", "--base-url", plain.BaseAddress.ToString(), "--no-b2b", "--token-env", TokenVariable, "-w", Workspace).ExitCode);

        var result = Cli.Run("sync", "-w", Workspace);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.DoesNotContain(plain.Log, l => l.Resource == AdobeCommerceDataset.Companies);
        Assert.Contains("\"excludedStreams\"", CliConnections.Stored(Workspace), StringComparison.Ordinal);
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
