using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.BusinessCentral;
using static Gapwatch.Connectors.Tests.BusinessCentral.BusinessCentralStores;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>
/// The fault tests of quality.md (F2–F14) against the simulated Business Central environment. Business
/// Central's differences: the throttle signal is 429 with <c>Retry-After</c> only; the page token is the
/// server's <c>$skiptoken</c> next link, which can expire (F13); tokens are Entra access tokens that
/// expire and are renewed once (F12).
/// </summary>
public sealed class BusinessCentralFaultTests
{
    private const string OrdersStream = Entity + "/salesOrders";

    private static StreamResult Orders(SyncSummary summary) => summary.Streams.Single(s => s.Stream == OrdersStream);

    private static int OrderRequests(BusinessCentralHarness h) => h.Simulator.Requests.Count(r => r.Resource == "salesOrders");

    [Fact]
    public async Task FirstRun_ReadsEveryCollection_ReadOnlyIntent_FilteredAndOrderedOnLastModified()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        h.AssertConverged();
        Assert.All(h.Simulator.Requests, r => Assert.Equal("ReadOnly", r.DataAccessIntent));
        var first = h.Simulator.Requests.First(r => r.Resource == "salesInvoices");
        Assert.Equal("lastModifiedDateTime le 2026-04-13T07:59:00.000Z", first.Filter);
        Assert.Equal("lastModifiedDateTime,id", first.OrderBy);
        Assert.Equal("dimensionSetLines", first.Expand);
        Assert.Equal(5, first.MaxPageSize);
        var data = h.Store.Load();
        Assert.DoesNotContain(data.ErpDocuments, d => d.Id == "PS-INV5"); // a draft is not booked
        // 1015 is still in salesOrders (partly invoiced, its header touched later); 1016's invoice is newer than the order row: invoiced.
        Assert.Equal(1.08m, data.ErpDocuments.Single(d => d.Id == "PS-INV3").ExchangeRate);
        Assert.Equal("SALES", data.GlEntries.Single(g => g.Id == "3").Dimensions.Department);
        Assert.Equal(-30m, data.GlEntries.Single(g => g.Id == "3").Amount);
        Assert.Equal([new PeriodLock(Entity, new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), Day(0), Day(0))], data.PeriodLocks);
        var failed = data.SyncLog.Single(e => e.Outcome == SyncOutcome.Failed);
        Assert.Equal(("US:ShpfyLogEntries:1", "shopify:501", "The field VAT Registration No. is not valid."), (failed.Id, failed.ExternalReference, failed.Message));
        Assert.Equal("shopify:502", data.SyncLog.Single(e => e.Outcome == SyncOutcome.Skipped).ExternalReference);
    }

    [Fact]
    public async Task F2_SecondRunWithoutChanges_ChangesNothing()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromHours(1));

        var second = await h.SyncAsync();

        Assert.True(second.Succeeded);
        Assert.Equal(0, second.RecordsUpserted);
        h.AssertConverged();
    }

    [Fact]
    public async Task F3_StoredCursorInTheFuture_ReadsNothingWarnsAndKeepsIt()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        var future = new SyncCursor(Start.AddYears(1), Id(1));
        h.Store.CommitPage(BusinessCentralHarness.Source, OrdersStream, [], [], future);

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Skipped, Orders(summary).Status);
        Assert.Contains("ahead of this run's upper bound", Orders(summary).Message, StringComparison.Ordinal);
        Assert.Equal(0, OrderRequests(h));
        Assert.Equal(future, h.Store.Checkpoint(BusinessCentralHarness.Source, OrdersStream)!.Cursor);
        Assert.DoesNotContain(h.Store.Load().ErpSalesOrders, o => o.Status != ErpOrderStatus.Invoiced);
    }

    [Fact]
    public async Task F4_ManyRowsShareOneLastModifiedAcrossPagesAndRuns_AllCaptured()
    {
        var data = new BusinessCentralDataset();
        var company = Setup(data);
        for (var i = 1; i <= 23; i++)
        {
            Order(company, 2000 + i, Day(100), 10m);
        }

        await using var h = await BusinessCentralHarness.StartAsync(data, Start, Companies);
        h.Options = new SyncOptions { PageSize = 4, MaxPagesPerRun = 3 };

        var first = await h.SyncAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        var second = await h.SyncAsync();

        Assert.Equal(StreamStatus.Partial, Orders(first).Status);
        Assert.Equal(12, Orders(first).Upserted.Inserted);
        Assert.Equal(StreamStatus.Completed, Orders(second).Status);
        h.AssertConverged();
    }

    [Fact]
    public async Task F5_RowChangesWhileLaterPagesAreRead_CapturedInThisRunOrTheNext()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        var company = h.Simulator.Data.ByName(Company)!;
        var seen = 0;
        h.Simulator.BeforeAnswer = _ =>
        {
            if (h.Simulator.Requests[^1].Resource == "salesOrders" && ++seen == 2)
            {
                Order(company, 1001, Start, 999m); // on page 1; edited now, so it moves past this run's upper bound
            }

            return Task.CompletedTask;
        };

        await h.SyncAsync();
        Assert.Equal(101m, h.Store.Load().ErpSalesOrders.Single(o => o.Id == "1001").NetAmount);
        Assert.Equal(14, h.Store.Load().ErpSalesOrders.Count(o => o.Status == ErpOrderStatus.Open));
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Equal(999m, h.Store.Load().ErpSalesOrders.Single(o => o.Id == "1001").NetAmount);
        h.AssertConverged();
    }

    [Fact]
    public async Task F6_SourceClockBehind_LateRowInsideTheLookback_AndARowAtTheCheckpointInstant_AreCaptured()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        await h.SyncAsync();
        var company = h.Simulator.Data.ByName(Company)!;
        var checkpoint = h.Store.Checkpoint(BusinessCentralHarness.Source, OrdersStream)!.Cursor;

        Order(company, 1099, checkpoint.UpdatedAt.AddMinutes(-4), 10m); // stamped by a clock 4 minutes behind
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();
        Assert.Contains(h.Store.Load().ErpSalesOrders, o => o.Id == "1099");

        // No lookback: the lower bound is the checkpoint itself, inclusive (ge), to the millisecond.
        h.Options = new SyncOptions { PageSize = 5, Lookback = TimeSpan.Zero };
        var at = h.Store.Checkpoint(BusinessCentralHarness.Source, OrdersStream)!.Cursor.UpdatedAt;
        Order(company, 1098, at, 10m);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.SyncAsync();

        Assert.Contains(h.Store.Load().ErpSalesOrders, o => o.Id == "1098");
        Assert.Contains(h.Simulator.Requests, r => r.Resource == "salesOrders" && r.Filter!.StartsWith($"lastModifiedDateTime ge {Stamp(at)} and", StringComparison.Ordinal));
        h.AssertConverged();
    }

    [Theory]
    [InlineData("7", 7)]
    [InlineData("HTTP-DATE", 20)]
    public async Task F7_TooManyRequestsWithRetryAfter_WaitsAtLeastThatLong_BoundedAttempts(string retryAfter, int seconds)
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        var value = retryAfter == "HTTP-DATE" ? Start.AddSeconds(seconds).ToString("R", CultureInfo.InvariantCulture) : retryAfter;
        h.Simulator.Inject(new BusinessCentralFault(BusinessCentralFaultKind.TooManyRequests) { Resource = "salesOrders", RetryAfter = value, Times = 2 });

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(2, summary.Retries);
        Assert.True(h.Clock.Waits.Any(w => w >= TimeSpan.FromSeconds(seconds) - TimeSpan.FromSeconds(1)), string.Join(", ", h.Clock.Waits));
        Assert.True(summary.ThrottledTime >= TimeSpan.FromSeconds(seconds));
        h.AssertConverged();
    }

    [Fact]
    public async Task F8_EndlessTooManyRequests_StreamDeferred_CheckpointKept_RequestsBounded()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies, new ConnectorHttpOptions { MaxRetryAttempts = 3 });
        h.Simulator.Inject(new BusinessCentralFault(BusinessCentralFaultKind.TooManyRequests) { Resource = "salesOrders", RetryAfter = "5", Times = 1000, After = 1 });

        var summary = await h.SyncAsync();

        var orders = Orders(summary);
        Assert.Equal(StreamStatus.Failed, orders.Status);
        Assert.Equal(SyncErrorKind.Retryable, orders.ErrorKind);
        Assert.Contains("deferred", orders.Message, StringComparison.Ordinal);
        Assert.Equal(1 + 1 + 3, OrderRequests(h)); // the first page, then one page tried 1 + 3 times
        Assert.Equal(5, h.Store.Load().ErpSalesOrders.Count(o => o.Status == ErpOrderStatus.Open));
        Assert.NotNull(h.Store.Checkpoint(BusinessCentralHarness.Source, OrdersStream));
    }

    [Fact]
    public async Task F9_ServerErrorsAndResets_AreRetried_AndBeyondTheBudgetTheStreamFailsNeverCompletes()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies, new ConnectorHttpOptions { MaxRetryAttempts = 3, AttemptTimeout = TimeSpan.FromMinutes(10) });
        h.Simulator.Inject(
            new BusinessCentralFault(BusinessCentralFaultKind.ServerError) { Resource = "customers", Times = 2 },
            new BusinessCentralFault(BusinessCentralFaultKind.ConnectionReset) { Resource = "salesInvoices" },
            new BusinessCentralFault(BusinessCentralFaultKind.ServerError) { Resource = "salesOrders", StatusCode = 502, Times = 4, After = 1 }); // one attempt and three retries

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Completed, summary.Streams.Single(s => s.Stream == Entity + "/customers").Status);
        Assert.Equal(StreamStatus.Completed, summary.Streams.Single(s => s.Stream == Entity + "/salesInvoices").Status);
        Assert.Equal(StreamStatus.Failed, Orders(summary).Status);
        Assert.Equal(SyncErrorKind.Retryable, Orders(summary).ErrorKind);
        Assert.Contains("502", Orders(summary).Message, StringComparison.Ordinal);
        Assert.False(summary.Succeeded);
        Assert.DoesNotContain(h.Store.Load().Sources, s => s.Source == BusinessCentralHarness.Source);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        h.AssertConverged();
    }

    [Fact]
    public async Task F9_AttemptThatHangsPastItsTimeout_IsRetried()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        h.Simulator.Inject(new BusinessCentralFault(BusinessCentralFaultKind.Hang) { Resource = "salesOrders", After = 1 });
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Simulator.BeforeAnswer = _ =>
        {
            if (OrderRequests(h) == 2)
            {
                hanging.TrySetResult();
            }

            return Task.CompletedTask;
        };

        var sync = h.SyncAsync();
        await hanging.Task.WaitAsync(TimeSpan.FromMinutes(1));
        h.Clock.Advance(TimeSpan.FromMinutes(11)); // past the attempt timeout (10 min in the harness)
        var summary = await sync.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.True(summary.Succeeded, Orders(summary).Message);
        Assert.Equal(1, summary.Retries);
        h.AssertConverged();
    }

    [Theory]
    [InlineData(BusinessCentralFaultKind.TruncatedJson, "not complete JSON")]
    [InlineData(BusinessCentralFaultKind.HtmlPage, "content type 'text/html'")]
    public async Task F10_BrokenSecondPage_NothingOfItStored_CursorAtPageOne_ClearError(BusinessCentralFaultKind kind, string said)
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        h.Simulator.Inject(new BusinessCentralFault(kind) { Resource = "salesOrders", After = 1 });

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Failed, Orders(summary).Status);
        Assert.Equal(SyncErrorKind.Retryable, Orders(summary).ErrorKind);
        Assert.Contains(said, Orders(summary).Message, StringComparison.Ordinal);
        Assert.Equal(5, h.Store.Load().ErpSalesOrders.Count(o => o.Status == ErpOrderStatus.Open));
        Assert.Equal(Day(25), h.Store.Checkpoint(BusinessCentralHarness.Source, OrdersStream)!.Cursor.UpdatedAt);
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True((await h.SyncAsync()).Succeeded);
        h.AssertConverged();
    }

    [Fact]
    public async Task F11_UnknownFieldsAndNumbersAsStringsParse_UnreadableRowsAreQuarantinedAndCounted()
    {
        var data = new BusinessCentralDataset();
        var company = Setup(data);
        Customer(company, 1, Day(1));
        var odd = Row(102, Day(2), new JsonObject
        {
            ["number"] = "C2", ["displayName"] = "Odd", ["blocked"] = "Invoice", ["someFutureField"] = new JsonObject { ["x"] = 1 }, ["email"] = "",
        });
        company.Upsert("customers", odd);
        Customer(company, 3, Day(3), blocked: "Sometimes");
        company.Upsert("customers", Row(104, Day(4), new JsonObject { ["displayName"] = "No number", ["blocked"] = "_x0020_" }));
        company.Upsert("salesOrders", Row(201, Day(5), new JsonObject
        {
            ["number"] = "S1", ["orderDate"] = "2026-01-05", ["currencyCode"] = "USD", ["totalAmountExcludingTax"] = "12.50", ["fullyShipped"] = true, ["status"] = "Open",
        }));
        company.Upsert("salesOrders", Row(202, Day(6), new JsonObject
        {
            ["number"] = "S2", ["orderDate"] = "2026-01-05", ["currencyCode"] = "US DOLLARS", ["totalAmountExcludingTax"] = 1m, ["status"] = "Open",
        }));
        company.Upsert("salesOrders", new JsonObject { ["id"] = Id(203), ["number"] = "S3", ["lastModifiedDateTime"] = null });
        await using var h = await BusinessCentralHarness.StartAsync(data, Start, Companies);

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => $"{s.Stream} {s.Status} {s.Message}")));
        var stored = h.Store.Load();
        Assert.Equal(ErpCustomerStatus.Inactive, stored.ErpCustomers.Single(c => c.Id == "C2").Status);
        Assert.Null(stored.ErpCustomers.Single(c => c.Id == "C2").Email);
        Assert.Equal((ErpOrderStatus.Shipped, 12.50m), (stored.ErpSalesOrders.Single().Status, stored.ErpSalesOrders.Single().NetAmount));
        Assert.Equal(2, summary.Streams.Single(s => s.Stream == Entity + "/customers").Quarantined);
        Assert.Equal(2, summary.Streams.Single(s => s.Stream == Entity + "/salesOrders").Quarantined);
        Assert.Equal(4, h.Store.QuarantinedCount(BusinessCentralHarness.Source));
    }

    [Fact]
    public async Task F12_TokenExpiresMidRun_OneRefreshThenReplay()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        var expired = false;
        h.Simulator.BeforeAnswer = _ =>
        {
            if (!expired && h.Simulator.Requests[^1].Resource == "salesOrders" && h.Simulator.Requests[^1].NextPage)
            {
                expired = true;
                h.Simulator.Issuer.ExpireAll();
            }

            return Task.CompletedTask;
        };

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(2, h.Simulator.Issuer.Issued);
        h.AssertConverged();
    }

    [Fact]
    public async Task F12_CredentialsRefused_NeedsReauthenticationOnce_OtherStreamsSkipped_SecretInNoMessage()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        h.ClientSecret = "rotated-and-wrong-secret-value";

        var summary = await h.SyncAsync();

        var failed = Assert.Single(summary.Streams, s => s.Status == StreamStatus.Failed);
        Assert.Equal(SyncErrorKind.NeedsReauthentication, failed.ErrorKind);
        Assert.All(summary.Streams.Where(s => s != failed), s => Assert.Equal(StreamStatus.Skipped, s.Status));
        Assert.Empty(h.Simulator.Requests);
        Assert.DoesNotContain(summary.Streams, s => (s.Message ?? "").Contains("rotated-and-wrong", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-value", h.Connection().ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task F12_ApiRefusesTheFreshTokenToo_NeedsReauthentication_NotRetried()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        h.Simulator.Inject(new BusinessCentralFault(BusinessCentralFaultKind.Unauthorized) { Resource = "currencyExchangeRates", Times = 2 });

        var summary = await h.SyncAsync();

        Assert.Equal(SyncErrorKind.NeedsReauthentication, summary.Streams[0].ErrorKind);
        Assert.Contains("run 'gapwatch connect business_central' again", summary.Streams[0].Message, StringComparison.Ordinal);
        Assert.All(summary.Streams.Skip(1), s => Assert.Equal(StreamStatus.Skipped, s.Status));
        Assert.Equal(2, h.Simulator.Requests.Count(r => r.Resource == "currencyExchangeRates"));
    }

    [Fact]
    public async Task F13_ExpiredSkipToken_RestartsFromTheCheckpoint()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        var expired = 0;
        h.Simulator.BeforeAnswer = _ =>
        {
            if (h.Simulator.Requests[^1].Resource == "salesOrders" && h.Simulator.Requests[^1].NextPage && expired++ == 0)
            {
                h.Simulator.ExpirePageTokens();
            }

            return Task.CompletedTask;
        };

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, Orders(summary).Message);
        Assert.Equal(1, h.Simulator.Requests.Count(r => r.Resource == "salesOrders" && r.NextPage && r.Number == h.Simulator.Requests.First(q => q.Resource == "salesOrders" && q.NextPage).Number));
        Assert.Equal(2, h.Simulator.Requests.Count(r => r.Resource == "salesOrders" && !r.NextPage)); // the first query and its restart
        h.AssertConverged();
    }

    [Fact]
    public async Task F13_SameNextLinkTwice_IsALoop_StoppedAtTheLastCommittedPage()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        h.Simulator.Inject(new BusinessCentralFault(BusinessCentralFaultKind.RepeatNextLink) { Resource = "salesOrders", After = 1 });

        var summary = await h.SyncAsync();

        Assert.Equal(StreamStatus.Failed, Orders(summary).Status);
        Assert.Equal(SyncErrorKind.Permanent, Orders(summary).ErrorKind);
        Assert.Contains("paging loop", Orders(summary).Message, StringComparison.Ordinal);
        Assert.Equal(10, h.Store.Load().ErpSalesOrders.Count(o => o.Status == ErpOrderStatus.Open));
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task F14_OlderVersionDeliveredAfterTheNewer_TheNewerStays()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        var company = h.Simulator.Data.ByName(Company)!;
        Order(company, 1001, Start.AddMinutes(-30), 500m);
        await h.SyncAsync();
        Order(company, 1001, Start.AddMinutes(-32), 1m); // an older version, inside the next run's lookback
        h.Clock.Advance(TimeSpan.FromMinutes(5));

        var summary = await h.SyncAsync();

        Assert.Equal(1, Orders(summary).Upserted.Stale);
        Assert.Equal(500m, h.Store.Load().ErpSalesOrders.Single(o => o.Id == "1001").NetAmount);
        h.AssertCursorsNeverWentBack();
    }

    [Fact]
    public async Task BadRequest_IsPermanent_WithBusinessCentralsCodeInTheMessage()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, Companies);
        h.Simulator.Inject(new BusinessCentralFault(BusinessCentralFaultKind.BadRequest) { Resource = "customers", Code = "BadRequest_MethodNotAllowed" });

        var summary = await h.SyncAsync();

        var customers = summary.Streams.Single(s => s.Stream == Entity + "/customers");
        Assert.Equal(SyncErrorKind.Permanent, customers.ErrorKind);
        Assert.Contains("BadRequest_MethodNotAllowed", customers.Message, StringComparison.Ordinal);
        Assert.Equal(1, h.Simulator.Requests.Count(r => r.Resource == "customers"));
    }

    [Fact]
    public async Task UnknownCompany_IsPermanent_AndNamesTheCompaniesThereAre()
    {
        await using var h = await BusinessCentralHarness.StartAsync(Standard(), Start, [new BusinessCentralCompany("CRONUS UK Ltd.", "UK")]);

        var summary = await h.SyncAsync();

        var failed = summary.Streams.First(s => s.Status == StreamStatus.Failed);
        Assert.Equal(SyncErrorKind.Permanent, failed.ErrorKind);
        Assert.Contains($"no company named 'CRONUS UK Ltd.' in the environment (it has: {Company})", failed.Message, StringComparison.Ordinal);
    }
}
