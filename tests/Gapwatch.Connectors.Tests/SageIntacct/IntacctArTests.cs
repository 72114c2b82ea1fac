using System.Globalization;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Connectors.Sync;
using Gapwatch.Files.Import;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.SageIntacct;
using static Gapwatch.Connectors.Tests.SageIntacct.IntacctCompanies;

namespace Gapwatch.Connectors.Tests.SageIntacct;

/// <summary>
/// Native Accounts Receivable: <c>ARINVOICE</c> and <c>ARADJUSTMENT</c> with <c>MODULEKEY</c>
/// <c>4.AR</c> become documents; the <c>8.SO</c> AR side of order-entry documents (read as
/// <c>SODOCUMENT</c>) never does. The mapping alone, then through the simulated gateway.
/// </summary>
public sealed class IntacctArTests
{
    private static readonly IntacctConnection Connection = new("sender", "sender-secret", "ACME", "ws_user", "user-secret") { DefaultEntity = "US100" };

    private static IntacctRow Row(string objectName, params (string Field, string? Value)[] changes)
    {
        var fields = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["RECORDNO"] = "1241", ["RECORDID"] = "INV-000643", ["STATE"] = "Posted", ["CUSTOMERID"] = "CUST-00105", ["DOCNUMBER"] = "shopify:5001",
            ["CURRENCY"] = "CAD", ["BASECURR"] = "USD", ["EXCHANGE_RATE"] = "0.7205", ["TRX_TOTALENTERED"] = "1912.50", ["TOTALENTERED"] = "1377.96",
            ["WHENCREATED"] = "05/04/2026", ["AUWHENCREATED"] = "05/04/2026 10:15:00", ["WHENPOSTED"] = "05/05/2026", ["MODULEKEY"] = "4.AR",
            ["MEGAENTITYID"] = "CA200", ["WHENMODIFIED"] = "05/05/2026 08:00:00",
        };
        foreach (var (field, value) in changes)
        {
            fields[field] = value;
        }

