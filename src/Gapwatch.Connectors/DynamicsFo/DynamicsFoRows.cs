using System.Text.Json.Serialization;
using Gapwatch.Connectors.OData;

namespace Gapwatch.Connectors.DynamicsFo;

// The rows of the Finance & Operations data entities, as the connector selects them. Field names
// are the entities' public property names; those marked "verify" in docs/connectors.md are not
// confirmed against a real $metadata. Every field is nullable: a missing key is refused by the mapper.

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

/// <summary><c>SalesInvoiceHeadersV2</c>: invoices and, with a negative total, credit notes.</summary>
internal sealed record FoInvoiceRow(
    string? DataAreaId,
    string? InvoiceNumber,
    DateTimeOffset? InvoiceDate,
    DateTimeOffset? CreatedDateTime,
    string? CustomersOrderReference,
    string? InvoiceCustomerAccountNumber,
    string? SalesOrderOriginCode,
    string? CurrencyCode,
    decimal? TotalInvoiceAmount,
    decimal? TotalTaxAmount,
    decimal? ExchangeRate,
    decimal? DeferredRevenueAmount,
    string? DefaultDimensionDisplayValue);

/// <summary><c>GeneralJournalAccountEntries</c>.</summary>
internal sealed record FoGlEntryRow(
    string? DataAreaId,
    long? RecId,
    string? Voucher,
    DateTimeOffset? AccountingDate,
    string? LedgerAccount,
    string? PostingLayer,
    string? TransactionCurrencyCode,
    decimal? TransactionCurrencyAmount,
    string? DocumentNumber);

/// <summary><c>ExchangeRates</c>.</summary>
internal sealed record FoExchangeRateRow(
    string? RateTypeName,
    string? FromCurrency,
    string? ToCurrency,
    DateTimeOffset? StartDate,
    decimal? Rate);

/// <summary><c>FiscalPeriodStatuses</c>: one fiscal period of one legal entity's ledger.</summary>
internal sealed record FoPeriodStatusRow(
    string? DataAreaId,
    DateTimeOffset? PeriodStartDate,
    DateTimeOffset? PeriodEndDate,
    string? PeriodStatus,
    DateTimeOffset? StatusChangedDateTime);

/// <summary>The commerce integration's log entity (a contract of ours, not a standard entity).</summary>
internal sealed record FoIntegrationLogRow(
    string? LogId,
    string? ObjectType,
    string? ExternalReference,
    DateTimeOffset? AttemptedDateTime,
    string? Outcome,
    string? Message,
    DateTimeOffset? ModifiedDateTime);

[JsonSerializable(typeof(ODataEnvelope<FoCustomerRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoSalesOrderRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoInvoiceRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoGlEntryRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoExchangeRateRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoPeriodStatusRow>))]
[JsonSerializable(typeof(ODataEnvelope<FoIntegrationLogRow>))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString, PropertyNameCaseInsensitive = true)]
internal sealed partial class DynamicsFoJson : JsonSerializerContext;
