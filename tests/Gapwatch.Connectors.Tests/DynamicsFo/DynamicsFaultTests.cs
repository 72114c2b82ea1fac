using Gapwatch.Cli.Commands.Demo;
using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.Dataverse;
using Gapwatch.Simulators.DynamicsFo;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// The fault tests of quality.md (F2–F14) against the simulated F&amp;O environment (the snapshot
/// stream <c>gl_entries</c>, journal entries joined to their lines, and the keyset stream
/// <c>invoices</c>, joined to their sales orders) and Dataverse organisation (keyset, <c>accounts</c>).
/// Each ends with the store equal to the source, no duplicate key, no cursor gone back. The F&amp;O
/// log read from data-management executions (<c>dmf_execution_errors</c> and its action) has its
/// own F1–F14 in <see cref="DmfFaultTests"/>.
/// </summary>
public sealed class DynamicsFaultTests
{
    private static readonly HashSet<string> InvoicesOnly = ["invoices"];
    private static readonly HashSet<string> GlOnly = ["gl_entries"];
    private static readonly HashSet<string> AccountsOnly = ["accounts"];

    private static StreamResult Stream(SyncSummary summary, string name) => summary.Streams.Single(s => s.Stream == name);

    private static int Requests(DynamicsHarness h, string entitySet) => h.Fo.Requests.Entries.Count(r => r.EntitySet == entitySet)
        + h.Dataverse.Requests.Entries.Count(r => r.EntitySet == entitySet);

    private static async Task<DynamicsHarness> Invoices(ConnectorHttpOptions? http = null)
    {
        var h = await DynamicsHarness.StartAsync(http);
        h.OnlyStreams = InvoicesOnly;
        return h;
    }

    private static async Task<DynamicsHarness> Gl(ConnectorHttpOptions? http = null)
    {
        var h = await DynamicsHarness.StartAsync(http);
        h.OnlyStreams = GlOnly;
        return h;
    }

    private static async Task<DynamicsHarness> Accounts(ConnectorHttpOptions? http = null)
    {
        var h = await DynamicsHarness.StartAsync(http);
        h.OnlyStreams = AccountsOnly;
        h.PageSize = 9;
        return h;
    }

    private static void AssertConverged(DynamicsHarness h, string stream)
    {
        h.AssertStreamEqualsSource(stream);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing()
    {
        await using var h = await DynamicsHarness.StartAsync();
        await h.SyncFoAsync();
        await h.SyncDataverseAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));

        var fo = await h.SyncFoAsync();
        var dataverse = await h.SyncDataverseAsync();

        Assert.True(fo.Succeeded && dataverse.Succeeded);
        Assert.All(fo.Streams.Concat(dataverse.Streams), s => Assert.Equal(0, s.Upserted.Inserted + s.Upserted.Updated + s.Upserted.Stale));
        // After the first run, GL journal entries are re-read only within the bounded window by accounting date; invoices from the cursor by SysModifiedDateTime.
        Assert.Contains("AccountingDate ge 2026-02-28T00:00:00.000Z", Uri.UnescapeDataString(h.Fo.Requests.Entries.Last(r => r.EntitySet == DynamicsFoSimulator.GlJournalEntries).Query), StringComparison.Ordinal);
        Assert.Contains("SysModifiedDateTime ge ", Uri.UnescapeDataString(h.Fo.Requests.Entries.Last(r => r.EntitySet == DynamicsFoSimulator.Invoices).Query), StringComparison.Ordinal);
        h.AssertFoEqualsSource();
        h.AssertDataverseEqualsSource();
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F3_StoredCursorInTheFuture_ReadsNothingWarnsAndKeepsIt()
    {
        await using var h = await Accounts();
        var future = new SyncCursor(DynamicsHarness.Start.AddYears(1), "x");
        h.Store.CommitPage(DynamicsHarness.DataverseSource, "accounts", [], [], future);

        var summary = await h.SyncDataverseAsync();

        Assert.Equal(StreamStatus.Skipped, Stream(summary, "accounts").Status);
        Assert.Contains("ahead of this run's upper bound", Stream(summary, "accounts").Message, StringComparison.Ordinal);
        Assert.Equal(0, Requests(h, DataverseSimulator.Accounts));
        Assert.Equal(future, h.Store.Checkpoint(DynamicsHarness.DataverseSource, "accounts")!.Cursor);
    }

    [Fact]
    public async Task F4_EveryAccountSharesOneModifiedOnAcrossManyPages_AllCaptured()
    {
        await using var h = await Accounts();
        var accounts = h.Data.DataverseRecords.Count(r => r.RecordType == "account");
        Assert.True(accounts > 3 * h.PageSize, $"only {accounts} accounts");
        Assert.Single(h.Data.DataverseRecords.Select(r => r.UpdatedAt).Distinct());

        var summary = await h.SyncDataverseAsync();

        Assert.True(summary.Succeeded, Stream(summary, "accounts").Message);
        Assert.True(Stream(summary, "accounts").Pages >= 3);
        AssertConverged(h, "accounts");
    }

