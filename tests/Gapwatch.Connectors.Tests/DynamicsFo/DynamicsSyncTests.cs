using System.Text.Json;
using Gapwatch.Cards;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.OData;
using Gapwatch.Model;
using Gapwatch.Store;
using Gapwatch.Simulators.DynamicsFo;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// End to end over loopback HTTP: the demo generator's F&amp;O ERP side and Dataverse records,
/// served by the simulators and synced by the real connectors, come back as the generator's records.
/// </summary>
public sealed class DynamicsSyncTests
{
    [Fact]
    public async Task FullSync_StoresTheGeneratorsErpSideAndDataverseRecords()
    {
        await using var h = await DynamicsHarness.StartAsync();

        var fo = await h.SyncFoAsync();
        var dataverse = await h.SyncDataverseAsync();

        Assert.True(fo.Succeeded, string.Join("; ", fo.Streams.Select(s => $"{s.Stream}: {s.Status} {s.Message}")));
        Assert.True(dataverse.Succeeded, string.Join("; ", dataverse.Streams.Select(s => $"{s.Stream}: {s.Status} {s.Message}")));
        h.AssertFoEqualsSource();
        h.AssertDataverseEqualsSource();
        Assert.Contains(h.Store.Load().DataverseRecords, r => !r.PromotedToErp);
        Assert.All(fo.Streams, s => Assert.Equal(0, s.Quarantined));
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task EveryCard_ComputedFromTheLiveFilledWorkspace_EqualsTheCardsOfTheGeneratorsWorkspace_AsFoCarriesIt()
    {
        await using var h = await DynamicsHarness.StartAsync();
        await h.SyncFoAsync();
        await h.SyncDataverseAsync();
        var demo = DynamicsDemoRows.SharedWorkspace;
        var synced = h.Store.Load();
        // The storefront side and the freshness rows are not these connectors': they come from the generator in both.
        // Both sides list the ERP records in key order (the store's), as card rows tie on input order.
        // The generator's side is what F&O can carry of it (DemoDynamicsRows.Differences: no deferrals, the orders' dimensions, locks the day after the period).
        var generated = Workspace(demo.Data, DynamicsDemoRows.Expected(demo.Data));
        var live = Workspace(demo.Data, synced);

        var expected = CardEngine.ComputeAll(generated, demo.Settings, demo.AsOf);
        var actual = CardEngine.ComputeAll(live, demo.Settings, demo.AsOf);

        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(JsonSerializer.Serialize(expected[i], GapwatchJson.Options), JsonSerializer.Serialize(actual[i], GapwatchJson.Options));
        }

        var absentSync = actual.Single(c => c.Key == CardKeys.B2bCustomersAbsentSync);
        Assert.Contains("SYNC-", JsonSerializer.Serialize(absentSync, GapwatchJson.Options), StringComparison.Ordinal);
    }

    internal static WorkspaceData Workspace(WorkspaceData commerce, WorkspaceData erp)
    {
        var data = new WorkspaceData();
        data.CommerceCustomers.AddRange(commerce.CommerceCustomers);
        data.CommerceOrders.AddRange(commerce.CommerceOrders);
        data.CommerceRefunds.AddRange(commerce.CommerceRefunds);
        data.Sources.AddRange(commerce.Sources);
        data.ErpCustomers.AddRange(ByKey(erp.ErpCustomers));
        data.ErpSalesOrders.AddRange(ByKey(erp.ErpSalesOrders));
        data.ErpDocuments.AddRange(ByKey(erp.ErpDocuments));
        data.GlEntries.AddRange(ByKey(erp.GlEntries));
        data.ExchangeRates.AddRange(ByKey(erp.ExchangeRates));
        data.PeriodLocks.AddRange(ByKey(erp.PeriodLocks));
        data.SyncLog.AddRange(ByKey(erp.SyncLog));
        data.DataverseRecords.AddRange(ByKey(erp.DataverseRecords));
        return data;
    }

    private static IEnumerable<T> ByKey<T>(IEnumerable<T> records)
        where T : ISourceRecord => records.OrderBy(r => r.Key, StringComparer.Ordinal);

    [Fact]
    public async Task EveryFoRequest_AsksCrossCompany_AndTheOtherCompanyIsRead()
    {
        await using var h = await DynamicsHarness.StartAsync();

        await h.SyncFoAsync();

        Assert.All(h.Fo.Requests.Entries, r => Assert.True(r.CrossCompany, $"{r.EntitySet}{r.Query} without cross-company=true"));
        Assert.Contains(h.Store.Load().ErpCustomers, c => c.Entity == "CAMF");
    }

