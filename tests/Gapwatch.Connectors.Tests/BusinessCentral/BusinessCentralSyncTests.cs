using System.Globalization;
using Gapwatch.Cards;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Connectors.Sync;
using Gapwatch.Generator.Demo;
using Gapwatch.Model;
using Gapwatch.Simulators.BusinessCentral;
using Gapwatch.Cli.Commands.Demo;
using Xunit.Abstractions;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>
/// End to end: the demo generator's Business Central side, served by the simulator in Business
/// Central's shapes, synced over HTTP into SQLite, equals the generator's records (less what Business
/// Central cannot hold, listed in <see cref="DemoBusinessCentralRows.Differences"/>), and every card is
/// computable from the live-filled workspace.
/// </summary>
public sealed class BusinessCentralSyncTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DemoErpSide_SyncedThroughTheSimulator_EqualsTheGeneratorsRecords_AndEveryCardComputes()
    {
        var demo = DemoWorkspaceGenerator.Generate(new DemoOptions { Orders = DemoOptions.MinimumOrders, Erp = ErpKind.BusinessCentral });
        var lastSync = demo.Data.Sources.Single(s => s.Source == "business_central").LastSuccessfulSyncAt;
        var (dataset, companies) = Serve(demo.Data, demo.Settings.Entities, lastSync);
        await using var harness = await BusinessCentralHarness.StartAsync(dataset, lastSync + new SyncOptions().SafetyLag, companies);
        harness.PageSize = 500;

        var summary = await harness.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Where(s => s.Status != StreamStatus.Completed).Select(s => $"{s.Stream}: {s.Message}")));
        Assert.Equal(0, summary.Quarantined);
        var live = harness.Store.Load();
        var expected = Expected(demo.Data, demo.Settings.Entities[0], lastSync);
        AssertSame("erp_customers", expected.ErpCustomers, live.ErpCustomers);
        AssertSame("erp_sales_orders", expected.ErpSalesOrders, live.ErpSalesOrders);
        AssertSame("erp_documents", expected.ErpDocuments, live.ErpDocuments);
        AssertSame("exchange_rates", expected.ExchangeRates, live.ExchangeRates);
        AssertSame("period_locks", expected.PeriodLocks, live.PeriodLocks);
        AssertSame("sync_log", expected.SyncLog, live.SyncLog);
        Assert.Equal(demo.Data.GlEntries.Select(g => (g.Entity, Id: DemoBusinessCentralRows.EntryNumber(g.Id).ToString(CultureInfo.InvariantCulture), g.PostedOn, g.Account, g.SourceDocumentId, g.Dimensions)).Order(),
            live.GlEntries.Select(g => (g.Entity, g.Id, g.PostedOn, g.Account, g.SourceDocumentId, g.Dimensions)).Order());
        Assert.All(live.GlEntries.Where(g => g.Entity == demo.Settings.Entities[0]), g => Assert.Equal("USD", g.Currency));

        // Every card from the live store plus the storefront side, beside the import-only figures.
        foreach (var record in demo.Data.CommerceCustomers.Cast<ISourceRecord>().Concat(demo.Data.CommerceOrders).Concat(demo.Data.CommerceRefunds).Concat(demo.Data.Sources))
        {
            live.Add(record);
        }

        var cards = CardEngine.ComputeAll(live, demo.Settings, demo.AsOf);
        var imported = CardEngine.ComputeAll(demo.Data, demo.Settings, demo.AsOf);
        Assert.Equal(imported.Select(c => c.Key), cards.Select(c => c.Key));
        foreach (var (card, reference) in cards.Zip(imported))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{card.Key}: live {card.Headline} {card.Unit}, import-only {reference.Headline}; groups live [{string.Join(", ", card.Groups.Select(g => $"{g.Key} {g.Amount?.Amount ?? g.Count}"))}] import [{string.Join(", ", reference.Groups.Select(g => $"{g.Key} {g.Amount?.Amount ?? g.Count}"))}]"));
        }
    }

    /// <summary>The simulator's dataset for a generated workspace, and the company → entity map of the connection.</summary>
    internal static (BusinessCentralDataset Dataset, IReadOnlyList<BusinessCentralCompany> Companies) Serve(WorkspaceData data, IReadOnlyList<string> entities, DateTimeOffset lastSync)
    {
        var dataset = new BusinessCentralDataset();
        var companies = new List<BusinessCentralCompany>();
        foreach (var company in DemoBusinessCentralRows.Build(data, entities, "USD", lastSync))
        {
            var served = dataset.AddCompany(company.Name, company.Id);
            foreach (var (collection, rows) in company.Collections)
            {
                served.Publish(collection);
                served.UpsertAll(collection, rows);
            }

            companies.Add(new BusinessCentralCompany(company.Name, company.Entity));
        }

        return (dataset, companies);
    }

    /// <summary>The generator's ERP records as Business Central can hold them (see <see cref="DemoBusinessCentralRows.Differences"/>), versions left out.</summary>
    private static WorkspaceData Expected(WorkspaceData data, string logEntity, DateTimeOffset lastSync)
    {
        var expected = new WorkspaceData();
        expected.ErpCustomers.AddRange(data.ErpCustomers.Select(c => c with { AccountReference = null, IsHolding = false }));
        var invoices = data.ErpDocuments.Where(d => d.DocumentKind == ErpDocumentKind.Invoice).ToList();
        foreach (var order in data.ErpSalesOrders.Where(o => o.Status != ErpOrderStatus.Cancelled))
        {
            if (order.Status != ErpOrderStatus.Invoiced)
            {
                expected.ErpSalesOrders.Add(order with { CreatedAt = new DateTimeOffset(order.CreatedAt.UtcDateTime.Date, TimeSpan.Zero) });
            }
            else if (invoices.FirstOrDefault(i => i.Entity == order.Entity && i.ExternalOrderReference == order.ExternalOrderReference) is { } invoice)
            {
                expected.ErpSalesOrders.Add(order with
                {
                    CustomerId = invoice.CustomerId, Currency = invoice.Currency, NetAmount = invoice.NetAmount, Dimensions = invoice.Dimensions,
                    CreatedAt = new DateTimeOffset(invoice.PostedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
                });
            }
        }

        expected.ErpDocuments.AddRange(data.ErpDocuments.Select(d => d with { DeferredAmount = 0m, CreatedAt = new DateTimeOffset(d.PostedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) }));
        expected.ExchangeRates.AddRange(data.ExchangeRates);
        expected.PeriodLocks.AddRange(data.PeriodLocks);
        expected.SyncLog.AddRange(data.SyncLog.Where(e => e.ExternalReference.StartsWith("shopify:", StringComparison.Ordinal)).Select(e => e with
        {
            Id = $"{logEntity}:{(e.Outcome == SyncOutcome.Skipped ? "ShpfySkippedRecords" : "ShpfyLogEntries")}:{DemoBusinessCentralRows.EntryNumber(e.Id)}",
            Outcome = e.Outcome == SyncOutcome.Updated ? SyncOutcome.Created : e.Outcome,
            Message = e.Outcome == SyncOutcome.Created || e.Outcome == SyncOutcome.Updated ? null : e.Message,
        }));
        return expected;
    }

    private static void AssertSame<T>(string kind, IEnumerable<T> expected, IEnumerable<T> actual)
        where T : ISourceRecord
    {
        var want = expected.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var got = actual.ToDictionary(r => r.Key, StringComparer.Ordinal);
        var differences = want.Keys.Union(got.Keys).Order(StringComparer.Ordinal)
            .Where(k => !want.TryGetValue(k, out var w) || !got.TryGetValue(k, out var g) || !Equal(w, g))
            .Select(k => $"{k}: expected {(want.TryGetValue(k, out var w) ? w : "none")}, synced {(got.TryGetValue(k, out var g) ? g : "none")}")
            .ToList();
        Assert.True(differences.Count == 0, $"{kind}: {differences.Count} of {want.Count} differ, e.g.\n{string.Join("\n", differences.Take(5))}");
    }

    private static bool Equal<T>(T expected, T actual)
        where T : ISourceRecord =>
        (expected, actual) switch
        {
            (ErpCustomer a, ErpCustomer b) => a with { UpdatedAt = null } == b with { UpdatedAt = null },
            (ErpSalesOrder a, ErpSalesOrder b) => a with { UpdatedAt = null } == b with { UpdatedAt = null },
            (ErpDocument a, ErpDocument b) => a with { UpdatedAt = null } == b with { UpdatedAt = null },
            (ExchangeRate a, ExchangeRate b) => a with { UpdatedAt = null } == b with { UpdatedAt = null },
            (PeriodLock a, PeriodLock b) => a with { UpdatedAt = null } == b with { UpdatedAt = null },
            (SyncLogEntry a, SyncLogEntry b) => a with { UpdatedAt = null } == b with { UpdatedAt = null },
            _ => false,
        };
}
