using Gapwatch.Model;

namespace Gapwatch.Core.Tests.Architecture;

/// <summary>The core does no I/O: it references no HTTP, SQL, UI or file-format library.</summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] Forbidden =
    [
        "System.Net.Http", "Microsoft.AspNetCore", "Microsoft.Data.Sqlite", "Npgsql", "Dapper", "DuckDB", "YamlDotNet", "CsvHelper",
        "Spectre.Console", "System.CommandLine", "System.Data", "Gapwatch.Store", "Gapwatch.Files", "Gapwatch.Cli", "Gapwatch.Web",
    ];

    [Fact]
    public void Core_ReferencesNoEdgeAssembly()
    {
        var references = typeof(Money).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        var offending = references.Where(r => Forbidden.Any(f => r.StartsWith(f, StringComparison.Ordinal))).ToList();
        Assert.Empty(offending);
    }

    [Fact]
    public void Core_UsesNoSystemClock()
    {
        // The banned-API analyser enforces this at build time; this guards the analyser's configuration.
        var banned = File.ReadAllText(Path.Combine(RepositoryRoot(), "BannedSymbols.txt"));
        Assert.Contains("P:System.DateTime.UtcNow", banned, StringComparison.Ordinal);
        Assert.Contains("P:System.DateTimeOffset.UtcNow", banned, StringComparison.Ordinal);
        Assert.Contains("M:System.Decimal.op_Explicit(System.Decimal)~System.Double", banned, StringComparison.Ordinal);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gapwatch.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
