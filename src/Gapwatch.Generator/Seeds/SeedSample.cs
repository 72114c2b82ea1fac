using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Seeds;

/// <summary>A worked example as a workspace: its field map, its facts and the as-of date it is read at.</summary>
public sealed record SeedSample(string Name, WorkspaceSettings Settings, WorkspaceData Data, DateOnly AsOf);

/// <summary>The five worked examples of the product spec §7, as data that states their facts.</summary>
public static class SeedSamples
{
    public static IReadOnlyList<SeedSample> All() =>
    [
        SageB2bSyncSample.Build(),
        SageAbsentSample.Build(),
        SageRevenueGapSample.Build(),
        D365AbsentSample.Build(),
        BusinessCentralRevenueGapSample.Build(),
    ];
}
