using Gapwatch.Model;
using static Gapwatch.Files.Import.Formats;

namespace Gapwatch.Files.Import;

/// <summary>The import format: one schema per record kind (docs/import-format.md).</summary>
internal static class Schemas
{
    private const string DimensionColumns = "department,location,project,customer";

    public static IReadOnlyList<KindSchema> All { get; } =
    [
        CommerceCustomers(), CommerceOrders(), CommerceRefunds(), ErpCustomers(), ErpSalesOrders(), ErpDocuments(), GlEntries(),
        ExchangeRates(), PeriodLocks(), SyncLog(), DataverseRecords(), Sources(),
    ];

    public static KindSchema For(string kind) => All.Single(s => s.Kind == kind);

    private static KindSchema CommerceCustomers() => new(
        RecordKinds.CommerceCustomer,
        ColumnList.Parse("platform*,id*,email,phone,name,company_name,company_account,customer_group,tags,vat_number,account_reference,postcode,country,created_at*,merged_into_id,updated_at"),
        f => new CommerceCustomer(
            f.Platform("platform"), f.Text("id"), f.OptionalText("email"), f.OptionalText("phone"), f.OptionalText("name"),
            f.OptionalText("company_name"), f.Bool("company_account", false), f.OptionalText("customer_group"), f.List("tags"),
            f.OptionalText("vat_number"), f.OptionalText("account_reference"), f.OptionalText("postcode"), f.OptionalText("country"),
            f.Timestamp("created_at"), f.OptionalText("merged_into_id"), f.OptionalTimestamp("updated_at")),
        r => r is CommerceCustomer c
            ? [c.Platform.Key(), c.Id, c.Email, c.Phone, c.Name, c.CompanyName, Bool(c.CompanyAccount), c.CustomerGroup, List(c.Tags), c.VatNumber,
               c.AccountReference, c.Postcode, c.Country, Timestamp(c.CreatedAt), c.MergedIntoId, Timestamp(c.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema CommerceOrders() => new(
        RecordKinds.CommerceOrder,
        ColumnList.Parse("platform*,id*,number,customer_id,placed_at*,status*,currency*,subtotal*,discounts,shipping,tax,taxes_included,total*,ship_to_country,tags,updated_at"),
        f => new CommerceOrder(
            f.Platform("platform"), f.Text("id"), f.OptionalText("number"), f.OptionalText("customer_id"), f.Timestamp("placed_at"),
            f.Choice("status", OrderStatus), f.Currency("currency"), f.Decimal("subtotal"), f.OptionalDecimal("discounts", 0m),
            f.OptionalDecimal("shipping", 0m), f.OptionalDecimal("tax", 0m), f.Bool("taxes_included", false), f.Decimal("total"),
            f.OptionalText("ship_to_country"), f.List("tags"), f.OptionalTimestamp("updated_at")),
        r => r is CommerceOrder o
            ? [o.Platform.Key(), o.Id, o.Number, o.CustomerId, Timestamp(o.PlacedAt), Name(OrderStatus, o.Status), o.Currency, Decimal(o.Subtotal),
               Decimal(o.Discounts), Decimal(o.Shipping), Decimal(o.Tax), Bool(o.TaxesIncluded), Decimal(o.Total), o.ShipToCountry, List(o.Tags),
               Timestamp(o.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema CommerceRefunds() => new(
        RecordKinds.CommerceRefund,
        ColumnList.Parse("platform*,id*,order_id*,created_at*,amount*,tax,currency*,updated_at"),
        f => new CommerceRefund(
            f.Platform("platform"), f.Text("id"), f.Text("order_id"), f.Timestamp("created_at"), f.Decimal("amount"),
            f.OptionalDecimal("tax", 0m), f.Currency("currency"), f.OptionalTimestamp("updated_at")),
        r => r is CommerceRefund x
            ? [x.Platform.Key(), x.Id, x.OrderId, Timestamp(x.CreatedAt), Decimal(x.Amount), Decimal(x.Tax), x.Currency, Timestamp(x.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema ErpCustomers() => new(
        RecordKinds.ErpCustomer,
        ColumnList.Parse("entity*,id*,name,email,phone,vat_number,account_reference,postcode,country,status*,is_holding,updated_at"),
        f => new ErpCustomer(
            f.Text("entity"), f.Text("id"), f.OptionalText("name"), f.OptionalText("email"), f.OptionalText("phone"),
            f.OptionalText("vat_number"), f.OptionalText("account_reference"), f.OptionalText("postcode"), f.OptionalText("country"),
            f.Choice("status", CustomerStatus), f.Bool("is_holding", false), f.OptionalTimestamp("updated_at")),
        r => r is ErpCustomer c
            ? [c.Entity, c.Id, c.Name, c.Email, c.Phone, c.VatNumber, c.AccountReference, c.Postcode, c.Country, Name(CustomerStatus, c.Status),
               Bool(c.IsHolding), Timestamp(c.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema ErpSalesOrders() => new(
        RecordKinds.ErpSalesOrder,
        ColumnList.Parse($"entity*,id*,external_order_reference,customer_id,status*,currency*,net_amount*,created_at*,{DimensionColumns},updated_at"),
        f => new ErpSalesOrder(
            f.Text("entity"), f.Text("id"), f.OptionalText("external_order_reference"), f.OptionalText("customer_id"),
            f.Choice("status", ErpOrderStatuses), f.Currency("currency"), f.Decimal("net_amount"), f.Timestamp("created_at"),
            ReadDimensions(f), f.OptionalTimestamp("updated_at")),
        r => r is ErpSalesOrder o
            ? [o.Entity, o.Id, o.ExternalOrderReference, o.CustomerId, Name(ErpOrderStatuses, o.Status), o.Currency, Decimal(o.NetAmount),
               Timestamp(o.CreatedAt), .. WriteDimensions(o.Dimensions), Timestamp(o.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema ErpDocuments() => new(
        RecordKinds.ErpDocument,
        ColumnList.Parse($"document_kind*,entity*,id*,external_order_reference,customer_id,posted_on*,created_at*,currency*,net_amount*,exchange_rate,deferred_amount,commerce_sourced,{DimensionColumns},updated_at"),
        ReadDocument,
        r => r is ErpDocument d
            ? [Name(DocumentKind, d.DocumentKind), d.Entity, d.Id, d.ExternalOrderReference, d.CustomerId, Date(d.PostedOn), Timestamp(d.CreatedAt),
               d.Currency, Decimal(d.NetAmount), Decimal(d.ExchangeRate), Decimal(d.DeferredAmount), Bool(d.CommerceSourced),
               .. WriteDimensions(d.Dimensions), Timestamp(d.UpdatedAt)]
            : throw Mismatch(r));

    private static ErpDocument ReadDocument(FieldReader f)
    {
        var document = new ErpDocument(
            f.Choice("document_kind", DocumentKind), f.Text("entity"), f.Text("id"), f.OptionalText("external_order_reference"),
            f.OptionalText("customer_id"), f.Date("posted_on"), f.Timestamp("created_at"), f.Currency("currency"), f.Decimal("net_amount"),
            f.OptionalDecimal("exchange_rate", 1m), f.OptionalDecimal("deferred_amount", 0m), f.Bool("commerce_sourced", true),
            ReadDimensions(f), f.OptionalTimestamp("updated_at"));
        f.Check(document.ExchangeRate > 0m, "exchange_rate", $"'{Decimal(document.ExchangeRate)}' must be above zero");
        f.Check(document.DeferredAmount <= document.NetAmount, "deferred_amount",
            $"{Decimal(document.DeferredAmount)} is more than net_amount {Decimal(document.NetAmount)} (the deferred part cannot exceed the net)");
        return document;
    }

    private static KindSchema GlEntries() => new(
        RecordKinds.GlEntry,
        ColumnList.Parse($"entity*,id*,posted_on*,account*,amount*,currency*,source_document_id,{DimensionColumns},updated_at"),
        f => new GlEntry(
            f.Text("entity"), f.Text("id"), f.Date("posted_on"), f.Text("account"), f.Decimal("amount", nonNegative: false),
            f.Currency("currency"), f.OptionalText("source_document_id"), ReadDimensions(f), f.OptionalTimestamp("updated_at")),
        r => r is GlEntry g
            ? [g.Entity, g.Id, Date(g.PostedOn), g.Account, Decimal(g.Amount), g.Currency, g.SourceDocumentId, .. WriteDimensions(g.Dimensions), Timestamp(g.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema ExchangeRates() => new(
        RecordKinds.ExchangeRate,
        ColumnList.Parse("from*,to*,rate_kind*,effective_on*,rate*,updated_at"),
        f =>
        {
            var rate = new ExchangeRate(f.Currency("from"), f.Currency("to"), f.Choice("rate_kind", RateKind), f.Date("effective_on"), f.Decimal("rate"), f.OptionalTimestamp("updated_at"));
            f.Check(rate.Rate > 0m, "rate", $"'{Decimal(rate.Rate)}' must be above zero");
            return rate;
        },
        r => r is ExchangeRate x ? [x.From, x.To, Name(RateKind, x.RateKind), Date(x.EffectiveOn), Decimal(x.Rate), Timestamp(x.UpdatedAt)] : throw Mismatch(r));

    private static KindSchema PeriodLocks() => new(
        RecordKinds.PeriodLock,
        ColumnList.Parse("entity*,period_start*,period_end*,locked_at*,updated_at"),
        f =>
        {
            var period = new PeriodLock(f.Text("entity"), f.Date("period_start"), f.Date("period_end"), f.Timestamp("locked_at"), f.OptionalTimestamp("updated_at"));
            f.Check(period.PeriodEnd >= period.PeriodStart, "period_end", $"{Date(period.PeriodEnd)} is before period_start {Date(period.PeriodStart)}");
            return period;
        },
        r => r is PeriodLock p ? [p.Entity, Date(p.PeriodStart), Date(p.PeriodEnd), Timestamp(p.LockedAt), Timestamp(p.UpdatedAt)] : throw Mismatch(r));

    private static KindSchema SyncLog() => new(
        RecordKinds.SyncLog,
        ColumnList.Parse("id*,object*,external_reference*,attempted_at*,outcome*,message,updated_at"),
        f => new SyncLogEntry(
            f.Text("id"), f.Choice("object", SyncObjects), f.Text("external_reference"), f.Timestamp("attempted_at"),
            f.Choice("outcome", SyncOutcomes), f.OptionalText("message"), f.OptionalTimestamp("updated_at")),
        r => r is SyncLogEntry e
            ? [e.Id, Name(SyncObjects, e.Object), e.ExternalReference, Timestamp(e.AttemptedAt), Name(SyncOutcomes, e.Outcome), e.Message, Timestamp(e.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema DataverseRecords() => new(
        RecordKinds.DataverseRecord,
        ColumnList.Parse("id*,record_type*,name,email,vat_number,account_reference,promoted_to_erp*,updated_at"),
        f => new DataverseRecord(
            f.Text("id"), f.Text("record_type"), f.OptionalText("name"), f.OptionalText("email"), f.OptionalText("vat_number"),
            f.OptionalText("account_reference"), f.Bool("promoted_to_erp", false), f.OptionalTimestamp("updated_at")),
        r => r is DataverseRecord d
            ? [d.Id, d.RecordType, d.Name, d.Email, d.VatNumber, d.AccountReference, Bool(d.PromotedToErp), Timestamp(d.UpdatedAt)]
            : throw Mismatch(r));

    private static KindSchema Sources() => new(
        RecordKinds.SourceFreshness,
        ColumnList.Parse("source*,last_successful_sync_at*,updated_at"),
        f => new SourceFreshness(f.Text("source"), f.Timestamp("last_successful_sync_at"), f.OptionalTimestamp("updated_at")),
        r => r is SourceFreshness s ? [s.Source, Timestamp(s.LastSuccessfulSyncAt), Timestamp(s.UpdatedAt)] : throw Mismatch(r));

    private static Dimensions ReadDimensions(FieldReader f) =>
        new(f.OptionalText("department"), f.OptionalText("location"), f.OptionalText("project"), f.OptionalText("customer"));

    private static string?[] WriteDimensions(Dimensions d) => [d.Department, d.Location, d.Project, d.Customer];

    private static ArgumentException Mismatch(ISourceRecord record) => new($"a {record.GetType().Name} is not a {record.Kind} record");
}
