using System.Text.Json;
using Gapwatch.Files.Import;
using Gapwatch.Files.Workspace;
using Gapwatch.Generator.Seeds;

namespace Gapwatch.Cli.Tests.Samples;

/// <summary>
/// The worked examples of product spec §7, read from samples/ through the command line exactly as a
/// user would: import, refresh at the example's date, read the card as JSON.
/// </summary>
public sealed class WorkedExampleTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-samples-").FullName;
    private readonly CliRunner cli = new();

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Samples_MatchTheirGenerator()
    {
        var update = Environment.GetEnvironmentVariable("GAPWATCH_UPDATE_SAMPLES") == "1";
        foreach (var sample in SeedSamples.All())
        {
            var committed = Path.Combine(CliRunner.RepositoryRoot(), "samples", sample.Name);
            var target = update ? committed : Path.Combine(scratch, sample.Name);
            Write(sample, target);
            if (!update)
            {
                AssertSameFiles(committed, target);
            }
        }
    }

    [Fact]
    public void Seed000_SageB2bSync_14Customers39Orders()
    {
        using var card = Card("seed-000-sage-b2b-sync", "2026-04-14", "b2b_customers_absent_sync");
        Assert.Equal(14, card.RootElement.GetProperty("headline").GetInt32());
        Assert.Equal("alert", card.RootElement.GetProperty("sentiment").GetString());
        AssertGroups(card, ("never_synced", 6, 19), ("sync_failed", 4, 11), ("sync_lagging", 3, 7), ("account_merged", 1, 2));
        var failed = card.RootElement.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("group").GetString() == "sync_failed").ToList();
        Assert.All(failed, r => Assert.StartsWith("BL03000018", r.GetProperty("sync_message").GetString(), StringComparison.Ordinal));
        Assert.All(failed, r => Assert.StartsWith("LOG-", r.GetProperty("sync_log_id").GetString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Seed001_SageAbsent_34Customers51Orders()
    {
        using var card = Card("seed-001-sage-absent", "2026-04-14", "customers_absent");
        Assert.Equal(34, card.RootElement.GetProperty("headline").GetInt32());
        AssertGroups(card, ("new_dtc", 21, 21), ("returning_dtc_email_changed", 6, 9), ("new_b2b", 5, 14), ("b2b_vat_not_keyed", 2, 7));
        var returning = card.RootElement.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("group").GetString() == "returning_dtc_email_changed");
        Assert.All(returning, r => Assert.Contains(r.GetProperty("flags").EnumerateArray(), f => f.GetString()!.StartsWith("suspected duplicate of UK01/CUST-R", StringComparison.Ordinal)));
    }

    [Fact]
    public void Seed002_SageRevenueGap_690000InEightReasons()
    {
        using var card = Card("seed-002-sage-revenue-gap", "2026-04-12", "revenue_gap");
        AssertGap(card, "690000.00", "5180000.00", "4490000.00",
            ("pending_invoicing", "382000.00", "Pending Invoicing"), ("credit_memo", "114000.00", "Credit Memo Refunds"),
            ("voided", "46000.00", "Voided / Cancelled"), ("unmapped_customer", "58000.00", "Unmapped Customer"),
            ("period_boundary", "31000.00", "Period Boundary Timing"), ("multi_entity_routing", "24000.00", "Multi-Entity Routing"),
            ("fx_translation", "18000.00", "FX Translation"), ("unknown", "17000.00", "Unknown / Investigate"),
            ("revenue_deferred", "0.00", "Revenue Recognition Deferred"));
        Assert.Equal("alert", card.RootElement.GetProperty("sentiment").GetString());
        Assert.Equal(41, Group(card, "pending_invoicing").GetProperty("orders").GetInt32());
        Assert.Equal(78, Group(card, "credit_memo").GetProperty("count").GetInt32());
        Assert.Equal(11, Group(card, "voided").GetProperty("orders").GetInt32());
        var unmapped = card.RootElement.GetProperty("rows").EnumerateArray().Where(r => r.GetProperty("reason").GetString() == "unmapped_customer").ToList();
        Assert.Equal(6, unmapped.Count);
        Assert.Equal(3, unmapped.Count(r => r.GetProperty("entity").GetString() == "EAST" && r.GetProperty("dimensions").GetProperty("department").GetString() == "200"));
    }

    [Fact]
    public void Seed003_D365Absent_17CustomersBlocking61200()
    {
        using var card = Card("seed-003-d365-absent", "2026-04-12", "customers_absent_blocked");
        var root = card.RootElement;
        Assert.Equal(17, root.GetProperty("headline").GetInt32());
        AssertGroups(card, ("b2b", 6, null), ("dtc", 11, null));
        Assert.Equal("61200.00", root.GetProperty("measures").GetProperty("blocked_value").GetString());
        Assert.Equal("18400.00", root.GetProperty("measures").GetProperty("largest_single_customer").GetString());
        Assert.Equal(4, root.GetProperty("measures").GetProperty("in_dataverse_not_promoted").GetInt32());
        var first = root.GetProperty("rows")[0];
        Assert.Equal("Wholesale-X Inc", first.GetProperty("name").GetString());
        Assert.Equal("18400.00", first.GetProperty("order_value").GetString());
    }

    [Fact]
    public void Seed004_BusinessCentralRevenueGap_680000InSevenReasons()
    {
        using var card = Card("seed-004-bc-revenue-gap", "2026-04-12", "revenue_gap");
        AssertGap(card, "680000.00", "6540000.00", "5860000.00",
            ("pending_invoicing", "392000.00", "Released-Not-Invoiced"), ("credit_memo", "118000.00", "Sales Credit Memo Refunds"),
            ("voided", "54000.00", "Voided / Cancelled"), ("unmapped_customer", "48000.00", "Unmapped Marketplace"),
            ("period_boundary", "34000.00", "Period Boundary Timing"), ("fx_translation", "22000.00", "FX Translation"),
            ("unknown", "12000.00", "Unknown / Investigate"), ("multi_entity_routing", "0.00", "Multi-Company Routing"),
            ("revenue_deferred", "0.00", "Revenue Recognition Deferred"));
        Assert.Equal(84, Group(card, "credit_memo").GetProperty("count").GetInt32());
        Assert.Equal(12, Group(card, "voided").GetProperty("orders").GetInt32());
    }

    private JsonDocument Card(string sample, string asOf, string key)
    {
        var folder = Path.Combine(CliRunner.RepositoryRoot(), "samples", sample);
        var workspace = Path.Combine(scratch, sample);
        Directory.CreateDirectory(workspace);
        File.Copy(Path.Combine(folder, WorkspaceFile.FileName), Path.Combine(workspace, WorkspaceFile.FileName));
        Expect(cli.Run("import", Path.Combine(folder, "data"), "--workspace", workspace));
        Expect(cli.Run("refresh", "--workspace", workspace, "--as-of", asOf));
        var result = Expect(cli.Run("card", key, "--workspace", workspace, "--json"));
        return JsonDocument.Parse(result.Output);
    }

    private static CliResult Expect(CliResult result)
    {
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        return result;
    }

    private static void AssertGap(JsonDocument card, string headline, string commerce, string gl, params (string Key, string Amount, string Label)[] reasons)
    {
        var root = card.RootElement;
        Assert.Equal(headline, root.GetProperty("headline").GetString());
        Assert.Equal(commerce, root.GetProperty("measures").GetProperty("commerce_revenue").GetString());
        Assert.Equal(gl, root.GetProperty("measures").GetProperty("gl_booked_revenue").GetString());
        foreach (var (key, amount, label) in reasons)
        {
            Assert.Equal(amount, Group(card, key).GetProperty("amount").GetString());
            Assert.Equal(label, Group(card, key).GetProperty("label").GetString());
        }

        var rowSum = root.GetProperty("rows").EnumerateArray().Sum(r => decimal.Parse(r.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(decimal.Parse(headline, System.Globalization.CultureInfo.InvariantCulture), rowSum);
    }

    private static void AssertGroups(JsonDocument card, params (string Key, int Count, int? Orders)[] groups)
    {
        foreach (var (key, count, orders) in groups)
        {
            Assert.Equal(count, Group(card, key).GetProperty("count").GetInt32());
            if (orders is { } o)
            {
                Assert.Equal(o, Group(card, key).GetProperty("orders").GetInt32());
            }
        }
    }

    private static JsonElement Group(JsonDocument card, string key) =>
        card.RootElement.GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == key);

    private static void Write(SeedSample sample, string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        WorkspaceFile.Save(directory, sample.Settings);
        ImportFormatWriter.Write(Path.Combine(directory, "data"), sample.Data.All());
    }

    private static void AssertSameFiles(string expected, string actual)
    {
        var expectedFiles = Directory.GetFiles(expected, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(expected, f)).Order().ToList();
        var actualFiles = Directory.GetFiles(actual, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(actual, f)).Order().ToList();
        Assert.Equal(expectedFiles, actualFiles);
        foreach (var file in expectedFiles)
        {
            Assert.True(File.ReadAllText(Path.Combine(expected, file)) == File.ReadAllText(Path.Combine(actual, file)),
                $"samples/{Path.GetFileName(expected)}/{file} differs from its generator: run the tests with GAPWATCH_UPDATE_SAMPLES=1 and commit the result");
        }
    }
}
