using Gapwatch.Files.Workspace;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Cli.Tests.Commands.AdobeCommerce;

/// <summary><c>connect adobe_commerce</c> and <c>sync</c> through the real command line, against the Adobe Commerce simulator on loopback.</summary>
public sealed class AdobeCommerceSyncCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-adobe-cli-").FullName;
    private readonly CliRunner cli = new();
    private readonly string tokenVariable = "GAPWATCH_TEST_TOKEN_" + Guid.NewGuid().ToString("N");
    private AdobeCommerceSimulator simulator = null!;

    private string Workspace => Path.Combine(scratch, "acme");

    public async Task InitializeAsync()
    {
        var data = CommerceCliStores.AdobeCommerce();
        simulator = await AdobeCommerceSimulator.StartAsync(data);
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
        return cli.Run("connect", "adobe_commerce", "--base-url", simulator.BaseAddress.ToString(), "--token-env", tokenVariable, "-w", Workspace);
    }

    private (int Customers, int Orders, int Refunds) Stored()
    {
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        var data = store.Load();
        return (data.CommerceCustomers.Count, data.CommerceOrders.Count, data.CommerceRefunds.Count);
    }

    [Fact]
    public void Connect_TokenFromTheEnvironment_IsStoredEncryptedAndNeverPrinted()
    {
        var result = Connect(simulator.AccessToken);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("stored encrypted", result.Output, StringComparison.Ordinal);
        CliConnections.AssertSecretAbsent(Workspace, simulator.AccessToken, result);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("\"platform\": \"adobe_commerce\"", connections, StringComparison.Ordinal);
        Assert.Contains("/rest/all/", connections, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_PlainHttpToARemoteHost_IsAUsageError()
    {
        Environment.SetEnvironmentVariable(tokenVariable, "token");

        var result = cli.Run("connect", "adobe_commerce", "--base-url", "http://shop.example.com", "--token-env", tokenVariable, "-w", Workspace);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("https", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_StoresEverythingThenASecondRunChangesNothing()
    {
        Connect(simulator.AccessToken);

        var first = cli.Run("sync", "-w", Workspace);
        var second = cli.Run("sync", "-w", Workspace);

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
        Environment.SetEnvironmentVariable(tokenVariable, plain.AccessToken);
        Assert.Equal(ExitCodes.Ok, cli.Run("connect", "adobe_commerce", "--base-url", plain.BaseAddress.ToString(), "--no-b2b", "--token-env", tokenVariable, "-w", Workspace).ExitCode);

        var result = cli.Run("sync", "-w", Workspace);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Output + result.Error);
        Assert.DoesNotContain(plain.Log, l => l.Resource == AdobeCommerceDataset.Companies);
        Assert.Contains("\"excludedStreams\"", CliConnections.Stored(Workspace), StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_RevokedToken_SaysNeedsReauthenticationAndExits7()
    {
        Connect(simulator.AccessToken);
        simulator.RevokeToken();

        var result = cli.Run("sync", "-w", Workspace);

        CliConnections.AssertNeedsReauthentication(result, simulator.AccessToken);
    }
}
