using Gapwatch.Model;

namespace Gapwatch.Generator.Demo;

/// <summary>
/// Writes the ERP side and the integration's log: sales orders, posted invoices and credit memos
/// with their GL revenue lines, refunds on the storefront, and sync-log attempts. Ids are numbered
/// in the ERP's own style; every record carries the export time as its source version.
/// </summary>
internal sealed class DemoLedger(DemoMerchant merchant, DemoClock clock, DemoRates rates, WorkspaceData data)
{
    private int salesOrders;
    private int invoices;
    private int creditMemos;
    private int glEntries;
    private int syncEntries;
    private int refunds;

    public WorkspaceData Data { get; } = data;

    public DemoRates Rates { get; } = rates;

    public ErpSalesOrder SalesOrder(
        string entity, string reference, string? customer, ErpOrderStatus status, string currency, decimal net, DateTimeOffset created, Dimensions dimensions)
    {
        var order = new ErpSalesOrder(
            entity, $"{merchant.SalesOrderPrefix}{++salesOrders + 100_000:D6}", reference, customer, status, currency, net, created, dimensions, clock.ExportedAt);
        Data.ErpSalesOrders.Add(order);
        return order;
    }

    /// <summary>A posted invoice booked at the posting day's spot rate, and its GL revenue (and deferred revenue) lines.</summary>
    public ErpDocument Invoice(
        string entity, string reference, string? customer, DateOnly posted, DateTimeOffset created, string currency, decimal net, decimal deferred,
        Dimensions dimensions)
    {
        var invoice = new ErpDocument(
            ErpDocumentKind.Invoice, entity, $"{merchant.InvoicePrefix}{++invoices + 200_000:D6}", reference, customer, posted, created, currency, net,
            Rates.Booked(currency, posted), deferred, true, dimensions, clock.ExportedAt);
        Data.ErpDocuments.Add(invoice);
        Gl(entity, posted, merchant.RevenueAccount, -(net - deferred), currency, invoice.Id, dimensions);
        if (deferred > 0)
        {
            Gl(entity, posted, merchant.DeferredRevenueAccount, -deferred, currency, invoice.Id, dimensions);
        }

        return invoice;
    }

    public ErpDocument CreditMemo(
        string entity, string reference, string? customer, DateOnly posted, DateTimeOffset created, string currency, decimal net, Dimensions dimensions)
    {
        var memo = new ErpDocument(
            ErpDocumentKind.CreditMemo, entity, $"{merchant.CreditMemoPrefix}{++creditMemos + 300_000:D6}", reference, customer, posted, created, currency,
            net, Rates.Booked(currency, posted), 0m, true, dimensions, clock.ExportedAt);
        Data.ErpDocuments.Add(memo);
        Gl(entity, posted, merchant.ReturnsAccount, net, currency, memo.Id, dimensions);
        return memo;
    }

    /// <summary>A document keyed by hand in the ERP (not commerce-sourced): the revenue gap leaves it out.</summary>
    public void ManualInvoice(string entity, string customer, DateOnly posted, decimal net, Dimensions dimensions)
    {
        var invoice = new ErpDocument(
            ErpDocumentKind.Invoice, entity, $"{merchant.InvoicePrefix}{++invoices + 200_000:D6}", null, customer, posted, clock.PostingRun(posted, 5),
            "USD", net, 1m, 0m, false, dimensions, clock.ExportedAt);
        Data.ErpDocuments.Add(invoice);
        Gl(entity, posted, merchant.RevenueAccount, -net, "USD", invoice.Id, dimensions);
    }

    public CommerceRefund Refund(CommerceOrder order, DateTimeOffset created, decimal amount, decimal tax)
    {
        var refund = new CommerceRefund(order.Platform, $"{++refunds + 900_000}", order.Id, created, amount, tax, order.Currency, clock.ExportedAt);
        Data.CommerceRefunds.Add(refund);
        return refund;
    }

    public void SyncAttempt(SyncObject what, string reference, DateTimeOffset at, SyncOutcome outcome, string? message = null) =>
        Data.SyncLog.Add(new SyncLogEntry($"SYNC-{++syncEntries:D7}", what, reference, at, outcome, message, clock.ExportedAt));

    private void Gl(string entity, DateOnly posted, string account, decimal amount, string currency, string document, Dimensions dimensions) =>
        Data.GlEntries.Add(new GlEntry(entity, GlEntryId(++glEntries), posted, account, amount, currency, document, dimensions, clock.ExportedAt));

    /// <summary>Intacct numbers GL detail lines by <c>RECORDNO</c> alone (digits); the others get a readable prefix.</summary>
    private string GlEntryId(int sequence) =>
        merchant.Erp == ErpKind.SageIntacct ? (sequence + 5_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"GL-{sequence:D7}";
}
