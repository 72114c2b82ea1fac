using System.Text.Json;
using System.Text.Json.Serialization;
using Gapwatch.Connectors.OData;

namespace Gapwatch.Connectors.BusinessCentral;

// The API v2.0 resources as Gapwatch reads them (docs: api-reference/v2.0/resources/dynamics_*).
// Only the fields mapped are declared; unknown fields are ignored, so a newer API version that adds
// fields keeps working. Enum values arrive XML-escaped ("_x0020_" for a blank) and are decoded by the mapper.

internal sealed record BcDimensionSetLine(string? Code, string? ValueCode);

internal sealed record BcCustomer(
    string? Number, string? DisplayName, string? Email, string? PhoneNumber, string? TaxRegistrationNumber,
    string? PostalCode, string? Country, string? Blocked);

internal sealed record BcSalesOrder(
    string? Number, string? ExternalDocumentNumber, DateOnly? OrderDate, string? CustomerNumber, string? CurrencyCode,
    decimal? TotalAmountExcludingTax, bool? FullyShipped, string? Status, List<BcDimensionSetLine>? DimensionSetLines);

/// <summary>A sales invoice or credit memo: the API serves drafts and posted documents in one collection.</summary>
internal sealed record BcSalesDocument(
    string? Number, string? ExternalDocumentNumber, DateOnly? InvoiceDate, DateOnly? CreditMemoDate, DateOnly? PostingDate,
    string? CustomerNumber, string? CurrencyCode, string? OrderNumber, decimal? TotalAmountExcludingTax, string? Status,
    List<BcDimensionSetLine>? DimensionSetLines);

internal sealed record BcGeneralLedgerEntry(
    long? EntryNumber, DateOnly? PostingDate, string? DocumentNumber, string? AccountNumber, decimal? DebitAmount, decimal? CreditAmount,
    List<BcDimensionSetLine>? DimensionSetLines);

internal sealed record BcCurrencyExchangeRate(
    string? CurrencyCode, DateOnly? StartingDate, decimal? ExchangeRateAmount, string? RelationalCurrencyCode, decimal? RelationalExchangeRateAmount,
    DateTimeOffset? LastModifiedDateTime);

/// <summary><c>dateLocked</c> is typed boolean on the resource page (one docs sample shows a date: verify); only <c>closed</c> is read.</summary>
internal sealed record BcAccountingPeriod(DateOnly? StartingDate, bool? Closed, DateTimeOffset? LastModifiedDateTime);

internal sealed record BcGeneralLedgerSetup(DateOnly? AllowPostingFrom, string? LocalCurrencyCode, DateTimeOffset? LastModifiedDateTime);

/// <summary>A row of the Shopify Connector's "Shpfy Log Entries" page published as a web service (control names; verify per version).</summary>
internal sealed record ShpfyLogEntry(long? EntryNo, DateTimeOffset? DateAndTime, string? Url, string? RequestPreview, string? ResponsePreview, bool? HasError);

/// <summary>A row of the "Shpfy Skipped Records" page published as a web service (control names; verify per version).</summary>
internal sealed record ShpfySkippedRecord(long? EntryNo, long? ShopifyId, string? TableName, string? SkippedReason, DateTimeOffset? CreatedOn);

[JsonSerializable(typeof(ODataEnvelope<JsonElement>))]
[JsonSerializable(typeof(BcCustomer))]
[JsonSerializable(typeof(BcSalesOrder))]
[JsonSerializable(typeof(BcSalesDocument))]
[JsonSerializable(typeof(BcGeneralLedgerEntry))]
[JsonSerializable(typeof(BcCurrencyExchangeRate))]
[JsonSerializable(typeof(BcAccountingPeriod))]
[JsonSerializable(typeof(BcGeneralLedgerSetup))]
[JsonSerializable(typeof(ShpfyLogEntry))]
[JsonSerializable(typeof(ShpfySkippedRecord))]
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
internal sealed partial class BusinessCentralJson : JsonSerializerContext;