    [Fact]
    public async Task F5_AnAccountChangesWhileLaterPagesAreRead_CapturedByTheNextRun()
    {
        await using var h = await Accounts();
        var first = h.Dataverse[DataverseSimulator.Accounts].Snapshot().OrderBy(r => r["accountid"]!.ToString(), StringComparer.Ordinal).First();
        var changed = false;
        var summary = await h.SyncDataverseAsync(wrap: s => new AfterPage(s, 2, () =>
        {
            if (!changed)
            {
                changed = true;
                first["name"] = "Renamed while paging";
                first["modifiedon"] = h.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                h.Dataverse[DataverseSimulator.Accounts].Put(first);
            }
        }));
        Assert.True(summary.Succeeded);
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True((await h.SyncDataverseAsync()).Succeeded);

        var stored = h.Store.Load().DataverseRecords.Single(r => r.Id == first["accountid"]!.ToString());
        Assert.Equal("Renamed while paging", stored.Name);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F6_SourceClockBehind_AnAccountWrittenBeforeTheCheckpointInsideTheLookbackIsCaptured()
    {
        await using var h = await Accounts();
        await h.SyncDataverseAsync();
        var checkpoint = h.Store.Checkpoint(DynamicsHarness.DataverseSource, "accounts")!.Cursor;
        h.Dataverse[DataverseSimulator.Accounts].Put(new JsonObject
        {
            ["accountid"] = "account-late",
            ["name"] = "Late writer",
            ["modifiedon"] = checkpoint.UpdatedAt.AddMinutes(-5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        });
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        await h.SyncDataverseAsync();

        Assert.Contains(h.Store.Load().DataverseRecords, r => r.Id == "account-late" && !r.PromotedToErp);
        h.AssertCursorsNeverWentBack();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task F7_429WithRetryAfter_WaitsAtLeastThatLongThenCompletes(bool httpDate)
    {
        await using var h = await Invoices();
        var retryAfter = httpDate ? DynamicsHarness.Start.AddSeconds(30).ToString("R", CultureInfo.InvariantCulture) : "7";
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.TooManyRequests) { Resource = DynamicsFoSimulator.Invoices, RetryAfter = retryAfter, After = 1 });

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Stream(summary, "invoices").Message);
        Assert.Contains(h.Clock.Waits, w => w >= TimeSpan.FromSeconds(httpDate ? 29 : 7));
        Assert.Equal(1, summary.Retries);
        AssertConverged(h, "invoices");
    }

