using System.Text.Json;
using Gapwatch.Cli.Commands;
using Gapwatch.Files.Workspace;

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
        var result = cli.Run("demo", "--dir", dir);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Error}");
        Assert.Contains($"The demo workspace is at {dir}", result.Output, StringComparison.Ordinal);
        Assert.Contains($"gapwatch card customers_absent --workspace {dir}", result.Output, StringComparison.Ordinal);
        Assert.Contains("--json", result.Output, StringComparison.Ordinal);
        Assert.Contains("revenue_gap_breakdown", result.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, WorkspaceFile.FileName)));
        Assert.True(File.Exists(Path.Combine(dir, DemoCommand.MarkerFile)));
        Assert.True(File.Exists(Path.Combine(dir, "import", "commerce_orders.csv")));

        var wall = cli.Run("cards", "--workspace", dir, "--json");
        Assert.Equal(0, wall.ExitCode);
        using var json = JsonDocument.Parse(wall.Output);
        Assert.Equal(5, json.RootElement.GetProperty("cards").GetArrayLength());
    }

    [Fact]
    public void Demo_EarlierDemoInTheFolder_IsReplaced()
    {
        var dir = Path.Combine(scratch, "demo");
        Assert.Equal(0, cli.Run("demo", "--dir", dir, "--orders", "2000", "--erp", "dynamics_fo").ExitCode);
        File.WriteAllText(Path.Combine(dir, "left-over.txt"), "from the first run");

        var again = cli.Run("demo", "--dir", dir, "--orders", "2000", "--erp", "business_central");

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

        var result = cli.Run("demo", "--dir", dir, "--orders", "2000");

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

        var result = cli.Run("demo", "--dir", dir, option, value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(option, result.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }
}
