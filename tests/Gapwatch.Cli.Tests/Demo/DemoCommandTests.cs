using System.Text.Json;
using Gapwatch.Cli.Commands;
using Gapwatch.Files.Workspace;
using Gapwatch.Store;

namespace Gapwatch.Cli.Tests.Demo;

/// <summary><c>gapwatch demo</c> end to end, through the real import and refresh, into a scratch folder.</summary>
public sealed class DemoCommandTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-demo-").FullName;
    private readonly CliRunner cli = new();

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Demo_FreshFolder_ImportsRefreshesShowsTheWallAndSaysWhereTheWorkspaceIs()
    {
        var dir = Path.Combine(scratch, "demo");
        var result = cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains($"The demo workspace is at {dir}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"gapwatch card customers_absent --workspace {dir}", result.Output, StringComparison.Ordinal);
        Assert.Contains("--json", result.Output, StringComparison.Ordinal);
        Assert.Contains("revenue_gap_breakdown", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, WorkspaceFile.FileName)));
        Assert.True(File.Exists(Path.Combine(dir, DemoCommand.MarkerFile)));
        Assert.True(File.Exists(Path.Combine(dir, "import", "commerce_customers.csv")));

        var wall = cli.Run("cards", "--workspace", dir, "--json");
        Assert.Equal(0, wall.ExitCode);
        using var json = JsonDocument.Parse(wall.Output);
        Assert.Equal(5, json.RootElement.GetProperty("cards").GetArrayLength());
    }

    [Fact]
    public void Demo_EarlierDemoInTheFolder_IsReplaced()
    {
        var dir = Path.Combine(scratch, "demo");
        Assert.Equal(0, cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir, "--orders", "2000", "--erp", "dynamics_fo").ExitCode);
        File.WriteAllText(Path.Combine(dir, "left-over.txt"), "from the first run");

        var again = cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir, "--orders", "2000", "--erp", "business_central");

        Assert.True(again.ExitCode == 0, $"exit {again.ExitCode}: {again.Error}");
        Assert.False(File.Exists(Path.Combine(dir, "left-over.txt")));
        Assert.Contains("(snapshot 1)", again.Output, StringComparison.Ordinal); // a new store, not a second snapshot in the old one
        Assert.Contains("erp: business_central", File.ReadAllText(Path.Combine(dir, WorkspaceFile.FileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void Demo_ForeignNonEmptyFolder_IsRefusedAndLeftUntouched()
    {
        var dir = Path.Combine(scratch, "mine");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "notes.txt"), "keep me");

        var result = cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir, "--orders", "2000");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(DemoCommand.MarkerFile, result.Error, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("--erp", "netsuite")]
    [InlineData("--orders", "10")]
    public void Demo_OptionOutOfRange_IsAUsageErrorAndWritesNothing(string option, string value)
    {
        var dir = Path.Combine(scratch, "demo");

        var result = cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir, option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void Demo_StorefrontsAndIntacctComeFromTheSimulatorsOverHttp_OnlyTheMergesFromImportFiles()
    {
        var dir = Path.Combine(scratch, "demo");

        var result = cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir, "--orders", "2000");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains("Synced the storefronts and the books from the storefront and Sage Intacct simulators over HTTP", result.Output, StringComparison.Ordinal);
        foreach (var source in new[] { "shopify:", "bigcommerce:", "adobe_commerce:", "sage_intacct:", "sage_intacct/sync_log:" })
        {
            Assert.Contains(source, result.Output, StringComparison.Ordinal); // the sync's summary line per connection
        }

        var connections = File.ReadAllText(Path.Combine(dir, ".gapwatch", "connections.json"));
        Assert.Equal(4, JsonDocument.Parse(connections).RootElement.GetArrayLength());
        Assert.Contains("\"account_reference\": \"GW_ACCOUNT_REF\"", connections, StringComparison.Ordinal); // the --field mappings, as connect stores them
        var everything = string.Join('\n', Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains(".db-", StringComparison.Ordinal)).Select(File.ReadAllText));
        foreach (var token in new[] { "shpat_simulator_token", "bc_simulator_token", "simulator-integration-token" })
        {
            Assert.DoesNotContain(token, everything + result.Output + result.Error, StringComparison.Ordinal);
        }

        var files = Directory.GetFiles(Path.Combine(dir, "import")).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Equal(["commerce_customers"], files); // Intacct carries every ERP record and the sync log
        Assert.DoesNotContain("commerce_orders", files);
        Assert.DoesNotContain("commerce_refunds", files);
        // The only storefront accounts imported are those retired by a merge: no platform's API says which account survived.
        var lines = File.ReadAllLines(Path.Combine(dir, "import", "commerce_customers.csv"));
        var header = lines[0].Split(',');
        var fromEnd = header.Length - Array.IndexOf(header, "merged_into_id"); // counted from the end: only the columns after it are free of quoted commas
        var rows = lines.Skip(1).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.NotEqual("", r.Split(',')[^fromEnd]));
    }

    [Fact]
    public void Demo_ImportOnly_LoadsEverythingFromFilesWithoutSimulators()
    {
        var dir = Path.Combine(scratch, "demo");

        var result = cli.Run("demo", DemoCommand.NoServeOption, "--dir", dir, "--orders", "2000", DemoCommand.ImportOnlyOption);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.DoesNotContain("simulators", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, ".gapwatch", "connections.json")));
        var files = Directory.GetFiles(Path.Combine(dir, "import")).Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.Contains("commerce_orders", files);
        Assert.Contains("commerce_refunds", files);
        Assert.Contains(DemoCommand.ImportOnlyOption, File.ReadAllText(Path.Combine(dir, DemoCommand.MarkerFile)), StringComparison.Ordinal);
    }

    /// <summary>
    /// What the connectors' mappings already carry: every order's revenue, the GL and the gap's
    /// headline equal the import-only path's. The exact equality of every card is the test below.
    /// </summary>
    [Fact]
    public void Demo_ThroughTheConnectors_RevenueAndGapHeadlineEqualTheImportOnlyPath()
    {
        var (synced, imported) = BothPaths();

        var gap = Card(synced, "revenue_gap");
        var expected = Card(imported, "revenue_gap");
        Assert.Equal(expected.GetProperty("headline").GetRawText(), gap.GetProperty("headline").GetRawText());
        foreach (var measure in new[] { "commerce_revenue", "gl_booked_revenue", "gap_share_of_commerce" })
        {
            Assert.Equal(expected.GetProperty("measures").GetProperty(measure).GetRawText(), gap.GetProperty("measures").GetProperty(measure).GetRawText());
        }
    }

    [Theory]
    [InlineData("sage_intacct", "commerce_customers")] // Intacct carries every ERP record, the sync log and its freshness
    public void Demo_ThroughTheConnectors_CardsEqualTheImportOnlyPath(string erp, string importFiles)
    {
        var (synced, imported) = BothPaths(erp);

        // Through the simulators only what no API carries is imported: the storefront's merge records (and for F&O the sync log's freshness row).
        Assert.Equal(importFiles.Split(','), Directory.GetFiles(Path.Combine(scratch, "synced", "import")).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));

        foreach (var key in new[] { "customers_absent", "b2b_customers_absent_sync", "customers_absent_blocked", "revenue_gap", "revenue_gap_breakdown" })
        {
            Assert.Equal(Card(imported, key).GetRawText(), Card(synced, key).GetRawText());
        }

        if (erp == "sage_intacct")
        {
            // The BigCommerce orders' invoices and credit memos came through the native AR streams (DemoIntacctDataset.NativeArReferencePrefix).
            using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Path.Combine(scratch, "synced")), TimeProvider.System);
            var documents = store.Load().ErpDocuments;
            Assert.Contains(documents, d => d.Id.StartsWith("ARINVOICE-", StringComparison.Ordinal));
            Assert.Contains(documents, d => d.Id.StartsWith("ARADJUSTMENT-", StringComparison.Ordinal));
            Assert.NotNull(store.Checkpoint("sage_intacct", "ar_invoices"));
            Assert.NotNull(store.Checkpoint("sage_intacct", "ar_adjustments"));
        }
    }

    /// <summary>
    /// Business Central cannot hold everything the generator makes (DemoBusinessCentralRows.Differences;
    /// docs/connectors.md, Business Central, "Not read"), so its cards cannot all equal the import-only
    /// path's. The documented differences that move the cards: customers carry no account reference,
    /// so a B2B company matched by account reference alone counts as absent (one more in
    /// customers_absent, b2b_customers_absent_sync and customers_absent_blocked); documents carry no
    /// deferred amount and GL entries are in the company's local currency, so GL-booked revenue and
    /// the gap's shares move; cancelled orders are deleted in Business Central, so the voided group
    /// differs; documents are created at the start of their posting day, so invoices posted on the
    /// as-of day after the as-of moment count as invoiced and the pending-invoicing group shrinks.
    /// Everything else is asserted equal.
    /// </summary>
    [Fact]
    public void Demo_BusinessCentral_ThroughTheSimulator_AgreesWithImportOnly_ButForTheDocumentedDifferences()
    {
        var (synced, imported) = BothPaths("business_central");

        // The Shopify Connector logs nothing about the other platforms, so their sync log (and its freshness) is imported with the merges.
        Assert.Equal(["commerce_customers", "sources", "sync_log"], Directory.GetFiles(Path.Combine(scratch, "synced", "import")).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        Assert.Equal(imported.RootElement.GetProperty("as_of").GetRawText(), synced.RootElement.GetProperty("as_of").GetRawText());
        Assert.Equal(
            imported.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("key").GetString()),
            synced.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
        Assert.Equal(Measure(imported, "revenue_gap", "commerce_revenue"), Measure(synced, "revenue_gap", "commerce_revenue"));
        Assert.Equal(Group(imported, "revenue_gap", "credit_memo"), Group(synced, "revenue_gap", "credit_memo"));

        foreach (var group in new[] { "new_dtc", "returning_dtc_email_changed" })
        {
            Assert.Equal(Group(imported, "customers_absent", group), Group(synced, "customers_absent", group));
        }

        Assert.Equal(Measure(imported, "customers_absent", "dtc"), Measure(synced, "customers_absent", "dtc"));
        Assert.Equal(Group(imported, "customers_absent_blocked", "dtc"), Group(synced, "customers_absent_blocked", "dtc"));
        Assert.Equal(Group(imported, "b2b_customers_absent_sync", "never_synced"), Group(synced, "b2b_customers_absent_sync", "never_synced"));

        // The documented differences, named so a change in them is seen.
        Assert.Equal(Measure(imported, "customers_absent", "b2b") + 1, Measure(synced, "customers_absent", "b2b"));
        Assert.NotEqual(Measure(imported, "revenue_gap", "gl_booked_revenue"), Measure(synced, "revenue_gap", "gl_booked_revenue"));
        // Documents are created at the start of their posting day (the API has no creation time, and lastModifiedDateTime moves on
        // payment): an invoice posted on the as-of day after the as-of moment counts as invoiced by then, so fewer orders are pending.
        Assert.True(GroupCount(synced, "revenue_gap", "pending_invoicing") < GroupCount(imported, "revenue_gap", "pending_invoicing"));
    }

    /// <summary>
    /// Finance &amp; Operations cannot carry everything the generator makes (DemoDynamicsRows.Differences;
    /// docs/connectors.md, Finance &amp; Operations, "Not read"). The documented differences that move
    /// the cards: no invoice entity carries a deferred amount, so nothing is revenue_deferred; no
    /// entity says when a period was closed, so a lock counts from the day after the period end, and
    /// invoices created between then and the real close count as posted after the lock (pending
    /// invoicing grows, GL-booked revenue and the FX translation move with it). Every other card, and
    /// every other group of the gap, is asserted equal.
    /// </summary>
    [Fact]
    public void Demo_DynamicsFo_ThroughTheSimulator_AgreesWithImportOnly_ButForTheDocumentedDifferences()
    {
        var (synced, imported) = BothPaths("dynamics_fo");
        string[] moved = ["pending_invoicing", "revenue_deferred", "fx_translation"];

        // Through the simulators only what no API carries is imported: the storefront's merge records and the sync log's freshness row.
        Assert.Equal(["commerce_customers", "sources"], Directory.GetFiles(Path.Combine(scratch, "synced", "import")).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        Assert.Equal(imported.RootElement.GetProperty("as_of").GetRawText(), synced.RootElement.GetProperty("as_of").GetRawText());
        var keys = imported.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("key").GetString()!).ToList();
        Assert.Equal(keys, synced.RootElement.GetProperty("cards").EnumerateArray().Select(c => c.GetProperty("key").GetString()));
        foreach (var key in keys.Where(k => k is not "revenue_gap" and not "revenue_gap_breakdown"))
        {
            Assert.Equal(Card(imported, key).GetRawText(), Card(synced, key).GetRawText());
        }

        foreach (var card in new[] { "revenue_gap", "revenue_gap_breakdown" })
        {
            Assert.Equal(Measure(imported, card, "commerce_revenue"), Measure(synced, card, "commerce_revenue"));
            var groups = Card(imported, card).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()!).ToList();
            Assert.Equal(groups, Card(synced, card).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString()));
            foreach (var group in groups.Except(moved))
            {
                Assert.Equal(Group(imported, card, group), Group(synced, card, group));
            }

            // The documented differences, named so a change in them is seen.
            Assert.Equal(0m, Measure(synced, card, "share_revenue_deferred"));
            Assert.NotEqual(0m, Measure(imported, card, "share_revenue_deferred"));
            Assert.True(Measure(synced, card, "share_pending_invoicing") > Measure(imported, card, "share_pending_invoicing"));
            Assert.True(Measure(synced, card, "gl_booked_revenue") < Measure(imported, card, "gl_booked_revenue"));
        }
    }

    private static int GroupCount(JsonDocument wall, string card, string group) =>
        Card(wall, card).GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == group).GetProperty("count").GetInt32();

    private static string Group(JsonDocument wall, string card, string group) =>
        Card(wall, card).GetProperty("groups").EnumerateArray().Single(g => g.GetProperty("key").GetString() == group).GetRawText();

    private static decimal Measure(JsonDocument wall, string card, string measure)
    {
        var value = Card(wall, card).GetProperty("measures").GetProperty(measure);
        return value.ValueKind == JsonValueKind.String ? decimal.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : value.GetDecimal();
    }

    private (JsonDocument Synced, JsonDocument Imported) BothPaths(string erp = "sage_intacct")
    {
        var synced = Path.Combine(scratch, "synced");
        var imported = Path.Combine(scratch, "imported");
        var first = cli.Run("demo", DemoCommand.NoServeOption, "--dir", synced, "--orders", "2000", "--erp", erp);
        Assert.True(first.ExitCode == 0, $"exit {first.ExitCode}: {first.Error}");
        var second = cli.Run("demo", DemoCommand.NoServeOption, "--dir", imported, "--orders", "2000", "--erp", erp, DemoCommand.ImportOnlyOption);
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}: {second.Error}");
        return (JsonDocument.Parse(cli.Run("cards", "--workspace", synced, "--json").Output), JsonDocument.Parse(cli.Run("cards", "--workspace", imported, "--json").Output));
    }

    private static JsonElement Card(JsonDocument wall, string key) =>
        wall.RootElement.GetProperty("cards").EnumerateArray().Single(c => c.GetProperty("key").GetString() == key);
}
