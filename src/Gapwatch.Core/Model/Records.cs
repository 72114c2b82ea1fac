namespace Gapwatch.Model;

/// <summary>
/// Every synced fact carries the source's own version (its <c>updated_at</c>); an upsert keeps the
/// newer one, so an old version delivered late never overwrites a newer one.
/// </summary>
public interface ISourceRecord
{
    /// <summary>The object kind, one of <see cref="RecordKinds"/>.</summary>
    string Kind { get; }

    /// <summary>The idempotency key of the upsert within its kind: unique per source.</summary>
    string Key { get; }

    DateTimeOffset? UpdatedAt { get; }
}

public static class RecordKinds
{
    public const string CommerceCustomer = "commerce_customers";
    public const string CommerceOrder = "commerce_orders";
    public const string CommerceRefund = "commerce_refunds";
    public const string ErpCustomer = "erp_customers";
    public const string ErpSalesOrder = "erp_sales_orders";
    public const string ErpDocument = "erp_documents";
    public const string GlEntry = "gl_entries";
    public const string ExchangeRate = "exchange_rates";
    public const string PeriodLock = "period_locks";
    public const string SyncLog = "sync_log";
    public const string DataverseRecord = "dataverse_records";
    public const string SourceFreshness = "sources";

    public static IReadOnlyList<string> All { get; } =
    [
        CommerceCustomer, CommerceOrder, CommerceRefund, ErpCustomer, ErpSalesOrder, ErpDocument,
        GlEntry, ExchangeRate, PeriodLock, SyncLog, DataverseRecord, SourceFreshness,
    ];
}

/// <summary>ERP dimensions carried on documents and gap rows. Any of them may be absent.</summary>
public sealed record Dimensions(string? Department = null, string? Location = null, string? Project = null, string? Customer = null)
{
    public static Dimensions None { get; } = new();

    public bool IsEmpty => Department is null && Location is null && Project is null && Customer is null;

    /// <summary>Fills the gaps of this set from another, keeping what this one already has.</summary>
    public Dimensions Or(Dimensions fallback) => new(
        Department ?? fallback.Department,
        Location ?? fallback.Location,
        Project ?? fallback.Project,
        Customer ?? fallback.Customer);
}

/// <summary>A storefront customer account. The B2B decision is made by the workspace's B2B rule, from the signals kept here.</summary>
public sealed record CommerceCustomer(
    Platform Platform,
    string Id,
    string? Email,
    string? Phone,
    string? Name,
    string? CompanyName,
    bool CompanyAccount,
    string? CustomerGroup,
    IReadOnlyList<string> Tags,
    string? VatNumber,
    string? AccountReference,
    string? Postcode,
    string? Country,
    DateTimeOffset CreatedAt,
    string? MergedIntoId,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.CommerceCustomer;

    public string Key => CommerceRef.Format(Platform, Id);
}

public enum CommerceOrderStatus
{
    Open = 1,
    Fulfilled = 2,
    Cancelled = 3,
    Draft = 4,
}

/// <summary>
/// A storefront order. Amounts are in <see cref="Currency"/> (the shop currency the merchant books
/// in). <see cref="Total"/> is what the buyer pays: lines less discounts plus shipping, plus tax
/// unless <see cref="TaxesIncluded"/>; net revenue is always total less tax.
/// </summary>
public sealed record CommerceOrder(
    Platform Platform,
    string Id,
    string? Number,
    string? CustomerId,
    DateTimeOffset PlacedAt,
    CommerceOrderStatus Status,
    string Currency,
    decimal Subtotal,
    decimal Discounts,
    decimal Shipping,
    decimal Tax,
    bool TaxesIncluded,
    decimal Total,
    string? ShipToCountry,
    IReadOnlyList<string> Tags,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.CommerceOrder;

    public string Key => CommerceRef.Format(Platform, Id);

    /// <summary>Revenue net of tax, shipping included, before refunds.</summary>
    public decimal NetRevenue => Total - Tax;

    public bool IsQuoteOrDraft => Status == CommerceOrderStatus.Draft;

    public bool IsActive => Status is CommerceOrderStatus.Open or CommerceOrderStatus.Fulfilled;
}

public sealed record CommerceRefund(
    Platform Platform,
    string Id,
    string OrderId,
    DateTimeOffset CreatedAt,
    decimal Amount,
    decimal Tax,
    string Currency,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.CommerceRefund;

    public string Key => CommerceRef.Format(Platform, Id);
}

public enum ErpCustomerStatus
{
    Active = 1,
    Inactive = 2,
}

