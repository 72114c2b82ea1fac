using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>
/// A Finance &amp; Operations environment on loopback: the data entities Gapwatch reads under
/// <c>/data/{EntitySet}</c>, served by <see cref="ODataCollectionEndpoint"/>, with the entity set
/// names and property names of a real F&amp;O <c>$metadata</c> (a <c>$select</c>, <c>$filter</c> or
/// <c>$orderby</c> naming another property is answered 400, as F&amp;O does), and the data-management
/// execution history: <c>DataManagementExecutionJobDetails</c> and the bound action
/// <c>DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.GetExecutionErrors</c>. Without
/// <c>cross-company=true</c> only the default company's rows are returned, as F&amp;O does; pages
/// are capped at 10,000 rows. Tokens come from the tenant's <see cref="EntraTokenIssuer"/> for the
/// resource that is this simulator's origin.
/// </summary>
public sealed class DynamicsFoSimulator : ODataSimulator
{
    public const string Customers = "CustomersV3";
    public const string SalesOrders = "SalesOrderHeadersV2";
    public const string Invoices = "CustInvoiceJourBiEntities";
    public const string GlEntries = "GeneralJournalAccountEntryBiEntities";
    public const string GlJournalEntries = "GeneralJournalEntryBiEntities";
    public const string ExchangeRates = "ExchangeRates";
    public const string PeriodStatuses = "LedgerFiscalPeriods";
    public const string FiscalPeriods = "FiscalPeriods";
    public const string IntegrationLog = "GapwatchIntegrationLogEntries";
    public const string ExecutionJobDetails = "DataManagementExecutionJobDetails";

    /// <summary>The request log's and the fault queue's name of the <c>GetExecutionErrors</c> action.</summary>
    public const string ExecutionErrorsAction = "GetExecutionErrors";

    private readonly ConcurrentDictionary<string, string> executionErrors = new(StringComparer.OrdinalIgnoreCase);

    private DynamicsFoSimulator(SimulatorHost host, ODataCollectionEndpoint endpoint)
        : base(host, endpoint)
    {
        endpoint.AddAction("DataManagementDefinitionGroups", "Microsoft.Dynamics.DataEntities.GetExecutionErrors", ExecutionErrorsAction, ExecutionErrors);
    }

    /// <summary>
    /// Sets what <c>GetExecutionErrors</c> answers for an execution: <paramref name="value"/> is the
    /// string F&amp;O puts in <c>value</c>, a JSON array as text, served as given (so a test can serve
    /// the unescaped quotes and line breaks seen in the field).
    /// </summary>
    public void PutExecutionErrors(string jobId, string value) => executionErrors[jobId] = value;

    /// <summary>As <see cref="PutExecutionErrors(string, string)"/>, with the items serialized as proper JSON.</summary>
    public void PutExecutionErrors(string jobId, IEnumerable<(string RecordId, string Field, string ErrorMessage)> errors) =>
        PutExecutionErrors(jobId, new JsonArray([.. errors.Select(e => (JsonNode)new JsonObject { ["RecordId"] = e.RecordId, ["Field"] = e.Field, ["ErrorMessage"] = e.ErrorMessage })]).ToJsonString());

    /// <summary>
    /// <c>{"executionId":"…"}</c> → the execution's errors; a body without a string executionId is
    /// 400; an execution without errors (or unknown: verify what F&amp;O answers) is an empty array.
    /// </summary>
    private ODataActionAnswer ExecutionErrors(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("executionId", out var id) || id.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(id.GetString()))
        {
            return new ODataActionAnswer(400, "The parameter 'executionId' of the action 'GetExecutionErrors' is missing or not a string.");
        }

