using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Cli;
using Gapwatch.Files.Workspace;
using Gapwatch.Simulators.Dataverse;
using Gapwatch.Simulators.DynamicsFo;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Cli.Tests.Commands.DynamicsFo;

/// <summary>
/// <c>connect dynamics_fo</c>, <c>connect dataverse</c> and <c>sync</c> through the real command
/// line, against the simulated tenant (Entra, F&amp;O, Dataverse) on loopback.
/// </summary>
public sealed class DynamicsSyncCommandTests : IAsyncLifetime
{
    private const int Customers = 60;
    private const int Invoices = 40;
    private const int Accounts = 30;
    private static readonly DateTimeOffset Day = new(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-dynamics-cli-").FullName;
    private readonly CliRunner cli = new();
    private readonly string secretVariable = "GAPWATCH_TEST_ENTRA_SECRET_" + Guid.NewGuid().ToString("N");
    private DynamicsTenant tenant = null!;

    private string Workspace => Path.Combine(scratch, "northwind");

    public async Task InitializeAsync()
    {
        tenant = await DynamicsTenant.StartAsync(cli.Clock);
        for (var i = 1; i <= Customers; i++)
        {
            tenant.FinanceOperations[DynamicsFoSimulator.Customers].Put(new JsonObject
            {
                ["dataAreaId"] = i % 4 == 0 ? "camf" : "usmf",
                ["CustomerAccount"] = $"CUS-{i:D5}",
                ["OrganizationName"] = $"Customer {i}",
                ["PrimaryContactEmail"] = $"c{i}@example.com",
                ["OnHoldStatus"] = i % 10 == 0 ? "All" : "No",
                ["CustomerGroupId"] = i == 1 ? "WEB" : "RETAIL",
            });
        }

        for (var i = 1; i <= Invoices; i++)
        {
            tenant.FinanceOperations[DynamicsFoSimulator.Invoices].Put(new JsonObject
            {
                ["dataAreaId"] = "usmf",
                ["SourceKey"] = 5_637_144_576L + i,
                ["InvoiceId"] = $"CIV-{i:D6}",
                ["InvoiceDate"] = Day.AddDays(-i).ToString("yyyy-MM-dd'T'12:00:00'Z'", CultureInfo.InvariantCulture),
                ["CustomerRef"] = $"shopify:{1000 + i}",
                ["InvoiceAccount"] = $"CUS-{i:D5}",
                ["SalesOriginId"] = "WEB",
                ["CurrencyCode"] = "USD",
                ["InvoiceAmount"] = i % 8 == 0 ? -25.5m : 100m + i,
                ["SumTax"] = 0m,
                ["ExchRate"] = 100m,
                ["SysModifiedDateTime"] = Day.AddDays(-i).AddHours(18).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }

        for (var i = 1; i <= Accounts; i++)
        {
            var promoted = i % 3 != 0;
            tenant.Dataverse[DataverseSimulator.Accounts].Put(new JsonObject
            {
                ["accountid"] = $"0000{i:D4}-0000-0000-0000-000000000000",
                ["name"] = $"Customer {i}",
                ["emailaddress1"] = $"c{i}@example.com",
                ["accountnumber"] = promoted ? $"CUS-{i:D5}" : null,
                ["_msdyn_company_value"] = promoted ? "6f0d7a57-1a3b-4c77-9d42-000000000001" : null,
                ["msdyn_company"] = promoted ? new JsonObject { ["cdm_companycode"] = i % 4 == 0 ? "CAMF" : "USMF" } : null,
                ["modifiedon"] = Day.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            });
        }

        Assert.Equal(ExitCodes.Ok, cli.Run("init", Workspace, "--erp", "dynamics_fo", "--currency", "USD").ExitCode);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(secretVariable, null);
        await tenant.DisposeAsync();
        Directory.Delete(scratch, recursive: true);
    }

    private CliResult ConnectFo(string? secret, params string[] more)
    {
        Environment.SetEnvironmentVariable(secretVariable, secret);
        return cli.Run([
            "connect", "dynamics_fo", "--tenant", DynamicsTenant.TenantId, "--environment-url", tenant.FinanceOperations.Address.ToString(),
            "--client-id", DynamicsTenant.ClientId, "--authority", tenant.Authority.ToString(), "--holding-customer-group", "WEB", "--secret-env", secretVariable, "-w", Workspace,
            .. more]);
    }

    private CliResult ConnectDataverse(string? secret)
    {
        Environment.SetEnvironmentVariable(secretVariable, secret);
        return cli.Run("connect", "dataverse", "--tenant", DynamicsTenant.TenantId, "--org-url", tenant.Dataverse.Address.ToString(),
            "--client-id", DynamicsTenant.ClientId, "--authority", tenant.Authority.ToString(), "--fo-environment-url", tenant.FinanceOperations.Address.ToString(),
            "--secret-env", secretVariable, "-w", Workspace);
    }

    private (int Customers, int Documents, int Promoted, int NotPromoted, bool Holding) Stored()
    {
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        var data = store.Load();
        return (data.ErpCustomers.Count, data.ErpDocuments.Count, data.DataverseRecords.Count(r => r.PromotedToErp), data.DataverseRecords.Count(r => !r.PromotedToErp),
            data.ErpCustomers.Single(c => c.Id == "CUS-00001").IsHolding);
    }

    [Fact]
    public void Connect_SecretFromTheEnvironment_IsStoredEncryptedAndNeverWrittenOrPrinted()
    {
        var fo = ConnectFo(DynamicsTenant.ClientSecret);
        var dataverse = ConnectDataverse(DynamicsTenant.ClientSecret);

        Assert.Equal(ExitCodes.Ok, fo.ExitCode);
        Assert.Equal(ExitCodes.Ok, dataverse.ExitCode);
        Assert.Contains("stored encrypted", fo.Output, StringComparison.Ordinal);
        CliConnections.AssertSecretAbsent(Workspace, DynamicsTenant.ClientSecret, fo, dataverse);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("\"protectedSecret\"", connections, StringComparison.Ordinal);
        Assert.Contains($"\"clientId\": \"{DynamicsTenant.ClientId}\"", connections, StringComparison.Ordinal);
        Assert.Contains("\"financeOperationsEnvironment\"", connections, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_NoSecretAndNoPrompt_IsAUsageErrorNamingTheVariable()
    {
        var result = ConnectFo(null);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(secretVariable, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_PlainHttpEnvironment_IsRefused()
    {
        Environment.SetEnvironmentVariable(secretVariable, "s");

        var result = cli.Run("connect", "dynamics_fo", "--tenant", "t", "--environment-url", "http://usmf.operations.dynamics.com", "--client-id", "c", "--secret-env", secretVariable, "-w", Workspace);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("https", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_ReadsBothServicesThenASecondRunChangesNothing()
    {
        ConnectFo(DynamicsTenant.ClientSecret);
        ConnectDataverse(DynamicsTenant.ClientSecret);

        var first = cli.Run("sync", "-w", Workspace);
        var second = cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal((Customers, Invoices, 20, 10, true), Stored());
        Assert.Contains("dynamics_fo: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("dataverse: ", first.Output, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        // The second run re-reads the customers whole and the invoices only from the cursor (the last one, inclusive).
        Assert.Contains("dynamics_fo: 61 records read, 0 upserted", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(DynamicsTenant.ClientSecret, first.Output + first.Error + second.Output + second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_DmfEntitiesAndReferencePattern_AreStored_AndSyncLogsTheFailedImportUnderTheCommerceReference()
    {
        var staged = Day.AddHours(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        tenant.FinanceOperations[DynamicsFoSimulator.ExecutionJobDetails].Put(new JsonObject
        {
            ["DefinitionGroupId"] = "Web customers",
            ["JobId"] = "Web customers-2026-04-13T19:00:00-1",
            ["EntityName"] = "CustomersV3",
            ["StagingStatus"] = "Finished",
            ["TargetStatus"] = "Error",
            ["StagingStartDateTime"] = staged,
            ["TargetStartDateTime"] = staged,
            ["StagingRecordsToBeProcessedCount"] = 1,
            ["TargetRecordsCreatedCount"] = 0,
            ["TargetRecordsUpdatedCount"] = 0,
        });
        tenant.FinanceOperations.PutExecutionErrors("Web customers-2026-04-13T19:00:00-1", [("5637144576", "CustomerGroupId", "Customer account 'shopify:1001' could not be created: group 'B2B' does not exist")]);

        var connect = ConnectFo(DynamicsTenant.ClientSecret, "--dmf-entities", "CustomersV3", "--dmf-reference-pattern", "Customer account '(?<ref>[^']+)'");
        var sync = cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, connect.ExitCode);
        Assert.Contains("Integration log (cards 4.2 and 4.3): data-management import errors of CustomersV3.", connect.Output, StringComparison.Ordinal);
        var connections = CliConnections.Stored(Workspace);
        Assert.Contains("CustomersV3=customer", connections, StringComparison.Ordinal);
        Assert.Contains("(?<ref>[^']+)", System.Text.RegularExpressions.Regex.Unescape(connections), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, sync.ExitCode);
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        var entry = Assert.Single(store.Load().SyncLog);
        Assert.Equal(("Web customers-2026-04-13T19:00:00-1/CustomersV3/5637144576", "shopify:1001"), (entry.Id, entry.ExternalReference));
        Assert.StartsWith("Customer account 'shopify:1001' could not be created", entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(tenant.FinanceOperations.Requests.Entries, r => r.EntitySet == DynamicsFoSimulator.IntegrationLog);
    }

    [Fact]
    public void Connect_DmfNone_WithTheOwnContractEntity_ReadsOnlyThatEntity()
    {
        var connect = ConnectFo(DynamicsTenant.ClientSecret, "--dmf-entities", "none", "--integration-log-entity", DynamicsFoSimulator.IntegrationLog);
        var sync = cli.Run("sync", "-w", Workspace);

        Assert.Equal(ExitCodes.Ok, connect.ExitCode);
        Assert.Equal(ExitCodes.Ok, sync.ExitCode);
        Assert.Contains(tenant.FinanceOperations.Requests.Entries, r => r.EntitySet == DynamicsFoSimulator.IntegrationLog);
        Assert.DoesNotContain(tenant.FinanceOperations.Requests.Entries, r => r.EntitySet == DynamicsFoSimulator.ExecutionJobDetails);
    }

    [Theory]
    [InlineData("--dmf-reference-pattern", "Customer '([^']+)'", "named group 'ref'")]
    [InlineData("--dmf-reference-pattern", "(unclosed", "not a valid regular expression")]
    [InlineData("--dmf-entities", "VendorsV2", "VendorsV2=customer")]
    [InlineData("--dmf-entities", "none,CustomersV3", "cannot be combined")]
    public void Connect_BadDmfOption_IsAUsageError(string option, string value, string message)
    {
        var result = ConnectFo(DynamicsTenant.ClientSecret, option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Sync_RevokedApp_SaysNeedsReauthenticationAndExits7_WithoutTheSecret()
    {
        ConnectFo(DynamicsTenant.ClientSecret);
        tenant.FinanceOperations.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.Unauthorized) { Times = int.MaxValue });

        var result = cli.Run("sync", "-w", Workspace);

        CliConnections.AssertNeedsReauthentication(result, DynamicsTenant.ClientSecret);
    }

    /// <summary>F1 with a real process: a child <c>gapwatch sync</c> is killed before request <paramref name="killAt"/> is answered; a new run converges and a further one changes nothing.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public async Task F1_SyncProcessKilled_TheNextRunConverges(int killAt)
    {
        ConnectFo(DynamicsTenant.ClientSecret);
        ConnectDataverse(DynamicsTenant.ClientSecret);
        await ChildSync.KillAtAsync(Workspace, killAt, hook => tenant.FinanceOperations.Endpoint.BeforeAnswer = hook);

        // The restarts run as child processes too: one clock for every run (a snapshot's cursor is its run's upper bound).
        var (restartCode, restartOutput) = await ChildSync.RunAsync(Workspace);
        var (_, againOutput) = await ChildSync.RunAsync(Workspace);

        Assert.True(restartCode == ExitCodes.Ok, restartOutput);
        Assert.Equal((Customers, Invoices, 20, 10, true), Stored());
        var upserted = System.Text.RegularExpressions.Regex.Matches(againOutput, @"([\d,]+)\s+upserted").Select(m => m.Groups[1].Value).ToList();
        Assert.True(upserted.Count >= 2 && upserted.All(u => u == "0"), againOutput);
    }
}
