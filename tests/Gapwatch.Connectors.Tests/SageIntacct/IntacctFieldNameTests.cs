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
