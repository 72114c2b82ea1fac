using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Cli;
using Gapwatch.Files.Workspace;
using Gapwatch.Simulators.BusinessCentral;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Cli.Tests.Commands.BusinessCentral;

/// <summary><c>connect business_central</c> and <c>sync</c> through the real command line, against the Business Central simulator on loopback.</summary>
public sealed class BusinessCentralSyncCommandTests : IAsyncLifetime
{
    private const string Company = "CRONUS USA, Inc.";
    private static readonly DateTimeOffset Day = new(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-bc-cli-").FullName;
    private readonly CliRunner cli = new();
    private readonly string secretVariable = "GAPWATCH_TEST_BC_SECRET_" + Guid.NewGuid().ToString("N");
    private BusinessCentralSimulator simulator = null!;

    private string Workspace => Path.Combine(scratch, "acme");

    public async Task InitializeAsync()
    {
        var data = new BusinessCentralDataset();
        var company = data.AddCompany(Company, "6f1c1a00-0000-4000-8000-000000000001");
        var n = 0;
        JsonObject Row(DateTimeOffset at, JsonObject row)
        {
            row["id"] = string.Create(CultureInfo.InvariantCulture, $"{++n:x8}-0000-4000-8000-000000000002");
            row["lastModifiedDateTime"] = at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            return row;
        }

        company.Upsert("generalLedgerSetup", Row(Day, new JsonObject { ["allowPostingFrom"] = "0001-01-01", ["localCurrencyCode"] = "USD" }));
        foreach (var set in new[] { "currencyExchangeRates", "accountingPeriods", "salesInvoices", "salesCreditMemos", "generalLedgerEntries" })
        {
            company.Publish(set);
        }

        for (var i = 1; i <= 120; i++)
        {
            company.Upsert("customers", Row(Day.AddMinutes(i), new JsonObject { ["number"] = $"C{i}", ["displayName"] = $"Customer {i}", ["email"] = $"c{i}@example.com", ["blocked"] = "_x0020_" }));
            company.Upsert("salesOrders", Row(Day.AddMinutes(i), new JsonObject
            {
                ["number"] = $"S-ORD{i}", ["externalDocumentNumber"] = $"shopify:{i}", ["orderDate"] = "2026-04-14", ["customerNumber"] = $"C{i}", ["currencyCode"] = "USD",
                ["totalAmountExcludingTax"] = 10m, ["fullyShipped"] = false, ["status"] = "Open",
            }));
        }

        simulator = await BusinessCentralSimulator.StartAsync(data, TimeProvider.System);
        Assert.Equal(ExitCodes.Ok, cli.Run("init", Workspace, "--erp", "business_central", "--currency", "USD").ExitCode);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(secretVariable, null);
        await simulator.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    private CliResult Connect(string? secret, params string[] more)
    {
        Environment.SetEnvironmentVariable(secretVariable, secret);
        return cli.Run([
            "connect", "business_central", "--tenant", simulator.Options.Tenant, "--environment", simulator.Options.Environment, "--client-id", simulator.Options.ClientId,
            "--address", simulator.Address.ToString(), "--secret-env", secretVariable, "-w", Workspace, .. more]);
    }

    private (int Customers, int Orders) Stored()
    {
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        var data = store.Load();
        return (data.ErpCustomers.Count, data.ErpSalesOrders.Count);
    }

    private string EveryWorkspaceFile() => string.Join('\n', Directory.EnumerateFiles(Workspace, "*", SearchOption.AllDirectories)
        .Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains(".db-", StringComparison.Ordinal)).Select(File.ReadAllText));

    [Fact]
    public void Connect_SecretFromTheEnvironment_IsStoredEncrypted_NeverInTheYamlTheOutputOrInClear()
    {
        var result = Connect(simulator.Options.ClientSecret, "--company", $"{Company}=US");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("stored encrypted", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.Options.ClientSecret, EveryWorkspaceFile() + result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(simulator.Options.ClientSecret, File.ReadAllText(Path.Combine(Workspace, "gapwatch.yaml")), StringComparison.Ordinal);
        var connections = File.ReadAllText(Path.Combine(Workspace, ".gapwatch", "connections.json"));
        Assert.Contains("\"protectedSecret\"", connections, StringComparison.Ordinal);
        Assert.Contains("\"platform\": \"business_central\"", connections, StringComparison.Ordinal);
        Assert.Contains(simulator.Options.ClientId, connections, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_WithoutCompany_ListsTheEnvironmentsCompanies_AndWarnsOfAnEntityTheYamlLacks()
    {
        var result = Connect(simulator.Options.ClientSecret);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains(Company, result.Output, StringComparison.Ordinal);
        Assert.Contains("which gapwatch.yaml does not list", result.Output, StringComparison.Ordinal);
        Assert.Contains(Uri.EscapeDataString($"{Company}={Company}"), File.ReadAllText(Path.Combine(Workspace, ".gapwatch", "connections.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoSecretAndNoPrompt_IsAUsageErrorNamingTheVariable()
    {
        var result = Connect(null, "--company", Company);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(secretVariable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_WrongSecretWithoutCompany_FailsListingCompanies_WithoutTheSecret()
    {
        var result = Connect("wrong-secret-value-123");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("AADSTS7000215", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret-value-123", result.Output + result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Workspace, ".gapwatch", "connections.json")) && File.ReadAllText(Path.Combine(Workspace, ".gapwatch", "connections.json")).Contains("business_central", StringComparison.Ordinal));
    }

    [Fact]
    public void Sync_StoresEverythingThenASecondRunChangesNothing()
    {
        Connect(simulator.Options.ClientSecret, "--company", $"{Company}=US");

        var first = cli.Run("sync", "-w", Workspace);
        var second = cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal((120, 120), Stored());
        Assert.Contains("240 upserted", first.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains(" 0 upserted", second.Output, StringComparison.Ordinal);
        Assert.All(simulator.Requests, r => Assert.Equal("ReadOnly", r.DataAccessIntent));
    }

    [Fact]
    public void Sync_SecretRefused_SaysNeedsReauthenticationAndExits7_WithoutTheSecret()
    {
        Connect("rotated-secret-value-456", "--company", $"{Company}=US");

        var result = cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.SyncIncomplete, result.ExitCode);
        Assert.Contains("needs re-authentication", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("rotated-secret-value-456", result.Output + result.Error, StringComparison.Ordinal);
    }

    /// <summary>F1 with a real process: a child <c>gapwatch sync</c> is killed before API request <paramref name="killAt"/> is answered; a new run converges and a further one changes nothing.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public async Task F1_SyncProcessKilled_TheNextRunConverges(int killAt)
    {
        Connect(simulator.Options.ClientSecret, "--company", $"{Company}=US");
        using var child = Process.Start(ChildSync()) ?? throw new InvalidOperationException("could not start gapwatch");
        var killed = new TaskCompletionSource();
        simulator.BeforeAnswer = n =>
        {
            if (n == killAt)
            {
                child.Kill(entireProcessTree: true);
                killed.TrySetResult();
            }

            return Task.CompletedTask;
        };

        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(killed.Task.IsCompleted, "the child finished before it could be killed: " + await child.StandardError.ReadToEndAsync());
        Assert.NotEqual(0, child.ExitCode);
        simulator.BeforeAnswer = null;

        var restart = cli.Run("sync", "-w", Workspace);
        var again = cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, restart.ExitCode);
        Assert.Equal((120, 120), Stored());
        Assert.Contains(" 0 upserted", again.Output, StringComparison.Ordinal);
    }

    private ProcessStartInfo ChildSync()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(CliRunner.RepositoryRoot(), "src", "Gapwatch.Cli", "bin", framework.Parent!.Name, framework.Name, "gapwatch.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", dll, "sync", "-w", Workspace })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}
