using System.Globalization;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.DynamicsFo;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// The fault tests of quality.md (F1–F14) for the F&amp;O log read from data-management executions:
/// the keyset stream <c>dmf_execution_errors</c> over <c>DataManagementExecutionJobDetails</c> and
/// the <c>GetExecutionErrors</c> action it calls per failed import. Twelve executions, every third
/// failed with two records, four to a page; each test ends with the stored log equal to the source,
/// no duplicate id, no cursor gone back.
/// </summary>
public sealed class DmfFaultTests
{
    private const string Stream = "dmf_execution_errors";
    private const string Details = DynamicsFoSimulator.ExecutionJobDetails;
    private const string Action = DynamicsFoSimulator.ExecutionErrorsAction;
    private static readonly HashSet<string> DmfOnly = [Stream];
    private static readonly DateTimeOffset FirstStaged = DynamicsHarness.Start.AddHours(-3);

    private static async Task<(DynamicsHarness Harness, List<SyncLogEntry> Expected)> StartAsync(ConnectorHttpOptions? http = null, bool oneStagingStart = false)
    {
        var h = await DynamicsHarness.StartAsync(http);
        h.OnlyStreams = DmfOnly;
        h.PageSize = 4;
        var expected = new List<SyncLogEntry>();
        for (var i = 1; i <= 12; i++)
        {
            var job = string.Create(CultureInfo.InvariantCulture, $"IMP-{i:D3}");
            var entity = i % 2 == 0 ? DmfFixture.Orders : DmfFixture.Customers;
            var staged = oneStagingStart ? FirstStaged : FirstStaged.AddMinutes(5 * i);
            var failed = i % 3 == 0;
            h.Fo[Details].Put(DmfFixture.Detail(job, entity, staged, targetStatus: failed ? "Error" : "Finished", toProcess: 2, created: failed ? 0 : 2));
            if (failed)
            {
                var references = new[] { $"shopify:{1000 + i}", $"shopify:{2000 + i}" };
                h.Fo.PutExecutionErrors(job, references.Select(r => (r, "Name", $"{r} rejected")));
                expected.AddRange(references.Select(r => new SyncLogEntry($"{job}/{entity}/{r}", i % 2 == 0 ? SyncObject.Order : SyncObject.Customer, r,
                    staged.AddSeconds(30), SyncOutcome.Failed, $"{r} rejected (field Name)", staged)));
            }
        }

        return (h, expected);
    }

    private static StreamResult Result(SyncSummary summary) => summary.Streams.Single(s => s.Stream == Stream);

    private static int Posts(DynamicsHarness h) => h.Fo.Requests.Entries.Count(r => r.EntitySet == Action);