        return ODataActionAnswer.Value(executionErrors.TryGetValue(id.GetString()!, out var value) ? value : "[]");
    }

    public static async Task<DynamicsFoSimulator> StartAsync(EntraTokenIssuer issuer, string defaultCompany = "usmf")
    {
        var (host, endpoint) = await StartEndpointAsync(
            new ODataServiceProfile("Finance & Operations", "data/", 10_000, "dataAreaId", defaultCompany, SkipSupported: true), issuer, Tables()).ConfigureAwait(false);
        return new DynamicsFoSimulator(host, endpoint);
    }

    private static IEnumerable<ODataTable> Tables() =>
    [
        new(Customers, ["dataAreaId", "CustomerAccount"],
            ["dataAreaId", "CustomerAccount", "PartyType", "PartyNumber", "OrganizationName", "PrimaryContactEmail", "PrimaryContactPhone", "TaxExemptNumber",
             "IdentificationNumber", "AddressZipCode", "AddressCountryRegionISOCode", "CustomerGroupId", "SalesCurrencyCode", "OnHoldStatus"],
            ["OnHoldStatus", "PartyType"]),
        new(SalesOrders, ["dataAreaId", "SalesOrderNumber"],
            ["dataAreaId", "SalesOrderNumber", "CustomersOrderReference", "OrderingCustomerAccountNumber", "InvoiceCustomerAccountNumber", "SalesOrderStatus",
             "SalesOrderProcessingStatus", "CurrencyCode", "OrderTotalAmount", "OrderCreationDateTime", "DefaultLedgerDimensionDisplayValue"],
            ["SalesOrderStatus", "SalesOrderProcessingStatus"]),
        new(Invoices, ["dataAreaId", "SourceKey"],
            ["dataAreaId", "SourceKey", "InvoiceId", "InvoiceDate", "CreatedOn", "SalesId", "CustomerRef", "InvoiceAccount", "OrderAccount", "SalesOriginId",
             "CurrencyCode", "InvoiceAmount", "InvoiceAmountMST", "SumTax", "SumTaxMST", "ExchRate", "LedgerVoucher", "IsCorrection", "ReturnStatus", "SysModifiedDateTime"],
            ["IsCorrection", "ReturnStatus"]),
        new(GlEntries, ["SourceKey"],
            ["SourceKey", "GeneralJournalEntry", "LedgerAccount", "MainAccount", "TransactionCurrencyCode", "TransactionCurrencyAmount", "AccountingCurrencyAmount",
             "ReportingCurrencyAmount", "LedgerDimensionValuesJson", "IsCredit", "PostingType", "Text"],
            ["IsCredit", "PostingType"]),
        new(GlJournalEntries, ["JournalNumber", "FiscalCalendarYear", "Ledger"],
            ["JournalNumber", "FiscalCalendarYear", "Ledger", "SourceKey", "SubledgerVoucher", "SubledgerVoucherDataAreaId", "AccountingDate", "PostingLayer",
             "DocumentNumber", "DocumentDate", "JournalCategory", "CreatedOn"],
            ["PostingLayer", "JournalCategory"]),
        new(ExchangeRates, ["RateTypeName", "FromCurrency", "ToCurrency", "StartDate"],
            ["RateTypeName", "FromCurrency", "ToCurrency", "StartDate", "EndDate", "Rate", "ConversionFactor"]),
        new(PeriodStatuses, ["LedgerName", "Calendar", "YearName", "PeriodName"],
            ["LedgerName", "Calendar", "YearName", "PeriodName", "PeriodStatus", "LegalEntityId"],
            ["PeriodStatus"]),
        new(FiscalPeriods, ["Calendar", "FiscalYear", "StartDate", "EndDate", "PeriodName"],
            ["Calendar", "FiscalYear", "StartDate", "EndDate", "PeriodName", "Type", "Quarter", "Month", "ShortName", "Days"],
            ["Type", "Quarter", "Month"]),
        new(ExecutionJobDetails, ["DefinitionGroupId", "JobId", "EntityName"],
            ["DefinitionGroupId", "JobId", "EntityName", "StagingStatus", "TargetStatus", "StagingStartDateTime", "StagingEndDateTime", "TargetStartDateTime",
             "TargetEndDateTime", "StagingRecordsToBeProcessedCount", "TargetRecordsCreatedCount", "TargetRecordsUpdatedCount"],
            ["StagingStatus", "TargetStatus"]),
        new(IntegrationLog, ["LogId"],
            ["LogId", "ObjectType", "ExternalReference", "AttemptedDateTime", "Outcome", "Message", "ModifiedDateTime"]),
    ];
}
