using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.SageIntacct;
using static Gapwatch.Connectors.Tests.SageIntacct.IntacctCompanies;

namespace Gapwatch.Connectors.Tests.SageIntacct;

/// <summary>
/// The Sage Intacct connector against the simulated XML gateway: a full read, and the fault tests
/// of quality.md (F2–F14) with Intacct's own failures (control, authentication and result levels in
/// an HTTP 200, <c>GW-0010</c>, expiring sessions and result sets). Each ends by asserting the store
/// equals the company with no duplicate key, and that no cursor went back.
/// </summary>
public sealed class IntacctFaultTests
{
    private static void AssertConverged(IntacctHarness h, bool withLog = true)
    {
        h.AssertStoreEqualsSource(withLog);
        h.AssertCursorsNeverWentBack();
    }

    private static StreamResult Stream(SyncSummary summary, string name) => summary.Streams.Single(s => s.Stream == name);

    [Fact]
    public async Task Sync_ReadsEveryObject_IntoTheModel()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());

        var (erp, log) = await h.SyncBothAsync();

        Assert.True(erp.Succeeded, string.Join("; ", erp.Streams.Select(s => s.Message)));
        Assert.True(log.Succeeded);
        AssertConverged(h);
        var data = h.Store.Load();
        var customer = data.ErpCustomers.Single(c => c.Id == "CUST-3");
        Assert.Equal(("CA200", "cust-3@example.com", "CA", ErpCustomerStatus.Active), (customer.Entity, customer.Email, customer.Country, customer.Status));
        Assert.Equal(ErpCustomerStatus.Inactive, data.ErpCustomers.Single(c => c.Id == "CUST-7").Status);
        Assert.Equal(ErpOrderStatus.Invoiced, data.ErpSalesOrders.Single(o => o.Id == "SO-102").Status);
        Assert.Equal("100", data.ErpSalesOrders.Single(o => o.Id == "SO-101").Dimensions.Department);
        var memo = data.ErpDocuments.Single(d => d.Id == "CM-301");
        Assert.Equal((ErpDocumentKind.CreditMemo, "shopify:1002", 20m, true), (memo.DocumentKind, memo.ExternalOrderReference, memo.NetAmount, memo.CommerceSourced));
        Assert.Equal("shopify:1004", data.ErpDocuments.Single(d => d.Id == "INV-203").ExternalOrderReference); // through CREATEDFROM
        Assert.All(data.GlEntries, g => Assert.True(g.Amount < 0));
        Assert.Equal(ExchangeRateKind.PeriodAverage, data.ExchangeRates.Single(r => r.Rate == 0.7205m).RateKind);
        var period = Assert.Single(data.PeriodLocks);
        Assert.Equal((new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Day(36, 17)), (period.PeriodStart, period.PeriodEnd, period.LockedAt));
        var failed = data.SyncLog.Single(e => e.Outcome == SyncOutcome.Failed);
        Assert.Equal(("SYNC-0000003", SyncObject.Customer, "bigcommerce:503"), (failed.Id, failed.Object, failed.ExternalReference));
        Assert.Equal(2, h.Simulator.Logins); // one session per run: the ERP streams share one, the log has its own
        var query = h.Simulator.Log.First(l => l.Function == "readByQuery" && l.Object == "CUSTOMER");
        Assert.Equal(3, query.PageSize);
        Assert.Contains("DISPLAYCONTACT.EMAIL1", query.Fields, StringComparison.Ordinal);
        Assert.Contains("GW_ACCOUNT_REF", query.Fields, StringComparison.Ordinal);
        Assert.StartsWith("WHENMODIFIED <= '04/14/2026 13:59:00'", query.Query, StringComparison.Ordinal);
        Assert.Contains(h.Simulator.Log, l => l.Function == "readMore");
        Assert.Equal(
            ["customers", "sales_orders", "sales_invoices", "credit_memos", "ar_invoices", "ar_adjustments", "gl_entries", "exchange_rates", "period_locks"],
            erp.Streams.Select(s => s.Stream));
        Assert.All(erp.Streams, s => Assert.Equal(StreamStatus.Completed, s.Status));
        Assert.Equal(5, data.ErpDocuments.Count(d => d.Id.StartsWith("ARINVOICE-", StringComparison.Ordinal)));
    }

    /// <summary>
    /// The streams and the object each reads alone, so the faults below are tried on each (the AR
    /// ones included). The three <c>SODOCUMENT</c> streams share their object, so a fault by object
    /// hits all three: the tests above cover them.
    /// </summary>
    public static TheoryData<string, string> EveryStream() => new()
    {
        { "customers", "CUSTOMER" }, { "ar_invoices", "ARINVOICE" }, { "ar_adjustments", "ARADJUSTMENT" },
        { "gl_entries", "GLDETAIL" }, { "exchange_rates", "EXCHANGERATEENTRY" },
    };

    [Theory]
    [MemberData(nameof(EveryStream))]
    public async Task F8_EndlessThrottleOnOneObject_DefersThatStreamOnly(string stream, string objectName)
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.GatewayThrottle) { Resource = objectName, Times = 1000 });

        var summary = await h.SyncAsync();

        var failed = Assert.Single(summary.Streams, s => s.Status != StreamStatus.Completed);
        Assert.Equal((stream, SyncErrorKind.Retryable), (failed.Stream, failed.ErrorKind));
        Assert.Null(h.Checkpoint(stream));
    }

    [Theory]
    [MemberData(nameof(EveryStream))]
    public async Task F10_TruncatedAnswerOnOneObject_CommitsNothingThereThenConverges(string stream, string objectName)
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.TruncatedXml) { Resource = objectName });

        var summary = await h.SyncAsync();

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (Stream(summary, stream).Status, Stream(summary, stream).ErrorKind));
        Assert.Null(h.Checkpoint(stream));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        AssertConverged(h, withLog: false);
    }

    [Theory]
    [InlineData("ar_invoices", "ARINVOICE")]
    [InlineData("ar_adjustments", "ARADJUSTMENT")]
    [InlineData("gl_entries", "GLDETAIL")]
    public async Task F11_BadValueInOneObject_IsQuarantinedNamingItsRecordNumber(string stream, string objectName)
    {
        var data = Standard();
        var bad = data.Of(objectName).First(o => !o.Fields.TryGetValue("MODULEKEY", out var m) || m == "4.AR");
        var field = objectName == "GLDETAIL" ? "TRX_AMOUNT" : "TRX_TOTALENTERED";
        data.Edit(objectName, bad.RecordNo, bad.WhenModified, new Dictionary<string, string?> { [field] = "12,50" });
        await using var h = await IntacctHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(1, Stream(summary, stream).Quarantined);
        Assert.Equal(1, h.Store.QuarantinedCount(IntacctHarness.Source));
    }

    [Theory]
    [InlineData("ARINVOICE")]
    [InlineData("ARADJUSTMENT")]
    public async Task F13_ExpiredResultIdInAnArStream_RestartsFromTheCheckpointAndConverges(string objectName)
    {
        await using var h = await IntacctHarness.StartAsync(Standard()); // five native AR invoices and four adjustments: two pages each at three a page
        var expired = false;
        h.Simulator.BeforeAnswer = _ =>
        {
            // The AR object's result set expires before its first readMore is answered.
            if (!expired && h.Simulator.Log[^1].Function == "readMore" && h.Simulator.Log.Last(l => l.Function == "readByQuery").Object == objectName)
            {
                expired = true;
                h.Simulator.ExpireResults();
            }

            return Task.CompletedTask;
        };

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        Assert.Equal(2, h.Simulator.Log.Count(l => l.Function == "readByQuery" && l.Object == objectName));
        AssertConverged(h, withLog: false);
    }

    [Fact]
    public async Task EntitySession_ReadsThatEntityOnly()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Entity = "CA200";

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        h.AssertStoreEqualsSource(withLog: false);
        Assert.All(h.Store.Load().ErpCustomers, c => Assert.Equal("CA200", c.Entity));
    }

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        await h.SyncBothAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));

        var (erp, log) = await h.SyncBothAsync();

        Assert.True(erp.Succeeded && log.Succeeded);
        Assert.Equal(0, erp.RecordsUpserted + log.RecordsUpserted);
        AssertConverged(h);
        var second = h.Simulator.Log.Where(l => l.Function == "readByQuery" && l.Object == "CUSTOMER").Last();
        Assert.Contains("WHENMODIFIED >= '01/08/2026 08:50:00'", second.Query, StringComparison.Ordinal); // checkpoint less the 10-minute lookback
    }

    [Fact]
    public async Task F3_StoredCursorInTheFuture_ReadsNothingWarnsAndKeepsIt()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        var future = new SyncCursor(IntacctHarness.Start.AddYears(1), "1");
        h.Store.CommitPage(IntacctHarness.Source, "customers", [], [], future);

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Skipped, Stream(summary, "customers").Status);
        Assert.Contains("ahead of this run's upper bound", Stream(summary, "customers").Message, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Simulator.Log, l => l.Object == "CUSTOMER");
        Assert.Equal(future, h.Checkpoint("customers")!.Cursor);
        Assert.Empty(h.Store.Load().ErpCustomers);
    }

    [Fact]
    public async Task F4_ManyRowsShareOneModifiedTimeAcrossPages_AllCaptured()
    {
        var data = new IntacctDataset();
        for (var i = 1; i <= 23; i++)
        {
            data.Gl(Day(5), -i, "INV-1");
        }

        await using var h = await IntacctHarness.StartAsync(data);
        h.Options = new SyncOptions { PageSize = 4 };

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(6, Stream(summary, "gl_entries").Pages);
        Assert.Equal(23, h.Store.Load().GlEntries.Count);
        AssertConverged(h, withLog: false);
    }

    [Fact]
    public async Task F5_RowChangesWhileLaterPagesAreRead_CapturedThisRunOrNext()
    {
        var data = Standard();
        await using var h = await IntacctHarness.StartAsync(data);
        var first = data.Of("GLDETAIL")[0];
        var edited = false;
        h.Simulator.BeforeAnswer = _ =>
        {
            if (!edited && h.Simulator.Log.Count(l => l.Function == "readMore") == 2)
            {
                edited = true;
                data.Edit("GLDETAIL", first.RecordNo, IntacctHarness.Start.AddMinutes(-30), new Dictionary<string, string?> { ["TRX_AMOUNT"] = "999" });
            }

            return Task.CompletedTask;
        };

        await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.True(edited);
        Assert.Equal(-999m, h.Store.Load().GlEntries.Single(g => g.Id == first.RecordNo.ToString(System.Globalization.CultureInfo.InvariantCulture)).Amount);
        AssertConverged(h, withLog: false);
    }

    [Fact]
    public async Task F6_CompanyInAZoneWithDst_TimesAroundTheChangeAreNotLost()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var data = new IntacctDataset { TimeZone = zone };
        // 8 March 2026: clocks go from 02:00 to 03:00 in New York; rows on both sides and at local midnight.
        foreach (var at in new[] { new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 8, 6, 59, 59, TimeSpan.Zero),
                     new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 9, 4, 0, 0, TimeSpan.Zero) })
        {
            data.Gl(at, -10m, "INV-1");
        }

        await using var h = await IntacctHarness.StartAsync(data);
        h.TimeZone = zone;

        var summary = await h.SyncAsync();
        data.Gl(new DateTimeOffset(2026, 4, 14, 13, 55, 0, TimeSpan.Zero), -1m, "INV-2"); // late, before the checkpoint's lookback
        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), h.Store.Load().GlEntries.Select(g => g.UpdatedAt!.Value));
        Assert.Contains("WHENMODIFIED <= '04/14/2026 09:59:00'", h.Simulator.Log.First(l => l.Object == "GLDETAIL").Query, StringComparison.Ordinal); // EDT
        AssertConverged(h, withLog: false);
    }

    [Fact]
    public async Task F7_GatewayThrottleInA200_WaitsAndConverges()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.GatewayThrottle) { Resource = "readMore", Times = 3 });

        var (erp, _) = await h.SyncBothAsync();

        Assert.True(erp.Succeeded);
        Assert.Equal(3, erp.Retries);
        Assert.True(erp.ThrottledTime >= TimeSpan.FromSeconds(7), $"waited {erp.ThrottledTime}"); // 1 + 2 + 4 s
        AssertConverged(h);
    }

    [Fact]
    public async Task F7_Http429WithRetryAfter_WaitsThatLong()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.TooManyRequests) { Resource = "CUSTOMER", RetryAfterSeconds = 7 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Contains(TimeSpan.FromSeconds(7), h.Clock.Waits);
        AssertConverged(h, withLog: false);
    }

    [Fact]
    public async Task F8_EndlessGatewayThrottle_DefersTheStreamKeepsTheCheckpoint()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        await h.SyncAsync();
        var before = h.Checkpoint("gl_entries")!.Cursor;
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.GatewayThrottle) { Resource = "GLDETAIL", Times = 1000 });
        var requests = h.Simulator.Requests;
        h.Clock.Advance(TimeSpan.FromHours(1));

        var summary = await h.SyncAsync();

        var gl = Stream(summary, "gl_entries");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (gl.Status, gl.ErrorKind));
        Assert.Contains("deferred", gl.Message, StringComparison.Ordinal);
        Assert.Equal(before, h.Checkpoint("gl_entries")!.Cursor);
        Assert.Equal(StreamStatus.Completed, Stream(summary, "exchange_rates").Status);
        Assert.True(h.Simulator.Requests - requests < 30);
    }

    [Theory]
    [InlineData(IntacctFaultKind.ServerError)]
    [InlineData(IntacctFaultKind.ConnectionReset)]
    public async Task F9_TransientBursts_AreRetriedAndConverge(IntacctFaultKind kind)
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(kind) { Resource = "readMore", Times = 3 });

        var (erp, _) = await h.SyncBothAsync();

        Assert.True(erp.Succeeded);
        Assert.True(erp.Retries >= 3);
        AssertConverged(h);
    }

    [Fact]
    public async Task F9_TimeoutsBeyondTheBudget_FailTheStreamNeverComplete()
    {
        await using var h = await IntacctHarness.StartAsync(Standard(), new ConnectorHttpOptions { AttemptTimeout = TimeSpan.FromMinutes(10), MaxRetryAttempts = 2 });
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.Hang) { Resource = "CUSTOMER", Times = 3 });
        int Customers() => h.Simulator.Log.Count(l => l.Object == "CUSTOMER");

        var sync = h.SyncAsync();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            for (var wait = 0; wait < 3000 && Customers() < attempt; wait++)
            {
                await Task.Delay(20);
            }

            await Task.Delay(200); // let the request reach the hang before the clock jumps
            h.Clock.Fake.Advance(TimeSpan.FromMinutes(11));
        }

        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        var customers = Stream(summary, "customers");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (customers.Status, customers.ErrorKind));
        Assert.Contains("did not answer in time", customers.Message, StringComparison.Ordinal);
        Assert.Null(h.Checkpoint("customers"));
        Assert.False(summary.Succeeded);
    }

    [Theory]
    [InlineData(IntacctFaultKind.TruncatedXml)]
    [InlineData(IntacctFaultKind.HtmlPage)]
    public async Task F10_TruncatedXmlOrHtml_CommitsNothingKeepsTheCursor(IntacctFaultKind kind)
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(kind) { Resource = "CUSTOMER" });

        var summary = await h.SyncAsync();

        var customers = Stream(summary, "customers");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (customers.Status, customers.ErrorKind));
        Assert.Contains(kind == IntacctFaultKind.TruncatedXml ? "not complete XML" : "expected a XML answer", customers.Message, StringComparison.Ordinal);
        Assert.Empty(h.Store.Load().ErpCustomers);
        Assert.Null(h.Checkpoint("customers"));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        AssertConverged(h, withLog: false);
    }

    [Fact]
    public async Task F11_BadValues_AreQuarantinedAndCountedNeverACrash()
    {
        var data = Standard();
        data.Customer("CUST-BAD", Day(8), status: "sometimes");
        data.Put("GLDETAIL", null, Day(9), new Dictionary<string, string?> { ["BATCH_DATE"] = "01/10/2026", ["ACCOUNTNO"] = "4000", ["TRX_AMOUNT"] = "12,50", ["CURRENCY"] = "USD", ["EXTRA_FIELD"] = "x" });
        data.Put("CUSTOMER", null, Day(8), new Dictionary<string, string?> { ["CUSTOMERID"] = null, ["NAME"] = "no id" });
        await using var h = await IntacctHarness.StartAsync(data);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(2, Stream(summary, "customers").Quarantined);
        Assert.Equal(1, Stream(summary, "gl_entries").Quarantined);
        Assert.Equal(3, h.Store.QuarantinedCount(IntacctHarness.Source));
        Assert.Equal(7, h.Store.Load().ErpCustomers.Count);
    }

    [Fact]
    public async Task F12_SessionExpiresMidRun_OneNewSessionThenReplay()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.SessionExpired) { Resource = "readMore", After = 2 });

        var (erp, log) = await h.SyncBothAsync();

        Assert.True(erp.Succeeded && log.Succeeded);
        Assert.Equal(3, h.Simulator.Logins); // the ERP run's two sessions, the log's one
        AssertConverged(h);
    }

    [Fact]
    public async Task F12_LoginRefused_NeedsReauthenticationOnceTheRestSkipped()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.UserPassword = "wrong";

        var summary = await h.SyncAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, Stream(summary, "customers").ErrorKind);
        Assert.Contains("refused the login", Stream(summary, "customers").Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong", Stream(summary, "customers").Message, StringComparison.Ordinal);
        Assert.All(summary.Streams.Skip(1), s => Assert.Equal(StreamStatus.Skipped, s.Status));
        Assert.Equal(1, h.Simulator.Requests);
    }

    [Fact]
    public async Task SenderRefused_NeedsReauthentication()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.SenderPassword = "wrong";

        var summary = await h.SyncAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, Stream(summary, "customers").ErrorKind);
        Assert.Contains("Web Services authorizations", Stream(summary, "customers").Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlFailure_IsPermanent_FunctionFailure_IsPermanentWithItsError()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(
            new IntacctFault(IntacctFaultKind.ControlFailure) { Resource = "CUSTOMER" },
            new IntacctFault(IntacctFaultKind.FunctionFailure) { Resource = "GLDETAIL", ErrorNumber = "Invalid fields list", Message = "GW_LOCATION is not a field of GLDETAIL" });

        var summary = await h.SyncAsync();

        Assert.Equal(SyncErrorKind.Permanent, Stream(summary, "customers").ErrorKind);
        Assert.Contains("XL03000003", Stream(summary, "customers").Message, StringComparison.Ordinal);
        Assert.Equal(SyncErrorKind.Permanent, Stream(summary, "gl_entries").ErrorKind);
        Assert.Contains("field map", Stream(summary, "gl_entries").Message, StringComparison.Ordinal);
        Assert.Equal(StreamStatus.Completed, Stream(summary, "sales_orders").Status);
    }

    [Fact]
    public async Task F13_ExpiredResultId_RestartsFromTheCheckpointAndConverges()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.ExpireResultId) { Resource = "readMore", After = 1 });

        var (erp, _) = await h.SyncBothAsync();

        Assert.True(erp.Succeeded, string.Join("; ", erp.Streams.Select(s => s.Message)));
        Assert.Equal(2, h.Simulator.Log.Count(l => l.Function == "readByQuery" && l.Object == "CUSTOMER"));
        AssertConverged(h);
    }

    [Fact]
    public async Task F13_ReadMoreThatDoesNotMoveOn_IsALoop()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.Simulator.Inject(new IntacctFault(IntacctFaultKind.RepeatPage) { Resource = "readMore" });

        var summary = await h.SyncAsync();

        var customers = Stream(summary, "customers");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (customers.Status, customers.ErrorKind));
        Assert.Contains("paging loop", customers.Message, StringComparison.Ordinal);
        Assert.Null(h.Checkpoint("customers"));
    }

    [Fact]
    public async Task F14_OldVersionDeliveredAfterANewOne_TheNewerStays()
    {
        var data = Standard();
        await using var h = await IntacctHarness.StartAsync(data);
        var customer = data.Of("CUSTOMER")[0];
        data.Edit("CUSTOMER", customer.RecordNo, Day(50), new Dictionary<string, string?> { ["NAME"] = "Newer name" });
        await h.SyncAsync();
        var stored = h.Store.Load().ErpCustomers.Single(c => c.Id == "CUST-1");

        // The older version arrives after the newer one is stored (as a late page would bring it).
        var replay = new IntacctMapper(h.Connection()).Customer(new IntacctRow("CUSTOMER", new Dictionary<string, string?>
        {
            ["RECORDNO"] = customer.RecordNo.ToString(System.Globalization.CultureInfo.InvariantCulture), ["CUSTOMERID"] = "CUST-1", ["NAME"] = "Older name",
            ["STATUS"] = "active", ["MEGAENTITYID"] = "US100", ["WHENMODIFIED"] = IntacctCompanies.Time(Day(49)),
        }));
        var result = h.Store.Upsert(replay.Records.ToList());

        Assert.Equal(1, result.Stale);
        Assert.Equal("Newer name", h.Store.Load().ErpCustomers.Single(c => c.Id == "CUST-1").Name);
        Assert.Equal(stored, h.Store.Load().ErpCustomers.Single(c => c.Id == "CUST-1"));
    }
}