    private static void AssertConverged(DynamicsHarness h, IEnumerable<SyncLogEntry> expected)
    {
        var stored = h.Store.Load().SyncLog.OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(stored.Count, stored.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.OrderBy(e => e.Id, StringComparer.Ordinal), stored);
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [MemberData(nameof(CrashRun.EveryCutPoint), MemberType = typeof(CrashRun))]
    public async Task F1_RunDiesAtACutPointOfPageThree_TheNextRunConverges(CutPoint cut)
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;

        await CrashRun.DieThenRestartAsync(h.Store, h.Clock, cut, 3, Stream, (state, wrap) => h.SyncFoAsync(state, wrap), () =>
            // Pages one and two hold one failed import each (two records); page three holds two.
            Assert.Equal(cut == CutPoint.AfterCheckpoint ? 8 : 4, h.Store.Load().SyncLog.Count));

        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing_AndReadsBackOnlyTheReReadWindow()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        var first = await h.SyncFoAsync();
        Assert.True(first.Succeeded, Result(first).Message);
        Assert.True(Result(first).Pages >= 3);
        Assert.Equal(4, Posts(h));
        h.Clock.Advance(TimeSpan.FromHours(1));

        var second = await h.SyncFoAsync();

        Assert.True(second.Succeeded);
        Assert.Equal(0, Result(second).Upserted.Inserted + Result(second).Upserted.Updated + Result(second).Upserted.Stale);
        var query = Uri.UnescapeDataString(h.Fo.Requests.Entries.Last(r => r.EntitySet == Details).Query);
        Assert.Contains($"StagingStartDateTime ge {(FirstStaged.AddMinutes(60) - TimeSpan.FromMinutes(10) - TimeSpan.FromHours(24)).UtcDateTime:yyyy-MM-dd'T'HH:mm:ss}.000Z", query, StringComparison.Ordinal);
        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F3_StoredCursorInTheFuture_ReadsNothingAndKeepsIt()
    {
        var (h, _) = await StartAsync();
        await using var _h = h;
        var future = new SyncCursor(DynamicsHarness.Start.AddYears(1), "x");
        h.Store.CommitPage(DynamicsHarness.FoSource, Stream, [], [], future);

        var summary = await h.SyncFoAsync();

        Assert.Equal(StreamStatus.Skipped, Result(summary).Status);
        Assert.Empty(h.Fo.Requests.Entries);
        Assert.Equal(future, h.Store.Checkpoint(DynamicsHarness.FoSource, Stream)!.Cursor);
    }

    [Fact]
    public async Task F4_EveryExecutionSharesOneStagingStartAcrossPages_AllCaptured()
    {
        var (h, expected) = await StartAsync(oneStagingStart: true);
        await using var _ = h;

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Result(summary).Message);
        Assert.True(Result(summary).Pages >= 3);
        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F6_AnImportStillRunningAtTheFirstRead_IsReadOnceItFailed_ThroughTheReReadWindow()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        var staged = FirstStaged.AddMinutes(-30);
        h.Fo[Details].Put(DmfFixture.Detail("IMP-RUNNING", DmfFixture.Customers, staged, targetStatus: "Executing", toProcess: 1, created: 0));
        Assert.True((await h.SyncFoAsync()).Succeeded);
        Assert.DoesNotContain(h.Store.Load().SyncLog, e => e.Id.StartsWith("IMP-RUNNING", StringComparison.Ordinal));
        h.Fo[Details].Put(DmfFixture.Detail("IMP-RUNNING", DmfFixture.Customers, staged, targetStatus: "Error", toProcess: 1, created: 0));
        h.Fo.PutExecutionErrors("IMP-RUNNING", [("shopify:999", "Name", "late failure")]);
        h.Clock.Advance(TimeSpan.FromHours(2));

        Assert.True((await h.SyncFoAsync()).Succeeded);

        expected.Add(new SyncLogEntry("IMP-RUNNING/CustomersV3/shopify:999", SyncObject.Customer, "shopify:999", staged.AddSeconds(30), SyncOutcome.Failed, "late failure (field Name)", staged));
        AssertConverged(h, expected);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task F7_429OnTheAction_WaitsAtLeastRetryAfterThenCompletes(bool httpDate)
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        var retryAfter = httpDate ? DynamicsHarness.Start.AddSeconds(30).ToString("R", CultureInfo.InvariantCulture) : "7";
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.TooManyRequests) { Resource = Action, RetryAfter = retryAfter, After = 1 });

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Result(summary).Message);
        Assert.Contains(h.Clock.Waits, w => w >= TimeSpan.FromSeconds(httpDate ? 29 : 7));
        Assert.Equal(1, summary.Retries);
        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F8_Endless429OnTheAction_DefersTheStream_BoundsRequests_AndCommitsNothingOfThatPage()
    {
        var (h, _) = await StartAsync(new ConnectorHttpOptions { MaxRetryAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) });
        await using var _h = h;
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.TooManyRequests) { Resource = Action, Times = int.MaxValue });

        var summary = await h.SyncFoAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (Result(summary).Status, Result(summary).ErrorKind));
        Assert.Contains("deferred", Result(summary).Message, StringComparison.Ordinal);
        Assert.Equal(1 + 3, Posts(h));
        Assert.Empty(h.Store.Load().SyncLog);
        Assert.Null(h.Store.Checkpoint(DynamicsHarness.FoSource, Stream));
    }

    [Theory]
    [InlineData(DynamicsFaultKind.ServerError)]
    [InlineData(DynamicsFaultKind.ConnectionReset)]
    public async Task F9_BurstOfFailuresOnTheAction_IsRetriedWithBackoff(DynamicsFaultKind kind)
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Fo.Faults.Enqueue(new DynamicsFault(kind) { Resource = Action, Times = 3, After = 1 });

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Result(summary).Message);
        Assert.Equal(3, summary.Retries);
        AssertConverged(h, expected);
    }

    [Theory]
    [InlineData(DynamicsFaultKind.TruncatedJson, "not complete JSON")]
    [InlineData(DynamicsFaultKind.HtmlPage, "content type 'text/html'")]
    public async Task F10_BrokenActionAnswer_CommitsNothingOfItsPage_KeepsTheCursor_AndTheNextRunConverges(DynamicsFaultKind kind, string message)
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        // The second failed import (IMP-006) is on page two.
        h.Fo.Faults.Enqueue(new DynamicsFault(kind) { Resource = Action, After = 1 });

        var summary = await h.SyncFoAsync();

        var result = Result(summary);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable, 1), (result.Status, result.ErrorKind, result.Pages));
        Assert.Contains(message, result.Message, StringComparison.Ordinal);
        Assert.Equal(2, h.Store.Load().SyncLog.Count);
        Assert.Equal(result.CursorAfter, h.Store.Checkpoint(DynamicsHarness.FoSource, Stream)!.Cursor);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncFoAsync()).Succeeded);
        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F11_TheFieldTrapInAnAnswer_IsReadByTheFallback_AndTheUnreadableRecordIsQuarantinedAndCounted()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Fo.PutExecutionErrors("IMP-003",
            "[{\"RecordId\":\"shopify:1003\",\"Field\":\"Name\",\"ErrorMessage\":\"shopify:1003 \"rejected\"\r\n\"},{\"RecordId\":\"shopify:2003\",\"Field\":\"Name\",\"ErrorMessage\":\"shopify:2003 rejected\"}," + DmfFixture.Unreadable + "]");
        expected = [.. expected.Select(e => e.Id == "IMP-003/CustomersV3/shopify:1003" ? e with { Message = "shopify:1003 \"rejected\" (field Name)" } : e)];

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(1, Result(summary).Quarantined);
        Assert.Equal(1, h.Store.QuarantinedCount(DynamicsHarness.FoSource));
        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F12_TokenRevokedForOneActionCall_OneRefreshThenReplay()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.Unauthorized) { Resource = Action, After = 1 });

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Result(summary).Message);
        Assert.Equal(2, h.Tenant.Issuer.Issued);
        Assert.Equal(4 + 1, Posts(h));
        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F12_ActionRefusedTwice_NeedsReauthentication_WithoutTheSecret()
    {
        var (h, _) = await StartAsync();
        await using var _h = h;
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.Unauthorized) { Resource = Action, Times = 2 });

        var summary = await h.SyncFoAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, Result(summary).ErrorKind);
        Assert.Contains("gapwatch connect dynamics_fo", Result(summary).Message, StringComparison.Ordinal);
        Assert.DoesNotContain(DynamicsTenant.ClientSecret, Result(summary).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task F13_ExpiredNextLink_RestartsFromTheCheckpoint()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.ExpiredNextLink) { Resource = Details, After = 1 });

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Result(summary).Message);
        Assert.Equal(2, h.Fo.Requests.Entries.Count(r => r.EntitySet == Details && !r.FollowsNextLink));
        AssertConverged(h, expected);
    }

    [Fact]
    public async Task F13_SameNextLinkTwice_IsALoopAndStops()
    {
        var (h, _) = await StartAsync();
        await using var _h = h;
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.RepeatNextLink) { Resource = Details, After = 1, Times = int.MaxValue });

        var summary = await h.SyncFoAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (Result(summary).Status, Result(summary).ErrorKind));
        Assert.Contains("twice", Result(summary).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task F14_ANewerVersionOfAnEntryIsKept_WhenTheReReadDeliversTheOlder()
    {
        var (h, expected) = await StartAsync();
        await using var _ = h;
        var newer = expected[0] with { Message = "edited later", UpdatedAt = expected[0].UpdatedAt!.Value.AddHours(1) };
        h.Store.Upsert([newer]);

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(1, Result(summary).Upserted.Stale);
        Assert.Equal("edited later", h.Store.Load().SyncLog.Single(e => e.Id == newer.Id).Message);
    }
}
