using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
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
