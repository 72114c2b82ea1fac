namespace Gapwatch.Simulators.Shopify;

/// <summary>How the simulated shop behaves: its token, API versions and cost bucket.</summary>
public sealed record ShopifySimulatorOptions
{
    public string AccessToken { get; init; } = "shpat_simulator_token";

    public IReadOnlyList<string> ApiVersions { get; init; } = ["2026-01", "2026-04", "2026-07", "2026-10"];

    /// <summary>Bucket size in cost points (Standard plans: 2,000 for the 2024+ limits; 1,000 on older ones).</summary>
    public decimal BucketSize { get; init; } = 2000m;

    /// <summary>Points restored per second (Standard: 100).</summary>
    public decimal RestoreRate { get; init; } = 100m;

    /// <summary>The largest page size the API accepts.</summary>
    public int MaxPageSize { get; init; } = 250;

    /// <summary>Status polls that answer RUNNING before a bulk operation is COMPLETED.</summary>
    public int BulkPollsUntilDone { get; init; }

    /// <summary>The clock of the cost bucket (tests pass their fake clock).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
