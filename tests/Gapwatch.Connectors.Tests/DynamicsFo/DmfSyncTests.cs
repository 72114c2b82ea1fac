using Gapwatch.Cards;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Model;
using Gapwatch.Simulators.DynamicsFo;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// End to end over loopback HTTP: the demo's failed customer creates, served as data-management
/// import errors instead of own-contract log rows, are stored as the log entries card 4.2 shows as
/// "sync failed", each with the DMF log row that proves it.
/// </summary>
public sealed class DmfSyncTests
{
    private const string Stream = "dmf_execution_errors";

    [Fact]
    public async Task FailedCustomerCreates_ReadFromDmf_AreTheLogRowsCard42ShowsAsSyncFailed()
    {
        await using var h = await DynamicsHarness.StartAsync();
        var failures = h.Data.SyncLog.Where(e => e is { Object: SyncObject.Customer, Outcome: SyncOutcome.Failed }).OrderBy(e => e.AttemptedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        Assert.True(failures.Count >= 2, $"only {failures.Count} failed customer creates in the demo");
        var moved = failures.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(moved.Count, h.Fo[DynamicsFoSimulator.IntegrationLog].RemoveWhere(r => moved.Contains(r["LogId"]!.ToString())));
        var expected = DmfFixture.ServeFailures(h.Fo, failures);
        var details = h.Fo[DynamicsFoSimulator.ExecutionJobDetails];
        details.Put(DmfFixture.Detail("IMP-ORD-OK", DmfFixture.Orders, DynamicsHarness.Start.AddHours(-3)));
        details.Put(DmfFixture.Detail("IMP-VENDORS", "VendorsV2", DynamicsHarness.Start.AddHours(-3), targetStatus: "Error", created: 0));

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => $"{s.Stream}: {s.Status} {s.Message}")));
        var dmf = summary.Streams.Single(s => s.Stream == Stream);
        Assert.Equal(1, dmf.Quarantined); // the trap answer's record nothing could read
        var stored = h.Store.Load().SyncLog.Where(e => e.Id.StartsWith("IMP-", StringComparison.Ordinal)).OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(expected, stored);
        // One GetExecutionErrors per failed import; the passed import and the entity not named are never asked about.
        Assert.Equal(failures.Count, h.Fo.Requests.Entries.Count(r => r.Method == "POST" && r.EntitySet == DynamicsFoSimulator.ExecutionErrorsAction));
        Assert.All(h.Fo.Requests.Entries.Where(r => r.EntitySet == DynamicsFoSimulator.ExecutionJobDetails),
            r => Assert.Contains("EntityName eq 'CustomersV3'", Uri.UnescapeDataString(r.Query), StringComparison.Ordinal));

        var demo = DynamicsDemoRows.SharedWorkspace;
        var generated = Card42(DynamicsSyncTests.Workspace(demo.Data, demo.Data), demo);
        var live = Card42(DynamicsSyncTests.Workspace(demo.Data, h.Store.Load()), demo);
        Assert.Equal(generated.CustomerRows.Select(r => (r.Customer, r.Group)), live.CustomerRows.Select(r => (r.Customer, r.Group)));
        var dmfIdOf = failures.Zip(FixtureIdsInServeOrder(failures)).ToDictionary(p => p.First.Id, p => p.Second, StringComparer.Ordinal);
        var linked = 0;
        foreach (var (before, after) in generated.CustomerRows.Zip(live.CustomerRows))
        {
            if (before.SyncLogId is { } id && dmfIdOf.TryGetValue(id, out var dmfId))
            {
                Assert.Equal(("sync_failed", dmfId), (after.Group, after.SyncLogId));
                Assert.Contains(stored, e => e.Id == dmfId);
                linked++;
            }
        }

        Assert.True(linked > 0, "no sync-failed row of card 4.2 came from a failed customer create");
    }

    [Fact]
    public async Task DmfEntitiesNone_ReadsNoExecutionHistory()
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.DmfEntities = [];

        var summary = await h.SyncFoAsync();

        Assert.DoesNotContain(summary.Streams, s => s.Stream == Stream);
        Assert.DoesNotContain(h.Fo.Requests.Entries, r => r.EntitySet == DynamicsFoSimulator.ExecutionJobDetails);
    }

    [Fact]
    public async Task TheAction_RefusesABodyWithoutAnExecutionId_With400()
    {
        await using var h = await DynamicsHarness.StartAsync();
        var connection = h.FoConnection();
        using var http = new HttpClient();
        using var tokens = new Gapwatch.Connectors.Entra.EntraTokenSource(http, connection.Credentials, h.Clock, h.Metrics);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(connection.Environment, "data/DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.GetExecutionErrors"))
        {
            Content = new StringContent("{\"jobId\":\"IMP-1\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await tokens.GetAsync(CancellationToken.None));

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("executionId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static CardResult Card42(WorkspaceData data, Gapwatch.Generator.Demo.DemoWorkspace demo) =>
        CardEngine.ComputeAll(data, demo.Settings, demo.AsOf).Single(c => c.Key == CardKeys.B2bCustomersAbsentSync);

    /// <summary>The DMF id <see cref="DmfFixture.ServeFailures"/> gives each failure, in the order it served them.</summary>
    private static IEnumerable<string> FixtureIdsInServeOrder(IReadOnlyList<SyncLogEntry> failures) =>
        failures.Select((f, i) => $"IMP-{i + 1:D4}/{DmfFixture.Customers}/{f.ExternalReference}");
}
