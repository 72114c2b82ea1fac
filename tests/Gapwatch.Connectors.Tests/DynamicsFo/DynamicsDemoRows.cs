using System.Globalization;
using Gapwatch.Cli.Commands.Demo;
using Gapwatch.Generator.Demo;
using Gapwatch.Model;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// The tests' side of the demo's F&amp;O rows: the shared smallest demo and what a full sync must
/// store. The wire conversion itself is the demo's, <see cref="DemoDynamicsRows"/>.
/// </summary>
internal static class DynamicsDemoRows
{
    private static readonly Lazy<DemoWorkspace> Smallest = new(() => Generate(DemoOptions.MinimumOrders));

    /// <summary>The smallest demo, generated once per test run (records are immutable; no test changes the lists).</summary>
    public static WorkspaceData Shared => Smallest.Value.Data;

    /// <summary>The smallest demo with its settings and as-of time.</summary>
    public static DemoWorkspace SharedWorkspace => Smallest.Value;

    public static DemoWorkspace Generate(int orders) =>
        DemoWorkspaceGenerator.Generate(new DemoOptions { Erp = ErpKind.DynamicsFo, Orders = orders });

    /// <summary>What a full sync must store, kind by kind, in the store's order: the generator's records less <see cref="DemoDynamicsRows.Differences"/>.</summary>
    public static WorkspaceData Expected(WorkspaceData data)
    {
        var expected = new WorkspaceData();
        var orders = DemoDynamicsRows.SalesOrdersByReference(data);
        expected.ErpCustomers.AddRange(data.ErpCustomers.Select(c => c with { UpdatedAt = null }));
        expected.ErpSalesOrders.AddRange(data.ErpSalesOrders.Select(o => o with { UpdatedAt = null }));
        expected.ErpDocuments.AddRange(data.ErpDocuments.Select(d => d with
        {
            DeferredAmount = 0m,
            Dimensions = DemoDynamicsRows.SalesOrderOf(orders, d)?.Dimensions ?? Dimensions.None,
            UpdatedAt = d.UpdatedAt ?? d.CreatedAt,
        }));
        expected.GlEntries.AddRange(data.GlEntries.Select(g => g with { Id = DemoDynamicsRows.RecId(g.Id).ToString(CultureInfo.InvariantCulture), UpdatedAt = null }));
        expected.ExchangeRates.AddRange(data.ExchangeRates.Select(r => r with { UpdatedAt = null }));
        expected.PeriodLocks.AddRange(data.PeriodLocks.Select(p => p with
        {
            LockedAt = new DateTimeOffset(p.PeriodEnd.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            UpdatedAt = null,
        }));
        expected.SyncLog.AddRange(data.SyncLog);
        expected.DataverseRecords.AddRange(data.DataverseRecords);
        return expected;
    }

}
