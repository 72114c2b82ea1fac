using Gapwatch.Model;
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
    public async Task EveryFoRequest_AsksCrossCompany_AndTheOtherCompanyIsRead()
    {
        await using var h = await DynamicsHarness.StartAsync();

        await h.SyncFoAsync();

        Assert.All(h.Fo.Requests.Entries, r => Assert.True(r.CrossCompany, $"{r.EntitySet}{r.Query} without cross-company=true"));
        Assert.Contains(h.Store.Load().ErpCustomers, c => c.Entity == "CAMF");
    }

    [Fact]
    public async Task GlEntries_AreFilteredOnTheCurrentPostingLayer_WithTheEnumLiteral()
    {
        await using var h = await DynamicsHarness.StartAsync();

        await h.SyncFoAsync();

        var gl = h.Fo.Requests.Entries.First(r => r.EntitySet == DynamicsFoSimulator.GlEntries);
        Assert.Contains("Microsoft.Dynamics.DataEntities.CurrentOperationsTax'Current'", Uri.UnescapeDataString(gl.Query), StringComparison.Ordinal);
    }

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
