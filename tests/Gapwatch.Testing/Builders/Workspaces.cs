using Gapwatch.Generator.Seeds;
using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Testing.Builders;

/// <summary>Small workspaces for rule tests: one clock, one time zone (UTC), readable ids.</summary>
public static class Workspaces
{
    /// <summary>As-of time of every test workspace: the last second of 12 Apr 2026, UTC.</summary>
    public static DateTimeOffset AsOf { get; } = new(2026, 4, 12, 23, 59, 59, TimeSpan.Zero);

    public static SeedBuilder Builder() => new(AsOf, TimeSpan.Zero);

    public static WorkspaceSettings Settings(ErpKind erp = ErpKind.SageIntacct, params string[] entities) => new()
    {
        Name = "test",
        Erp = erp,
        Entities = entities.Length == 0 ? ["E1"] : entities,
        ReportingCurrency = Currency.Of("USD"),
        TimeZone = "UTC",
    };
}