        return new IntacctRow(objectName, fields);
    }

    [Fact]
    public void ArInvoice_MapsToAnInvoiceWithAPrefixedRecordNumber()
    {
        var outcome = new IntacctMapper(Connection).ArDocument(Row("ARINVOICE"), adjustment: false);

        var document = Assert.IsType<ErpDocument>(Assert.Single(outcome.Records));
        Assert.Null(outcome.Rejected);
        Assert.Equal((ErpDocumentKind.Invoice, "CA200", "ARINVOICE-1241", "shopify:5001", "CUST-00105"),
            (document.DocumentKind, document.Entity, document.Id, document.ExternalOrderReference, document.CustomerId));
        Assert.Equal(("CAD", 1912.50m, 0.7205m, 0m, true), (document.Currency, document.NetAmount, document.ExchangeRate, document.DeferredAmount, document.CommerceSourced));
        Assert.Equal(new DateOnly(2026, 5, 5), document.PostedOn);
        Assert.Equal(new DateTimeOffset(2026, 5, 4, 10, 15, 0, TimeSpan.Zero), document.CreatedAt);
        Assert.Equal(new DateTimeOffset(2026, 5, 5, 8, 0, 0, TimeSpan.Zero), document.UpdatedAt);
        Assert.Equal(new SyncCursor(document.UpdatedAt!.Value, "1241"), outcome.Cursor);
        Assert.Empty(RecordValidator.Validate(document, "ar"));
    }

    [Fact]
    public void ArInvoice_TaxFieldIsTakenOffTheTotal_DimensionsAndDeferredFromTheFieldMap()
    {
        var connection = new IntacctConnection("s", "p", "ACME", "u", "p")
        {
            Fields = new IntacctFieldMap { ArTax = "GW_TAX", ArDeferred = "GW_DEFERRED", ArDepartment = "GW_DEPT", ArLocation = "GW_LOC", ArInvoiceReference = "GW_ORDER" },
        };
        var mapper = new IntacctMapper(connection);

        var document = (ErpDocument)mapper.ArDocument(
            Row("ARINVOICE", ("GW_TAX", "112.50"), ("GW_DEFERRED", "100"), ("GW_DEPT", "D10"), ("GW_LOC", "NJ"), ("GW_ORDER", "adobe_commerce:77"), ("WHENPOSTED", null)),
            adjustment: false).Records.Single();

        Assert.Equal((1800m, 100m, "adobe_commerce:77"), (document.NetAmount, document.DeferredAmount, document.ExternalOrderReference));
        Assert.Equal(("D10", "NJ", null, null), (document.Dimensions.Department, document.Dimensions.Location, document.Dimensions.Project, document.Dimensions.Customer));
        Assert.Equal(new DateOnly(2026, 5, 4), document.PostedOn); // WHENCREATED when not posted
        Assert.Contains("GW_TAX", mapper.ArFieldList(adjustment: false));
        Assert.Contains("GW_ORDER", mapper.ArFieldList(adjustment: false));
        Assert.DoesNotContain("GW_ORDER", mapper.ArFieldList(adjustment: true));
    }

    [Theory]
    [InlineData("-80.00", ErpDocumentKind.CreditMemo)] // a credit adjustment (a refund) lowers what is owed
    [InlineData("12.50", ErpDocumentKind.Invoice)] // a debit adjustment raises it, as an invoice does
    public void ArAdjustment_CreditIsACreditMemo_DebitAnInvoice(string total, ErpDocumentKind kind)
    {
        var outcome = new IntacctMapper(Connection).ArDocument(Row("ARADJUSTMENT", ("TRX_TOTALENTERED", total), ("RECORDNO", "77")), adjustment: true);

        var document = (ErpDocument)outcome.Records.Single();
        Assert.Equal((kind, "ARADJUSTMENT-77", Math.Abs(decimal.Parse(total, CultureInfo.InvariantCulture))), (document.DocumentKind, document.Id, document.NetAmount));
    }

    [Fact]
    public void ArInvoice_EnteredNegative_IsACreditMemo()
    {
        var document = (ErpDocument)new IntacctMapper(Connection).ArDocument(Row("ARINVOICE", ("TRX_TOTALENTERED", "-250.00")), adjustment: false).Records.Single();

        Assert.Equal((ErpDocumentKind.CreditMemo, 250.00m), (document.DocumentKind, document.NetAmount));
    }

    [Fact]
    public void ArInvoice_WithOnlyTheBaseTotal_IsInTheBaseCurrencyAtRateOne()
    {
        var document = (ErpDocument)new IntacctMapper(Connection).ArDocument(Row("ARINVOICE", ("TRX_TOTALENTERED", null)), adjustment: false).Records.Single();

        // Never the base amount (USD 1,377.96) labelled CAD and converted again.
        Assert.Equal(("USD", 1377.96m, 1m), (document.Currency, document.NetAmount, document.ExchangeRate));
    }

    [Fact]
    public void ArAdjustment_WithoutAReference_IsNotCommerceSourced_NoEntityTakesTheDefault()
    {
        var document = (ErpDocument)new IntacctMapper(Connection).ArDocument(Row("ARADJUSTMENT", ("DOCNUMBER", ""), ("MEGAENTITYID", null)), adjustment: true).Records.Single();

        Assert.Equal((null, false, "US100"), (document.ExternalOrderReference, document.CommerceSourced, document.Entity));
    }

    [Theory]
    [InlineData("TRX_TOTALENTERED", "1,912.50", "AR invoice 1241 could not be read: TRX_TOTALENTERED '1,912.50' is not a number")]
    [InlineData("WHENPOSTED", "2026-13-45", "AR invoice 1241 could not be read: WHENPOSTED '2026-13-45' is not a date")]
    [InlineData("WHENMODIFIED", "yesterday", "AR invoice 1241: WHENMODIFIED 'yesterday' is not a date and time")]
    [InlineData("CURRENCY", null, "AR invoice 1241 could not be read: CURRENCY is missing")]
    [InlineData("RECORDNO", null, "AR invoice has no RECORDNO")]
    [InlineData("MODULEKEY", "8.SO", "AR invoice 1241: MODULEKEY '8.SO' is not native AR (4.AR)")]
    public void MalformedRow_IsRefusedNamingTheRecordNumberAndTheField(string field, string? value, string reason)
    {
        var row = Row("ARINVOICE", (field, value), field == "CURRENCY" ? ("BASECURR", null) : ("DESCRIPTION", null));

        var outcome = new IntacctMapper(Connection).ArDocument(row, adjustment: false);

        Assert.Empty(outcome.Records);
        Assert.Contains(reason, outcome.Rejected!.Reason, StringComparison.Ordinal);
        Assert.Equal(field == "RECORDNO" ? null : "1241", outcome.Rejected.ExternalId);
    }

    [Fact]
    public async Task Sync_NativeArInvoicesAndAdjustmentsLand_TheOrderEntrySideDoesNot()
    {
        await using var h = await IntacctHarness.StartAsync(Standard());

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        h.AssertStoreEqualsSource(withLog: false);
        var documents = h.Store.Load().ErpDocuments;
        var ar = documents.Where(d => d.Id.StartsWith("AR", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, ar.Count(d => d.Id.StartsWith("ARINVOICE-", StringComparison.Ordinal)));
        Assert.Equal(4, ar.Count(d => d.Id.StartsWith("ARADJUSTMENT-", StringComparison.Ordinal)));
        Assert.Equal(200m, ar.Single(d => d.ExternalOrderReference == "bigcommerce:705").NetAmount);
        Assert.Equal("CA200", ar.Single(d => d.ExternalOrderReference == "bigcommerce:705").Entity);
        Assert.Equal(3, ar.Count(d => d.DocumentKind == ErpDocumentKind.CreditMemo));
        Assert.False(ar.Single(d => d.ExternalOrderReference is null).CommerceSourced);

        // The order-entry documents are there once each, under their DOCNO; their 8.SO AR records are not.
        Assert.Single(documents, d => d.ExternalOrderReference == "shopify:1003");
        Assert.Equal(2, documents.Count(d => d.ExternalOrderReference == "shopify:1002")); // INV-201 and CM-301
        Assert.Equal(4 + 9, documents.Count);
        Assert.Equal(5, Stream(summary, "ar_invoices").RecordsRead);
        Assert.Equal(4, Stream(summary, "ar_adjustments").RecordsRead);

        var queries = h.Simulator.Log.Where(l => l.Function == "readByQuery" && l.Object is "ARINVOICE" or "ARADJUSTMENT").ToList();
        Assert.Equal(2, queries.Count);
        Assert.All(queries, q => Assert.EndsWith("AND MODULEKEY = '4.AR'", q.Query, StringComparison.Ordinal));
        Assert.All(queries, q => Assert.Contains("DOCNUMBER", q.Fields, StringComparison.Ordinal));
        Assert.NotNull(h.Checkpoint("ar_invoices"));
        Assert.NotNull(h.Checkpoint("ar_adjustments"));
    }

    [Fact]
    public async Task Sync_EditedArInvoice_IsReadAgainAtItsNewVersion_SecondRunChangesNothingElse()
    {
        var data = Standard();
        await using var h = await IntacctHarness.StartAsync(data);
        await h.SyncAsync();
        var invoice = data.Of("ARINVOICE").First(o => o.Fields["MODULEKEY"] == "4.AR");
        data.Edit("ARINVOICE", invoice.RecordNo, IntacctHarness.Start.AddMinutes(20), new Dictionary<string, string?> { ["TRX_TOTALENTERED"] = "41.00" });
        h.Clock.Advance(TimeSpan.FromHours(1));

        var summary = await h.SyncAsync();

        Assert.True(summary.Succeeded);
        Assert.Equal(1, summary.RecordsUpserted);
        Assert.Equal(41m, h.Store.Load().ErpDocuments.Single(d => d.Id == $"ARINVOICE-{invoice.RecordNo}").NetAmount);
        h.AssertStoreEqualsSource(withLog: false);
        h.AssertCursorsNeverWentBack();
    }

    private static StreamResult Stream(SyncSummary summary, string name) => summary.Streams.Single(s => s.Stream == name);
}