    [Fact]
    public async Task WithoutCrossCompany_TheSimulatorAnswersTheDefaultCompanyOnly_AsFoDoes()
    {
        await using var h = await DynamicsHarness.StartAsync();
        using var http = new HttpClient();
        var connection = h.FoConnection();
        using var tokens = new EntraTokenSource(http, connection.Credentials, h.Clock, h.Metrics);
        var client = new ODataClient(http, tokens, new ODataService(connection.Environment, "F&O", new RefusalAdvice { Unauthorized = "-", Forbidden = "-", NotFound = "-" }), h.Metrics);

        async Task<HashSet<string?>> CompaniesAsync(string query) =>
            [.. (await client.GetPageAsync(new Uri(connection.Environment, "data/CustomersV3?" + query), 10_000, "customers",
                (body, ct) => JsonSerializer.DeserializeAsync<ODataEnvelope<JsonElement>>(body, JsonSerializerOptions.Web, ct), CancellationToken.None))
                .Rows.Select(r => r.GetProperty("dataAreaId").GetString())];

        Assert.Equal(["usmf"], await CompaniesAsync("$select=dataAreaId,CustomerAccount"));
        Assert.Equal(["usmf", "camf"], (await CompaniesAsync("cross-company=true&$select=dataAreaId,CustomerAccount")).Order(StringComparer.Ordinal).Reverse());
    }

    [Fact]
    public async Task GlEntries_AreFilteredOnTheCurrentPostingLayer_WithTheEnumLiteral()
    {
        await using var h = await DynamicsHarness.StartAsync();

        await h.SyncFoAsync();

        var gl = h.Fo.Requests.Entries.First(r => r.EntitySet == DynamicsFoSimulator.GlJournalEntries);
        Assert.Contains("Microsoft.Dynamics.DataEntities.CurrentOperationsTax'Current'", Uri.UnescapeDataString(gl.Query), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Joins_AskAtMost50KeysPerRequest_AndEveryRequestIsOnARealEntitySet()
    {
        await using var h = await DynamicsHarness.StartAsync();

        var fo = await h.SyncFoAsync();

        Assert.True(fo.Succeeded);
        var lines = h.Fo.Requests.Entries.Where(r => r.EntitySet == DynamicsFoSimulator.GlEntries && !r.FollowsNextLink).ToList();
        var headers = h.Fo[DynamicsFoSimulator.GlJournalEntries].Count;
        // One line request per 50 headers (each header page asks for its own).
        Assert.InRange(lines.Count, (headers + 49) / 50, (headers + 49) / 50 + Stream(fo, "gl_entries").Pages);
        Assert.All(lines, r => Assert.InRange(Uri.UnescapeDataString(r.Query).Split(" or ").Length, 1, 50));
        Assert.Contains(h.Fo.Requests.Entries, r => r.EntitySet == DynamicsFoSimulator.SalesOrders && Uri.UnescapeDataString(r.Query).Contains("SalesOrderNumber eq", StringComparison.Ordinal));
        Assert.Contains(h.Fo.Requests.Entries, r => r.EntitySet == DynamicsFoSimulator.FiscalPeriods);
    }

    [Fact]
    public async Task ASelectOfAPropertyTheEntityDoesNotHave_IsRefused400_AsFoDoes()
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.OnlyStreams = new HashSet<string> { "invoices" };
        using var http = new HttpClient();
        var connection = h.FoConnection();
        using var tokens = new EntraTokenSource(http, connection.Credentials, h.Clock, h.Metrics);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(connection.Environment, "data/CustInvoiceJourBiEntities?cross-company=true&$select=InvoiceId,DeferredRevenueAmount"));
        request.Headers.Authorization = new("Bearer", await tokens.GetAsync(CancellationToken.None));

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("DeferredRevenueAmount", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Gapwatch.Connectors.Sync.StreamResult Stream(Gapwatch.Connectors.Sync.SyncSummary summary, string name) => summary.Streams.Single(s => s.Stream == name);

    [Fact]
    public async Task DataverseWithoutTheFoCheck_CountsEveryAccountWithANumberAndCompanyAsPromoted()
    {
        await using var h = await DynamicsHarness.StartAsync();

        await h.SyncDataverseAsync(confirmInFo: false);

        var stored = h.Store.Load().DataverseRecords;
        // A third of the unpromoted carry an account and company F&O does not know: only the F&O check finds them out.
        Assert.True(stored.Count(r => r.PromotedToErp) > h.Data.DataverseRecords.Count(r => r.PromotedToErp));
        Assert.Empty(h.Fo.Requests.Entries);
    }
}
