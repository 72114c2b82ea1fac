using System.Text.Json;
using System.Text.Json.Serialization;
using Gapwatch.Connectors.OData;

namespace Gapwatch.Connectors.DynamicsFo;

// The rows of the Finance & Operations data entities, as the connector selects them. Entity sets and
// field names are checked against a generated client of a real F&O $metadata (docs/connectors.md,
// Finance & Operations). Every field is nullable: a missing key is refused by the mapper.

/// <summary><c>CustomersV3</c>.</summary>
internal sealed record FoCustomerRow(
    string? DataAreaId,
    string? CustomerAccount,
    string? OrganizationName,
    string? PrimaryContactEmail,
    string? PrimaryContactPhone,
    string? TaxExemptNumber,
    string? IdentificationNumber,
    string? AddressZipCode,
    string? AddressCountryRegionISOCode,
    string? CustomerGroupId,
    string? OnHoldStatus);

/// <summary><c>SalesOrderHeadersV2</c>.</summary>
internal sealed record FoSalesOrderRow(
    string? DataAreaId,
    string? SalesOrderNumber,
    string? CustomersOrderReference,
    string? OrderingCustomerAccountNumber,
    string? SalesOrderStatus,
    string? SalesOrderProcessingStatus,
    string? CurrencyCode,
    decimal? OrderTotalAmount,
    DateTimeOffset? OrderCreationDateTime,
    string? DefaultLedgerDimensionDisplayValue);

/// <summary>
/// <c>CustInvoiceJourBiEntities</c>: the posted customer invoice journal (invoices and, with a
/// negative amount, credit notes). The only invoice entity with a created and a modified time and
/// the booked exchange rate; it carries no financial dimensions (they come from the sales order).
/// </summary>
internal sealed record FoInvoiceRow(
    string? DataAreaId,
    long? SourceKey,
    string? InvoiceId,
    DateTimeOffset? InvoiceDate,
    DateTimeOffset? CreatedOn,
    string? SalesId,
    string? CustomerRef,
    string? InvoiceAccount,
    string? SalesOriginId,
    string? CurrencyCode,
    decimal? InvoiceAmount,
    decimal? SumTax,
    decimal? ExchRate,
    DateTimeOffset? SysModifiedDateTime);

/// <summary><c>SalesOrderHeadersV2</c> as the invoices' dimension lookup reads it.</summary>
internal sealed record FoOrderDimensionRow(
    string? DataAreaId,
    string? SalesOrderNumber,
    string? DefaultLedgerDimensionDisplayValue);

/// <summary><c>GeneralJournalEntryBiEntities</c>: one journal entry (voucher) of one legal entity; its lines reference its <c>SourceKey</c>.</summary>
internal sealed record FoGlHeaderRow(
    long? SourceKey,
    string? SubledgerVoucherDataAreaId,
    string? SubledgerVoucher,
    DateTimeOffset? AccountingDate,
    string? DocumentNumber);

/// <summary><c>GeneralJournalAccountEntryBiEntities</c>: one ledger line; <c>GeneralJournalEntry</c> is its header's <c>SourceKey</c>.</summary>
internal sealed record FoGlLineRow(
    long? SourceKey,
    long? GeneralJournalEntry,
    string? LedgerAccount,
    string? TransactionCurrencyCode,
    decimal? TransactionCurrencyAmount);

/// <summary><c>ExchangeRates</c>.</summary>
internal sealed record FoExchangeRateRow(
    string? RateTypeName,
    string? FromCurrency,
    string? ToCurrency,
    DateTimeOffset? StartDate,
    decimal? Rate);

/// <summary><c>LedgerFiscalPeriods</c>: the status of one fiscal period in one ledger (no dates, no changed time).</summary>
internal sealed record FoLedgerPeriodRow(
    string? LedgerName,
    string? Calendar,
    string? YearName,
    string? PeriodName,
    string? PeriodStatus,
    string? LegalEntityId);

/// <summary><c>FiscalPeriods</c>: one period of a fiscal calendar year, with its dates and type (Opening, Operating, Closing).</summary>
internal sealed record FoFiscalPeriodRow(
    string? Calendar,
    string? FiscalYear,
    string? PeriodName,
    DateTimeOffset? StartDate,
    DateTimeOffset? EndDate,
    string? Type);

/// <summary>The commerce integration's log entity (a contract of ours, not a standard entity).</summary>
internal sealed record FoIntegrationLogRow(
    string? LogId,
    string? ObjectType,
    string? ExternalReference,
    DateTimeOffset? AttemptedDateTime,
    string? Outcome,
    string? Message,
    DateTimeOffset? ModifiedDateTime);

/// <summary>
/// <c>DataManagementExecutionJobDetails</c>: one entity of one data-management execution (keys
/// DefinitionGroupId, JobId, EntityName). The statuses are the <c>DmfBatchJobStatus</c> enum
/// (DMFBatchJobStatus: NotStarted, Waiting, Executing, Error, Finished, Ready, NotRun, Cancelling, Canceled, Hold), sent as their names.
/// </summary>
internal sealed record FoExecutionJobDetailRow(
    string? DefinitionGroupId,
    string? JobId,
    string? EntityName,
    string? StagingStatus,
    string? TargetStatus,
    DateTimeOffset? StagingStartDateTime,
    DateTimeOffset? TargetStartDateTime,
    long? StagingRecordsToBeProcessedCount,
    long? TargetRecordsCreatedCount,
    long? TargetRecordsUpdatedCount);

/// <summary>One item of the JSON array <c>GetExecutionErrors</c> returns as a string.</summary>
internal sealed record FoExecutionErrorItem(string? RecordId, string? Field, string? ErrorMessage);

/// <summary>An OData action's primitive answer: <c>{"@odata.context":"…#Edm.String","value":"…"}</c>.</summary>
internal sealed record FoActionStringResult(string? Value);

[JsonSerializable(typeof(ODataEnvelope<FoCustomerRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoSalesOrderRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoInvoiceRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoOrderDimensionRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoGlHeaderRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoGlLineRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoExchangeRateRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoLedgerPeriodRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoFiscalPeriodRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoIntegrationLogRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoExecutionJobDetailRow>))]
[JsonSerializable(typeof(List<Dictionary<string, JsonElement>>))]
[JsonSerializable(typeof(FoActionStringResult))]
[JsonSerializable(typeof(string))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, PropertyNameCaseInsensitive = true)]
internal sealed partial class DynamicsFoJson : JsonSerializerContext;
