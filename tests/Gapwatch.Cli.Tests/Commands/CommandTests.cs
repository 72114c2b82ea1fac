using System.Text.Json;
using Gapwatch.Cli;
using Gapwatch.Files.Workspace;

namespace Gapwatch.Cli.Tests.Commands;

public sealed class CommandTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-cli-").FullName;
    private readonly CliRunner cli = new();

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static string Sample(string name) => Path.Combine(CliRunner.RepositoryRoot(), "samples", name);

    private string Workspace(string sample)
    {
        var workspace = Path.Combine(scratch, sample);
        Directory.CreateDirectory(workspace);
        File.Copy(Path.Combine(Sample(sample), WorkspaceFile.FileName), Path.Combine(workspace, WorkspaceFile.FileName));
        return workspace;
    }

    [Fact]
    public void UnknownOption_IsAUsageError()
    {
        var result = cli.Run("cards", "--colour");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--colour", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchSync_TinyBackfillOfOnePlatform_ReportsCallsAgainstTheMinimum()
    {
        var result = cli.Run("bench", "sync", "--orders", "40", "--platform", "bigcommerce", "--page-size", "250");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("bigcommerce     orders", result.Output, StringComparison.Ordinal);
        Assert.Contains("v2 /orders at limit=250", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("shopify", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchSync_UnknownPlatform_IsAUsageError()
    {
        var result = cli.Run("bench", "sync", "--platform", "magento1");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
    }

    [Fact]
    public void Cards_NoWorkspace_IsNotFoundAndSaysHowToInit()
    {
        var result = cli.Run("cards", "--workspace", Path.Combine(scratch, "nothing"));
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("gapwatch init", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Cards_BeforeAnyRefresh_IsNotFoundAndSaysRefresh()
    {
        var workspace = Workspace("seed-001-sage-absent");
        var result = cli.Run("cards", "--workspace", workspace);
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("gapwatch refresh", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_BadFolder_ExitsInvalidInputListingErrors()
    {
        var workspace = Workspace("seed-001-sage-absent");
        var bad = Path.Combine(scratch, "bad");
        Directory.CreateDirectory(bad);
        File.WriteAllText(Path.Combine(bad, "erp_customers.csv"), "entity,id,name,status\nE1,C1,Acme,activ\n");
        var result = cli.Run("import", bad, "--workspace", workspace);
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("erp_customers.csv line 2, column status: 'activ' is not allowed", result.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was stored.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_WritesAWorkspaceThatLoads()
    {
        var workspace = Path.Combine(scratch, "acme");
        var result = cli.Run("init", workspace, "--erp", "dynamics_fo", "--currency", "EUR");
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("EUR", WorkspaceFile.Load(workspace).ReportingCurrency.Code);
        Assert.Equal(ExitCodes.InvalidInput, cli.Run("init", workspace).ExitCode);
    }

    [Fact]
    public void Card_FiltersByEntityAndGroup_AndPages()
    {
        var workspace = Imported("seed-002-sage-revenue-gap", "2026-04-12");
        using var east = Json(cli.Run("card", "revenue_gap_breakdown", "--workspace", workspace, "--json", "--entity", "EAST", "--group", "unmapped_customer"));
        Assert.Equal(3, east.RootElement.GetProperty("rows_total").GetInt32());
        using var page = Json(cli.Run("card", "revenue_gap_breakdown", "--workspace", workspace, "--json", "--limit", "10", "--offset", "5"));
        Assert.Equal(10, page.RootElement.GetProperty("rows").GetArrayLength());
        Assert.Equal(179, page.RootElement.GetProperty("rows_total").GetInt32());
    }

    [Fact]
    public void Card_Unknown_IsNotFoundListingTheCards()
    {
        var workspace = Imported("seed-001-sage-absent", "2026-04-14");
        var result = cli.Run("card", "revenue_gaps", "--workspace", workspace);
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains("revenue_gap_breakdown", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Export_WritesEveryDrillRowAsCsv()
    {
        var workspace = Imported("seed-003-d365-absent", "2026-04-12");
        var file = Path.Combine(scratch, "blocked.csv");
        Assert.Equal(ExitCodes.Ok, cli.Run("export", "customers_absent_blocked", "--csv", file, "--workspace", workspace).ExitCode);
        var lines = File.ReadAllLines(file);
        Assert.Equal(18, lines.Length);
        Assert.StartsWith("customer,name,type,group,orders_attached", lines[0], StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("Wholesale-X Inc", StringComparison.Ordinal) && l.Contains("18400.00,USD", StringComparison.Ordinal));
    }

    [Fact]
    public void Refresh_Twice_BuildsATrend()
    {
        var workspace = Imported("seed-001-sage-absent", "2026-04-13");
        Assert.Equal(ExitCodes.Ok, cli.Run("refresh", "--workspace", workspace, "--as-of", "2026-04-14").ExitCode);
        using var card = Json(cli.Run("card", "customers_absent", "--workspace", workspace, "--json"));
        var trend = card.RootElement.GetProperty("trend").EnumerateArray().Select(t => t.GetProperty("headline").GetInt32()).ToList();
        Assert.Equal(2, trend.Count);
        Assert.Equal(34, trend[^1]);
        using var earlier = Json(cli.Run("cards", "--workspace", workspace, "--json", "--as-of", "2026-04-13"));
        Assert.Equal(1, earlier.RootElement.GetProperty("snapshot_id").GetInt64());
    }

    [Fact]
    public void Refresh_SaysWhenAnAlertFiresAndOnlyOnce()
    {
        var workspace = Workspace("seed-001-sage-absent");
        Assert.Equal(ExitCodes.Ok, cli.Run("import", Path.Combine(Sample("seed-001-sage-absent"), "data"), "--workspace", workspace).ExitCode);
        var first = cli.Run("refresh", "--workspace", workspace, "--as-of", "2026-04-14");
        Assert.Contains("Alert fired: ", first.Output, StringComparison.Ordinal);
        Assert.Contains("(customers_absent) is 34, above 10.", first.Output, StringComparison.Ordinal);
        var second = cli.Run("refresh", "--workspace", workspace, "--as-of", "2026-04-14");
        Assert.DoesNotContain("Alert fired", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AsOf_Malformed_IsAUsageError()
    {
        var workspace = Workspace("seed-001-sage-absent");
        var result = cli.Run("refresh", "--workspace", workspace, "--as-of", "14/04/2026");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("yyyy-MM-dd", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Refresh_MissingExchangeRate_FailsAndKeepsTheLastSnapshot()
    {
        var workspace = Imported("seed-003-d365-absent", "2026-04-12");
        var more = Path.Combine(scratch, "may");
        Directory.CreateDirectory(more);
        File.WriteAllText(Path.Combine(more, "commerce_orders.csv"), string.Join('\n',
            "platform,id,number,customer_id,placed_at,status,currency,subtotal,discounts,shipping,tax,taxes_included,total,ship_to_country,tags,updated_at",
            "shopify,S-MAY-1,#S-MAY-1,90000,2026-05-04T13:00:00-04:00,fulfilled,CAD,100.00,0,0,0,false,100.00,CA,,2026-05-04T13:00:00-04:00") + "\n");
        Assert.Equal(ExitCodes.Ok, cli.Run("import", more, "--workspace", workspace).ExitCode);
        var result = cli.Run("refresh", "--workspace", workspace, "--as-of", "2026-05-12");
        Assert.Equal(ExitCodes.RefreshFailed, result.ExitCode);
        Assert.Contains("no period-average exchange rate CAD→USD for 2026-05", result.Error, StringComparison.Ordinal);
        using var cards = Json(cli.Run("cards", "--workspace", workspace, "--json"));
        Assert.Equal(1, cards.RootElement.GetProperty("snapshot_id").GetInt64());
    }

    private string Imported(string sample, string asOf)
    {
        var workspace = Workspace(sample);
        Assert.Equal(ExitCodes.Ok, cli.Run("import", Path.Combine(Sample(sample), "data"), "--workspace", workspace).ExitCode);
        Assert.Equal(ExitCodes.Ok, cli.Run("refresh", "--workspace", workspace, "--as-of", asOf).ExitCode);
        return workspace;
    }

    private static JsonDocument Json(CliResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        return JsonDocument.Parse(result.Output);
    }
}
