using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.SageIntacct;
using static Gapwatch.Connectors.Tests.SageIntacct.IntacctCompanies;

namespace Gapwatch.Connectors.Tests.SageIntacct;

/// <summary>
/// The field names the connector asks Intacct for, checked against the names public sources confirm
/// (the simulator's <see cref="IntacctSchema"/>), and their mapping: a wrong name fails the whole
/// query in Intacct, so the simulator refuses it too and the tests see it.
/// </summary>
public sealed class IntacctFieldNameTests
{
    private static readonly IntacctConnection Connection = new("sender", "sender-secret", "ACME", "ws_user", "user-secret") { DefaultEntity = "US100" };

    private static IntacctRow Row(string name, params (string Field, string? Value)[] fields) =>
        new(name, fields.ToDictionary(f => f.Field, f => f.Value, StringComparer.OrdinalIgnoreCase));

    [Fact]
    public void StandardFieldLists_AreFieldsTheirObjectsHave()
    {
        Assert.All(IntacctMapper.CustomerFields, f => Assert.True(IntacctSchema.IsStandard("CUSTOMER", f), f));
        Assert.All(IntacctMapper.DocumentFields, f => Assert.True(IntacctSchema.IsStandard("SODOCUMENT", f), f));
        Assert.True(IntacctSchema.IsStandard("SODOCUMENT", new IntacctFieldMap().CommerceReference!));
        Assert.False(IntacctSchema.IsStandard("SODOCUMENT", "AUDITWHENCREATED"));
        Assert.All(IntacctMapper.RateFields, f => Assert.True(IntacctSchema.IsStandard("EXCHANGERATEENTRY", f), f));
        Assert.All(IntacctMapper.RatePairFields, f => Assert.True(IntacctSchema.IsStandard("EXCHANGERATE", f), f));
        Assert.Equal(IntacctSchema.DefaultRateParentField, IntacctFieldMap.DefaultRateParent);
        Assert.All(["FROM_CURRENCY", "TO_CURRENCY", "TYPENAME", "EFFECTIVEDATE", "VALUE"], f => Assert.False(IntacctSchema.IsStandard("EXCHANGERATEENTRY", f), f));
        Assert.All(IntacctMapper.ArFields, f => Assert.True(IntacctSchema.IsStandard("ARINVOICE", f) && IntacctSchema.IsStandard("ARADJUSTMENT", f), f));
        Assert.All(IntacctMapper.GlFields, f => Assert.True(IntacctSchema.IsStandard("GLDETAIL", f), f));
        Assert.False(IntacctSchema.IsStandard("GLDETAIL", "MEGAENTITYID"));
        Assert.All(IntacctMapper.PeriodFields, f => Assert.True(IntacctSchema.IsStandard("REPORTINGPERIOD", f), f));
        Assert.All(["MEGAENTITYID", "WHENMODIFIED"], f => Assert.False(IntacctSchema.IsStandard("REPORTINGPERIOD", f), f));
    }

    [Fact]
    public void Gl_EntityIsTheSessionsOrTheDefault_OrTheNamedGlField()
    {
        (string, string?)[] line =
        [
            ("RECORDNO", "3220-55186-27290--accrual"), ("BATCH_DATE", "02/07/2026"), ("ACCOUNTNO", "4000"), ("TR_TYPE", "-1"), ("TRX_AMOUNT", "12.50"),
            ("CURRENCY", "USD"), ("LOCATIONID", "CA200"), ("WHENMODIFIED", "02/07/2026 10:00:00"),
        ];
        GlEntry Read(IntacctConnection c) => Assert.IsType<GlEntry>(Assert.Single(new IntacctMapper(c).Gl(Row("GLDETAIL", line)).Records));
        var scoped = new IntacctConnection("sender", "sender-secret", "ACME", "ws_user", "user-secret", "US100");

        Assert.Equal(("US100", -12.50m, "3220-55186-27290--accrual"), (Read(Connection).Entity, Read(Connection).Amount, Read(Connection).Id)); // the default entity
        Assert.Equal("US100", Read(scoped).Entity);
        Assert.Equal("ACME", Read(new IntacctConnection("sender", "sender-secret", "ACME", "ws_user", "user-secret")).Entity); // single entity: the company
        Assert.Equal("CA200", Read(new IntacctConnection("sender", "sender-secret", "ACME", "ws_user", "user-secret") { Fields = new IntacctFieldMap().With("gl_entity", "LOCATIONID") }).Entity);
        Assert.Equal(IntacctMapper.GlFields, new IntacctMapper(scoped).GlFieldList());
    }

