using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>
/// A Finance &amp; Operations environment on loopback: the data entities Gapwatch reads under
/// <c>/data/{EntitySet}</c>, served by <see cref="ODataCollectionEndpoint"/>. Without
/// <c>cross-company=true</c> only the default company's rows are returned, as F&amp;O does; pages
/// are capped at 10,000 rows. Tokens come from the tenant's <see cref="EntraTokenIssuer"/> for the
/// resource that is this simulator's origin.
/// </summary>
public sealed class DynamicsFoSimulator : ODataSimulator
{
    public const string Customers = "CustomersV3";
    public const string SalesOrders = "SalesOrderHeadersV2";
    public const string Invoices = "SalesInvoiceHeadersV2";
    public const string GlEntries = "GeneralJournalAccountEntries";
    public const string ExchangeRates = "ExchangeRates";
    public const string PeriodStatuses = "FiscalPeriodStatuses";
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
        new(Invoices, ["dataAreaId", "InvoiceNumber"],
            ["dataAreaId", "InvoiceNumber", "InvoiceDate", "CreatedDateTime", "CustomersOrderReference", "InvoiceCustomerAccountNumber", "SalesOrderNumber",
             "SalesOrderOriginCode", "CurrencyCode", "TotalInvoiceAmount", "TotalTaxAmount", "ExchangeRate", "DeferredRevenueAmount", "DefaultDimensionDisplayValue", "LedgerVoucher"]),
        new(GlEntries, ["dataAreaId", "RecId"],
            ["dataAreaId", "RecId", "Voucher", "AccountingDate", "LedgerAccount", "PostingLayer", "TransactionCurrencyCode", "TransactionCurrencyAmount",
             "AccountingCurrencyAmount", "DocumentNumber"],
            ["PostingLayer"]),
        new(ExchangeRates, ["RateTypeName", "FromCurrency", "ToCurrency", "StartDate"],
            ["RateTypeName", "FromCurrency", "ToCurrency", "StartDate", "EndDate", "Rate", "ConversionFactor"]),
        new(PeriodStatuses, ["dataAreaId", "PeriodStartDate"],
            ["dataAreaId", "PeriodStartDate", "PeriodEndDate", "PeriodName", "PeriodStatus", "StatusChangedDateTime"],
            ["PeriodStatus"]),
        new(IntegrationLog, ["LogId"],
            ["LogId", "ObjectType", "ExternalReference", "AttemptedDateTime", "Outcome", "Message", "ModifiedDateTime"]),
    ];
}
