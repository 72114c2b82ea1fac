using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>
/// A Finance &amp; Operations environment on loopback: the data entities Gapwatch reads under
/// <c>/data/{EntitySet}</c>, served by <see cref="ODataCollectionEndpoint"/>, with the entity set
/// names and property names of a real F&amp;O <c>$metadata</c> (a <c>$select</c>, <c>$filter</c> or
/// <c>$orderby</c> naming another property is answered 400, as F&amp;O does). Without
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

    private DynamicsFoSimulator(SimulatorHost host, ODataCollectionEndpoint endpoint)
        : base(host, endpoint)
    {
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
        new(IntegrationLog, ["LogId"],
            ["LogId", "ObjectType", "ExternalReference", "AttemptedDateTime", "Outcome", "Message", "ModifiedDateTime"]),
    ];
}