/// <summary>A record of the ERP customer master, in one entity (Intacct entity, BC company, F&amp;O legal entity).</summary>
public sealed record ErpCustomer(
    string Entity,
    string Id,
    string? Name,
    string? Email,
    string? Phone,
    string? VatNumber,
    string? AccountReference,
    string? Postcode,
    string? Country,
    ErpCustomerStatus Status,
    bool IsHolding,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.ErpCustomer;

    public string Key => Entity + "/" + Id;
}

public enum ErpOrderStatus
{
    Open = 1,
    Released = 2,
    Shipped = 3,
    Invoiced = 4,
    Cancelled = 5,
}

/// <summary>An ERP sales order. <see cref="ExternalOrderReference"/> points at the commerce order it came from.</summary>
public sealed record ErpSalesOrder(
    string Entity,
    string Id,
    string? ExternalOrderReference,
    string? CustomerId,
    ErpOrderStatus Status,
    string Currency,
    decimal NetAmount,
    DateTimeOffset CreatedAt,
    Dimensions Dimensions,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.ErpSalesOrder;

    public string Key => Entity + "/" + Id;
}

public enum ErpDocumentKind
{
    Invoice = 1,
    CreditMemo = 2,
}

/// <summary>
/// A posted invoice or credit memo. Amounts are positive and net of tax in <see cref="Currency"/>;
/// <see cref="ExchangeRate"/> is the rate the ERP booked it at into the reporting currency;
/// <see cref="DeferredAmount"/> is the part revenue recognition deferred (never above the net).
/// </summary>
public sealed record ErpDocument(
    ErpDocumentKind DocumentKind,
    string Entity,
    string Id,
    string? ExternalOrderReference,
    string? CustomerId,
    DateOnly PostedOn,
    DateTimeOffset CreatedAt,
    string Currency,
    decimal NetAmount,
    decimal ExchangeRate,
    decimal DeferredAmount,
    bool CommerceSourced,
    Dimensions Dimensions,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.ErpDocument;

    public string Key => Entity + "/" + Id;
}

public sealed record GlEntry(
    string Entity,
    string Id,
    DateOnly PostedOn,
    string Account,
    decimal Amount,
    string Currency,
    string? SourceDocumentId,
    Dimensions Dimensions,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.GlEntry;

    public string Key => Entity + "/" + Id;
}

public enum ExchangeRateKind
{
    /// <summary>The average over an accounting period (a calendar month), keyed by its first day.</summary>
    PeriodAverage = 1,

    /// <summary>The daily spot rate.</summary>
    Spot = 2,
}

/// <summary>One unit of <see cref="From"/> is worth <see cref="Rate"/> units of <see cref="To"/>.</summary>
public sealed record ExchangeRate(
    string From,
    string To,
    ExchangeRateKind RateKind,
    DateOnly EffectiveOn,
    decimal Rate,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.ExchangeRate;

    public string Key => $"{From}/{To}/{(RateKind == ExchangeRateKind.PeriodAverage ? "average" : "spot")}/{EffectiveOn:yyyy-MM-dd}";
}

/// <summary>A closed period of one entity: its GL side is frozen at what was posted by <see cref="LockedAt"/>.</summary>
public sealed record PeriodLock(
    string Entity,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateTimeOffset LockedAt,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.PeriodLock;

    public string Key => $"{Entity}/{PeriodStart:yyyy-MM-dd}";

    public bool Contains(DateOnly day) => day >= PeriodStart && day <= PeriodEnd;
}

public enum SyncObject
{
    Customer = 1,
    Order = 2,
}

public enum SyncOutcome
{
    Created = 1,
    Updated = 2,
    Skipped = 3,
    Failed = 4,
}

/// <summary>One attempt of the commerce-to-ERP integration, as its own log records it.</summary>
public sealed record SyncLogEntry(
    string Id,
    SyncObject Object,
    string ExternalReference,
    DateTimeOffset AttemptedAt,
    SyncOutcome Outcome,
    string? Message,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.SyncLog;

    public string Key => Id;
}

/// <summary>A Dataverse account or contact (Dynamics 365 only) and whether dual-write promoted it to the F&amp;O master.</summary>
public sealed record DataverseRecord(
    string Id,
    string RecordType,
    string? Name,
    string? Email,
    string? VatNumber,
    string? AccountReference,
    bool PromotedToErp,
    DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.DataverseRecord;

    public string Key => Id;
}

/// <summary>When a source (a platform, the ERP, the sync log) last synced successfully.</summary>
public sealed record SourceFreshness(string Source, DateTimeOffset LastSuccessfulSyncAt, DateTimeOffset? UpdatedAt) : ISourceRecord
{
    public string Kind => RecordKinds.SourceFreshness;

    public string Key => Source;
}

/// <summary>Commerce references are qualified by platform (<c>shopify:1001</c>) because ids collide across platforms.</summary>
public static class CommerceRef
{
    public static string Format(Platform platform, string id) => platform.Key() + ":" + id;
}