    [Fact]
    public async Task F8_Endless429_DefersTheStreamKeepsNoHalfSnapshotCursorAndBoundsRequests()
    {
        await using var h = await Gl(new ConnectorHttpOptions { MaxRetryAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.TooManyRequests) { Resource = DynamicsFoSimulator.GlJournalEntries, After = 1, Times = int.MaxValue });

        var summary = await h.SyncFoAsync();

        var gl = Stream(summary, "gl_entries");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (gl.Status, gl.ErrorKind));
        Assert.Contains("deferred", gl.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 1 + 3, Requests(h, DynamicsFoSimulator.GlJournalEntries));
        Assert.Null(h.Store.Checkpoint(DynamicsHarness.FoSource, "gl_entries"));
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "dynamics_fo");
    }

    [Theory]
    [InlineData(DynamicsFaultKind.ServerError)]
    [InlineData(DynamicsFaultKind.ConnectionReset)]
    public async Task F9_BurstOfFailures_IsRetriedWithBackoff(DynamicsFaultKind kind)
    {
        await using var h = await Invoices();
        h.Fo.Faults.Enqueue(new DynamicsFault(kind) { Times = 3, After = 1 });

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Stream(summary, "invoices").Message);
        Assert.Equal(3, summary.Retries);
        AssertConverged(h, "invoices");
    }

    [Fact]
    public async Task F9_FailuresBeyondTheBudget_FailTheStreamNeverComplete()
    {
        await using var h = await Accounts(new ConnectorHttpOptions { MaxRetryAttempts = 2, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Dataverse.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.ServerError) { StatusCode = 502, Resource = DataverseSimulator.Accounts, After = 1, Times = int.MaxValue });

        var summary = await h.SyncDataverseAsync();

        var accounts = Stream(summary, "accounts");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (accounts.Status, accounts.ErrorKind));
        Assert.Contains("502", accounts.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == "dataverse");
    }

    [Theory]
    [InlineData(DynamicsFaultKind.TruncatedJson, "not complete JSON")]
    [InlineData(DynamicsFaultKind.HtmlPage, "content type 'text/html'")]
    public async Task F10_BrokenBodyOnPageTwo_CommitsNothingOfItAndKeepsTheCursor(DynamicsFaultKind kind, string message)
    {
        await using var h = await Accounts();
        h.Dataverse.Faults.Enqueue(new DynamicsFault(kind) { Resource = DataverseSimulator.Accounts, After = 1 });

        var summary = await h.SyncDataverseAsync();

        var accounts = Stream(summary, "accounts");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable, 1), (accounts.Status, accounts.ErrorKind, accounts.Pages));
        Assert.Contains(message, accounts.Message, StringComparison.Ordinal);
        Assert.Equal(h.PageSize, h.Store.Load().DataverseRecords.Count);
        Assert.Equal(accounts.CursorAfter, h.Store.Checkpoint(DynamicsHarness.DataverseSource, "accounts")!.Cursor);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncDataverseAsync()).Succeeded);
        AssertConverged(h, "accounts");
    }

    [Fact]
    public async Task F10_BrokenSnapshotPage_LeavesNoCursor_AndTheNextRunReadsTheWholeSnapshot()
    {
        await using var h = await Gl();
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.TruncatedJson) { Resource = DynamicsFoSimulator.GlJournalEntries, After = 2 });

        var summary = await h.SyncFoAsync();

        Assert.Equal(StreamStatus.Failed, Stream(summary, "gl_entries").Status);
        Assert.Null(h.Store.Checkpoint(DynamicsHarness.FoSource, "gl_entries"));
        Assert.Equal(GlLinesOfTheFirstHeaders(h, 2 * h.PageSize), h.Store.Load().GlEntries.Count);

        Assert.True((await h.SyncFoAsync()).Succeeded);
        AssertConverged(h, "gl_entries");
    }

    [Fact]
    public async Task F10_BrokenLookupPage_CommitsNothingOfItsPage_AndTheNextRunConverges()
    {
        await using var h = await Invoices();
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.TruncatedJson) { Resource = DynamicsFoSimulator.SalesOrders, After = 1 });

        var summary = await h.SyncFoAsync();

        // The second order lookup of the first page is broken: none of that page is stored, the cursor stays unset.
        Assert.Equal(StreamStatus.Failed, Stream(summary, "invoices").Status);
        Assert.Contains("not complete JSON", Stream(summary, "invoices").Message, StringComparison.Ordinal);
        Assert.Empty(h.Store.Load().ErpDocuments);
        Assert.Null(h.Store.Checkpoint(DynamicsHarness.FoSource, "invoices"));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncFoAsync()).Succeeded);
        AssertConverged(h, "invoices");
    }

    /// <summary>How many GL lines belong to the first <paramref name="headers"/> journal entries in SourceKey order (the stream's pages).</summary>
    internal static int GlLinesOfTheFirstHeaders(DynamicsHarness h, int headers)
    {
        var keys = h.Fo[DynamicsFoSimulator.GlJournalEntries].Snapshot().Select(r => (long)r["SourceKey"]!).Order().Take(headers).ToHashSet();
        return h.Fo[DynamicsFoSimulator.GlEntries].Snapshot().Count(l => keys.Contains((long)l["GeneralJournalEntry"]!));
    }

    [Fact]
    public async Task F11_UnknownFieldsNumbersAsStringsAndNullKeys_AreParsedOrQuarantinedAndCounted()
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.OnlyStreams = new HashSet<string> { "customers", "invoices" };
        var customers = h.Fo[DynamicsFoSimulator.Customers];
        var unknown = DemoDynamicsRows.Customer(h.Data.ErpCustomers[0]);
        unknown["CustomerLoyaltyTier2027"] = "Gold";
        customers.Put(unknown);
        var keyless = DemoDynamicsRows.Customer(h.Data.ErpCustomers[1] with { Id = "CUS-NULLKEY" });
        keyless["dataAreaId"] = "usmf";
        keyless["CustomerAccount"] = null;
        customers.Put(keyless);
        var invoice = h.Fo[DynamicsFoSimulator.Invoices].Snapshot().Single(r => (string?)r["InvoiceId"] == h.Data.ErpDocuments[0].Id);
        invoice["InvoiceAmount"] = invoice["InvoiceAmount"]!.ToJsonString();
        h.Fo[DynamicsFoSimulator.Invoices].Put(invoice);

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(1, Stream(summary, "customers").Quarantined);
        Assert.Equal(0, Stream(summary, "invoices").Quarantined);
        Assert.Equal(1, h.Store.QuarantinedCount(DynamicsHarness.FoSource));
        Assert.Equal(h.Data.ErpDocuments[0].NetAmount, h.Store.Load().ErpDocuments.Single(d => d.Key == h.Data.ErpDocuments[0].Key).NetAmount);
        h.AssertStreamEqualsSource("customers");
    }

    [Fact]
    public async Task F12_TokenExpiresMidRun_OneRefreshThenReplay()
    {
        await using var h = await Invoices();

        var summary = await h.SyncFoAsync(wrap: s => new AfterPage(s, 1, h.Tenant.Issuer.ExpireAll));

        Assert.True(summary.Succeeded, Stream(summary, "invoices").Message);
        Assert.Equal(2, h.Tenant.Issuer.Issued);
        Assert.Equal(Stream(summary, "invoices").Pages + 1, Requests(h, DynamicsFoSimulator.Invoices)); // one page refused with 401, then replayed
        AssertConverged(h, "invoices");
    }

    [Fact]
    public async Task F12_RefreshRefused_NeedsReauthenticationOnce_TheOtherStreamsSkip_AndNoSecretIsShown()
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.Unauthorized) { Times = 2 });

        var summary = await h.SyncFoAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.NeedsReauthentication), (summary.Streams[0].Status, summary.Streams[0].ErrorKind));
        Assert.Contains("gapwatch connect dynamics_fo", summary.Streams[0].Message, StringComparison.Ordinal);
        Assert.All(summary.Streams.Skip(1), s => Assert.Equal(StreamStatus.Skipped, s.Status));
        Assert.Equal(2, h.Fo.Requests.Count);
        Assert.All(summary.Streams, s => Assert.DoesNotContain(DynamicsTenant.ClientSecret, s.Message ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task F12_WrongSecret_NeedsReauthentication_WithoutTheSecret()
    {
        await using var h = await Accounts();
        h.Secret = "wrong-secret-value-123";

        var summary = await h.SyncDataverseAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, Stream(summary, "accounts").ErrorKind);
        Assert.DoesNotContain("wrong-secret-value-123", Stream(summary, "accounts").Message, StringComparison.Ordinal);
        Assert.Equal(0, Requests(h, DataverseSimulator.Accounts));
    }

    [Theory]
    [InlineData("gl_entries")]
    [InlineData("invoices")]
    public async Task F13_ExpiredNextLink_RestartsTheReadFromTheCheckpoint(string stream)
    {
        await using var h = stream == "gl_entries" ? await Gl() : await Invoices();
        var set = stream == "gl_entries" ? DynamicsFoSimulator.GlJournalEntries : DynamicsFoSimulator.Invoices;
        h.Fo.Faults.Enqueue(new DynamicsFault(DynamicsFaultKind.ExpiredNextLink) { Resource = set, After = 2 });

        var summary = await h.SyncFoAsync();

        Assert.True(summary.Succeeded, Stream(summary, stream).Message);
        Assert.Equal(2, h.Fo.Requests.Entries.Count(r => r.EntitySet == set && !r.FollowsNextLink));
        AssertConverged(h, stream);
    }

    [Theory]
    [InlineData("invoices")]
    [InlineData("accounts")]
    public async Task F13_SameNextLinkTwice_IsALoopAndStops(string stream)
    {
        await using var h = stream == "invoices" ? await Invoices() : await Accounts();
        var faults = stream == "invoices" ? h.Fo.Faults : h.Dataverse.Faults;
        faults.Enqueue(new DynamicsFault(DynamicsFaultKind.RepeatNextLink) { After = 1, Times = int.MaxValue });

        var summary = stream == "invoices" ? await h.SyncFoAsync() : await h.SyncDataverseAsync();

        var result = Stream(summary, stream);
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (result.Status, result.ErrorKind));
        Assert.Contains("twice", result.Message, StringComparison.Ordinal);
        Assert.InRange(Requests(h, stream == "invoices" ? DynamicsFoSimulator.Invoices : DataverseSimulator.Accounts), 2, 3);
    }

    [Fact]
    public async Task F14_OldVersionDeliveredAfterTheNewOne_TheNewerStays()
    {
        await using var h = await Accounts();
        var original = h.Data.DataverseRecords.First(r => r.RecordType == "account");
        var newer = original with { Name = "Newer name", UpdatedAt = original.UpdatedAt!.Value.AddHours(1) };
        h.Store.Upsert([newer]);

        var summary = await h.SyncDataverseAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(1, Stream(summary, "accounts").Upserted.Stale);
        Assert.Equal("Newer name", h.Store.Load().DataverseRecords.Single(r => r.Id == original.Id).Name);
    }

    /// <summary>Runs an action after the given page of the wrapped stream was read (a change at the source mid-run).</summary>
    private sealed class AfterPage(IStreamSource inner, int page, Action action) : IStreamSource
    {
        private int reads;

        public string Name => inner.Name;

        public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
        {
            var result = await inner.ReadPageAsync(request, cancellationToken);
            if (++reads == page)
            {
                action();
            }

            return result;
        }
    }
}
