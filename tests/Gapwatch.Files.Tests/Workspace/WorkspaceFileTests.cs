using Gapwatch.Files.Workspace;
using Gapwatch.Generator.Seeds;
using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Files.Tests.Workspace;

public sealed class WorkspaceFileTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-yaml-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string FilePath => Path.Combine(directory, WorkspaceFile.FileName);

    [Fact]
    public void Init_ThenLoad_GivesTheDefaults()
    {
        WorkspaceFile.Init(directory, new WorkspaceInitOptions { Name = "Acme", Erp = "business_central", ReportingCurrency = "GBP" });
        var settings = WorkspaceFile.Load(directory);
        Assert.Equal("Acme", settings.Name);
        Assert.Equal(ErpKind.BusinessCentral, settings.Erp);
        Assert.Equal("GBP", settings.ReportingCurrency.Code);
        Assert.Equal([MatchKey.VatNumber, MatchKey.AccountReference, MatchKey.Email], settings.B2bMatchKeys);
        Assert.Equal([MatchKey.Email], settings.DtcMatchKeys);
        Assert.Equal(15, settings.Tolerances.SyncLagMinutes);
        Assert.Equal(48, settings.Tolerances.PeriodBoundaryHours);
        Assert.Equal(7, settings.Windows.CustomerCardDays);
        Assert.Equal(30, settings.Windows.RevenueGapDays);
        Assert.Equal(10_000m, settings.Thresholds.RevenueGapUnknown);
        Assert.Null(settings.Thresholds.CustomersAbsentB2b);
    }

    [Fact]
    public void Init_ExistingFile_IsRefused()
    {
        WorkspaceFile.Init(directory, new WorkspaceInitOptions { Name = "Acme" });
        var error = Assert.Throws<WorkspaceFileException>(() => WorkspaceFile.Init(directory, new WorkspaceInitOptions { Name = "Other" }));
        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Save_ThenLoad_KeepsEverySettingOfEverySample()
    {
        foreach (var sample in SeedSamples.All())
        {
            WorkspaceFile.Save(directory, sample.Settings);
            var back = WorkspaceFile.Load(directory);
            Assert.Equal(WorkspaceFileWriter.Render(sample.Settings), WorkspaceFileWriter.Render(back));
        }
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("366", true)]
    [InlineData("367", false)]
    [InlineData("thirty", false)]
    public void Load_RevenueGapDays_AcceptsOneTo366(string value, bool valid)
    {
        WriteDefaultsWith("  revenue_gap_days: 30", $"  revenue_gap_days: {value}");
        if (valid)
        {
            Assert.Equal(int.Parse(value, System.Globalization.CultureInfo.InvariantCulture), WorkspaceFile.Load(directory).Windows.RevenueGapDays);
            return;
        }

        var error = Assert.Throws<WorkspaceFileException>(() => WorkspaceFile.Load(directory));
        Assert.Equal($"gapwatch.yaml: windows.revenue_gap_days: expected a whole number from 1 to 366, got '{value}' (line 45, column 21)", Assert.Single(error.Problems));
    }

    [Fact]
    public void Load_SeveralMistakes_ListsEveryOneWithItsKey()
    {
        WorkspaceFile.Init(directory, new WorkspaceInitOptions { Name = "Acme", Entities = ["EAST"] });
        var text = File.ReadAllText(FilePath)
            .Replace("erp: sage_intacct", "erp: netsuite", StringComparison.Ordinal)
            .Replace("reporting_currency: USD", "reporting_currency: US$", StringComparison.Ordinal)
            .Replace("time_zone: \"UTC\"", "time_zone: \"Mars/Olympus\"", StringComparison.Ordinal)
            .Replace("  default_entity: null", "  default_entity: \"WEST\"", StringComparison.Ordinal)
            + "\nmatch_key: [email]\n";
        File.WriteAllText(FilePath, text);
        var problems = Assert.Throws<WorkspaceFileException>(() => WorkspaceFile.Load(directory)).Problems;
        Assert.Contains(problems, p => p.StartsWith("gapwatch.yaml: match_key: unknown key (allowed here: name, erp,", StringComparison.Ordinal));
        Assert.Contains("gapwatch.yaml: erp: 'netsuite' is not an ERP (allowed: sage_intacct, business_central, dynamics_fo)", problems);
        Assert.Contains("gapwatch.yaml: reporting_currency: 'US$' is not a supported ISO 4217 currency code (for example USD, EUR, GBP)", problems);
        Assert.Contains("gapwatch.yaml: time_zone: 'Mars/Olympus' is not an IANA time zone (for example Europe/London, America/New_York, UTC)", problems);
        Assert.Contains("gapwatch.yaml: entity_routing.default_entity: 'WEST' is not one of the entities (the entities are: EAST)", problems);
    }

    [Fact]
    public void Load_BrokenYaml_NamesLineAndColumn()
    {
        File.WriteAllText(FilePath, "name: \"Acme\"\nerp: [sage_intacct\n");
        var error = Assert.Throws<WorkspaceFileException>(() => WorkspaceFile.Load(directory));
        Assert.StartsWith("gapwatch.yaml: not valid YAML at line", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NoFile_SaysHowToCreateOne()
    {
        var error = Assert.Throws<WorkspaceFileException>(() => WorkspaceFile.Load(directory));
        Assert.Contains("gapwatch init", error.Message, StringComparison.Ordinal);
    }

    private void WriteDefaultsWith(string find, string replace)
    {
        WorkspaceFile.Init(directory, new WorkspaceInitOptions { Name = "Acme" });
        File.WriteAllText(FilePath, File.ReadAllText(FilePath).Replace(find, replace, StringComparison.Ordinal));
    }
}
