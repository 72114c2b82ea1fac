using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Demo;

/// <summary>
/// What the demo workspace is generated from. The same options always give the same data: the
/// seed drives one <see cref="Random"/> and every instant is derived from a fixed as-of time.
/// </summary>
public sealed record DemoOptions
{
    public const int DefaultSeed = 2026;

    public const int DefaultOrders = 20_000;

    /// <summary>Below this the planted cases (every reason, cohort and cause) would be most of the data.</summary>
    public const int MinimumOrders = 2_000;

    /// <summary>A limit so a typo cannot fill the disk: a million orders is about 850 MB of import files and a store several times that.</summary>
    public const int MaximumOrders = 1_000_000;

    public int Seed { get; init; } = DefaultSeed;

    /// <summary>Commerce orders over the whole history (about eleven weeks; the revenue window holds about 40% of them).</summary>
    public int Orders { get; init; } = DefaultOrders;

    public ErpKind Erp { get; init; } = ErpKind.SageIntacct;

    /// <summary>Throws when an option is outside its documented range.</summary>
    public void Validate()
    {
        if (Orders is < MinimumOrders or > MaximumOrders)
        {
            throw new ArgumentOutOfRangeException(nameof(Orders), Orders, $"orders must be between {MinimumOrders:N0} and {MaximumOrders:N0}");
        }

        if (!Enum.IsDefined(Erp))
        {
            throw new ArgumentOutOfRangeException(nameof(Erp), Erp, "unknown ERP");
        }
    }
}

/// <summary>A generated demo workspace: its field map, its facts and the as-of time its sources align on.</summary>
public sealed record DemoWorkspace(WorkspaceSettings Settings, WorkspaceData Data, DateTimeOffset AsOf);