    [Fact]
    public void Period_IsALockVersionedByItsClosedAt_InTheSessionsEntity()
    {
        var mapper = new IntacctMapper(new IntacctConnection("sender", "sender-secret", "ACME", "ws_user", "user-secret", "CA200"));
        var closed = mapper.Period(Row("REPORTINGPERIOD", ("RECORDNO", "12"), ("NAME", "Month Ended January 2026"), ("START_DATE", "01/01/2026"), ("END_DATE", "01/31/2026"),
            ("GW_CLOSED_AT", "02/06/2026 17:00:00")));
        var open = mapper.Period(Row("REPORTINGPERIOD", ("RECORDNO", "13"), ("START_DATE", "02/01/2026"), ("END_DATE", "02/28/2026")));
        var at = new DateTimeOffset(2026, 2, 6, 17, 0, 0, TimeSpan.Zero);

        Assert.Equal(new PeriodLock("CA200", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), at, at), Assert.Single(closed.Records));
        Assert.Equal(new SyncCursor(at, "12"), closed.Cursor);
        Assert.Equal((0, null, null), (open.Records.Count, open.Cursor, open.Rejected));
    }

    [Fact]
    public async Task PerEntity_ReadsGlAndPeriodsInOneSessionPerEntity_EachLineInItsEntity()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.PerEntity = true;

        var summary = await h.SyncAsync();
        var again = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        Assert.Equal(
            [
                "customers", "sales_orders", "sales_invoices", "credit_memos", "ar_invoices", "ar_adjustments", "gl_entries@US100", "gl_entries@CA200",
                "exchange_rates", "period_locks@US100", "period_locks@CA200",
            ],
            summary.Streams.Select(s => s.Stream));
        h.AssertStoreEqualsSource(withLog: false);
        var data = h.Store.Load();
        Assert.Equal(2, data.GlEntries.Count(g => g.Entity == "CA200"));
        Assert.Equal(6, data.GlEntries.Count(g => g.Entity == "US100"));
        Assert.Equal("US100", Assert.Single(data.PeriodLocks).Entity);
        Assert.Equal(6, h.Simulator.Logins); // per run: the connection's session and one per entity
        Assert.All(h.Simulator.Log.Where(l => l.Object == "REPORTINGPERIOD"), l => Assert.Equal("", l.Query)); // read whole: no WHENMODIFIED
        Assert.Equal(0, again.RecordsUpserted);
    }

    [Fact]
    public void Rate_TakesCurrenciesAndTypeFromItsPair_AndRefusesAnEntryWithoutOne()
    {
        var mapper = new IntacctMapper(Connection);
        var entry = Row("EXCHANGERATEENTRY", ("RECORDNO", "41"), ("EXCHANGERATEID", "7"), ("EFFECTIVE_START_DATE", "01/01/2026"), ("EXCHANGE_RATE", "0.7205"),
            ("WHENMODIFIED", "02/01/2026 08:00:00"));
        var average = Row("EXCHANGERATE", ("RECORDNO", "7"), ("TYPENAME", "Monthly Average"), ("FROM_CURRENCY", "cad"), ("TO_CURRENCY", "USD"));

        var rate = Assert.IsType<ExchangeRate>(Assert.Single(mapper.Rate(entry, average).Records));
        var spot = Assert.IsType<ExchangeRate>(Assert.Single(mapper.Rate(entry, Row("EXCHANGERATE", ("TYPENAME", "Daily Spot"), ("FROM_CURRENCY", "CAD"), ("TO_CURRENCY", "USD"))).Records));
        var orphan = mapper.Rate(entry, null);

        Assert.Equal(new ExchangeRate("CAD", "USD", ExchangeRateKind.PeriodAverage, new DateOnly(2026, 1, 1), 0.7205m, new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero)), rate);
        Assert.Equal(ExchangeRateKind.Spot, spot.RateKind);
        Assert.Empty(orphan.Records);
        Assert.NotNull(orphan.Cursor); // refused at its cursor: the checkpoint still moves past it
        Assert.Contains("exchange rate 7 was not found", orphan.Rejected!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rates_AreJoinedToTheirPairs_TheIntacctDailyRateIsNeverServed()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        var rates = h.Store.Load().ExchangeRates;
        Assert.Equal(3, rates.Count);
        Assert.All(rates, r => Assert.Equal(("CAD", "USD"), (r.From, r.To)));
        Assert.Equal([ExchangeRateKind.PeriodAverage, ExchangeRateKind.Spot, ExchangeRateKind.Spot], rates.Select(r => r.RateKind).Order());
        var entries = h.Simulator.Log.First(l => l.Object == "EXCHANGERATEENTRY");
        Assert.Equal("RECORDNO,EFFECTIVE_START_DATE,EXCHANGE_RATE,WHENMODIFIED,EXCHANGERATEID", entries.Fields);
        var pairs = h.Simulator.Log.Single(l => l.Object == "EXCHANGERATE"); // one page of entries: one look-up of its pairs
        Assert.Equal("RECORDNO,TYPENAME,FROM_CURRENCY,TO_CURRENCY", pairs.Fields);
        Assert.StartsWith("RECORDNO IN (", pairs.Query, StringComparison.Ordinal);
        h.AssertStoreEqualsSource(withLog: false);
    }

    [Fact]
    public async Task Rates_AWrongPairLinkName_FailsTheStreamNamingIt()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.FieldMap = IntacctHarness.Fields.With("rate_parent", "EXCHANGERATEKEY");

        var summary = await h.SyncAsync();

        var rates = summary.Streams.Single(s => s.Stream == "exchange_rates");
        Assert.Equal(SyncErrorKind.Permanent, rates.ErrorKind);
        Assert.Contains("EXCHANGERATEKEY", rates.Message, StringComparison.Ordinal);
        Assert.Equal(IntacctFieldMap.DefaultRateParent, IntacctHarness.Fields.With("rate_parent", "").RateParent); // cleared: the default again
    }

    [Fact]
    public void SalesOrder_CreatedIsTheAuditTimestamp_ElseTheDocumentDate()
    {
        var mapper = new IntacctMapper(Connection);
        (string, string?)[] common =
        [
            ("RECORDNO", "7"), ("DOCNO", "SO-1"), ("STATE", "Pending"), ("CURRENCY", "USD"), ("TRX_SUBTOTAL", "10.50"), ("WHENMODIFIED", "02/07/2026 10:00:00"),
            ("WHENCREATED", "02/07/2026"),
        ];

        var audited = (ErpSalesOrder)Assert.Single(mapper.SalesOrder(Row("SODOCUMENT", [.. common, ("AUWHENCREATED", "01/14/2026 11:02:48")])).Records);
        var dated = (ErpSalesOrder)Assert.Single(mapper.SalesOrder(Row("SODOCUMENT", common)).Records);

        Assert.Equal(new DateTimeOffset(2026, 1, 14, 11, 2, 48, TimeSpan.Zero), audited.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 2, 7, 0, 0, 0, TimeSpan.Zero), dated.CreatedAt);
    }

    [Fact]
    public async Task Simulator_AcceptsTheConnectorsFieldLists_AndRefusesAFieldTheObjectLacks()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());
        h.FieldMap = IntacctHarness.Fields with { Deferred = "AUDITWHENCREATED" };

        var summary = await h.SyncAsync();

        var orders = summary.Streams.Single(s => s.Stream == "sales_orders");
        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (orders.Status, orders.ErrorKind));
        Assert.Contains("AUDITWHENCREATED", orders.Message, StringComparison.Ordinal);
        Assert.Contains("field map", orders.Message, StringComparison.Ordinal); // the hint to check the company's fields
        Assert.All(summary.Streams.Where(s => s.Stream is not ("sales_orders" or "sales_invoices" or "credit_memos")),
            s => Assert.Equal(StreamStatus.Completed, s.Status));
        Assert.Null(h.Checkpoint("sales_orders"));
    }
}
