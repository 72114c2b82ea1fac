using Gapwatch.Cli;
using Gapwatch.Files.Workspace;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Cli.Tests.Commands.BigCommerce;

/// <summary><c>connect bigcommerce</c> and <c>sync</c> through the real command line, against the BigCommerce simulator on loopback.</summary>
public sealed class BigCommerceSyncCommandTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Day = new(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-bigcommerce-cli-").FullName;
    private readonly CliRunner cli = new();
    private readonly string tokenVariable = "GAPWATCH_TEST_BC_TOKEN_" + Guid.NewGuid().ToString("N");
    private BigCommerceSimulator simulator = null!;

    private string Workspace => Path.Combine(scratch, "acme");

    public async Task InitializeAsync()
    {
        var data = CommerceCliStores.BigCommerce();
        simulator = await BigCommerceSimulator.StartAsync(data);
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
        return cli.Run("connect", "bigcommerce", "--store-hash", simulator.StoreHash, "--address", simulator.Address.ToString(), "--token-env", tokenVariable, "-w", Workspace);
    }

    private (int Customers, int Orders) Stored()
    {
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        var data = store.Load();
        return (data.CommerceCustomers.Count, data.CommerceOrders.Count);
    }

    [Fact]
    public void Connect_TokenFromTheEnvironment_IsStoredEncryptedWithTheStoreHashAndNeverPrinted()
    {
        var result = Connect(simulator.AccessToken);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("stored encrypted", result.Output, StringComparison.Ordinal);
        CliConnections.AssertSecretAbsent(Workspace, simulator.AccessToken, result);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("\"protectedSecret\"", connections, StringComparison.Ordinal);
        Assert.Contains($"\"storeHash\": \"{simulator.StoreHash}\"", connections, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoTokenAndNoPrompt_IsAUsageErrorNamingTheVariable()
    {
        var result = Connect(null);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(tokenVariable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NonLoopbackAddress_IsRefused()
    {
        Environment.SetEnvironmentVariable(tokenVariable, "t");

        var result = cli.Run("connect", "bigcommerce", "--store-hash", "abc", "--address", "http://example.com", "--token-env", tokenVariable, "-w", Workspace);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public void Sync_StoresEverythingThenASecondRunChangesNothing()
    {
        Connect(simulator.AccessToken);

        var first = cli.Run("sync", "-w", Workspace);
        var second = cli.Run("sync", "-w", Workspace);

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
        Connect(simulator.AccessToken);
        simulator.RevokeToken();

        var result = cli.Run("sync", "-w", Workspace);

        CliConnections.AssertNeedsReauthentication(result, simulator.AccessToken);
    }
}
