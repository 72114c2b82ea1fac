using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Generator.Demo;

/// <summary>
/// The demo merchant, Northwind Outfitters, in one ERP's vocabulary: a US entity (USD) and a
/// Canadian one (CAD), ids shaped the way that ERP numbers them, and the rejection messages its
/// integration writes to the sync log.
/// </summary>
internal sealed record DemoMerchant(
    ErpKind Erp,
    string UsEntity,
    string CaEntity,
    string UsHolding,
    string CaHolding,
    string CustomerPrefix,
    string SalesOrderPrefix,
    string InvoicePrefix,
    string CreditMemoPrefix,
    string RevenueAccount,
    string DeferredRevenueAccount,
    string ReturnsAccount,
    IReadOnlyList<string> CustomerRejections,
    string OrderRejection)
{
    public const string TimeZone = "America/New_York";

    public static DemoMerchant For(ErpKind erp) => erp switch
    {
        ErpKind.SageIntacct => new(
            erp, "US100", "CA200", "WEBSALES-US", "WEBSALES-CA", "CUST-", "SO-", "INV-", "CM-", "4000", "2400", "4100",
            [
                "BL03000018: Required field TAXSCHEDULE is missing on CUSTOMER create",
                "BL01001973: Could not create Customer record: the Tax ID is not valid for the selected tax solution",
            ],
            "BL03000130: Customer ID is not valid on SODOCUMENT create"),
        ErpKind.BusinessCentral => new(
            erp, "NORTHWIND-US", "NORTHWIND-CA", "WEB-US", "WEB-CA", "C", "S-ORD", "PS-INV", "PS-CM", "40100", "22300", "40400",
            [
                "Customer Posting Group must have a value in Customer: No.=. It cannot be zero or empty.",
                "The field VAT Registration No. of table Customer contains a value that is not valid for the country.",
            ],
            "The Customer does not exist. Identification fields and values: No.=''"),
        ErpKind.DynamicsFo => new(
            erp, "USMF", "CAMF", "USMF-WEB", "CAMF-WEB", "CUS-", "SO-", "CIV-", "CCN-", "401100", "240100", "403100",
            [
                "Dual-write: Customer group 'WHSL' does not exist in legal entity; the account stays in Dataverse",
                "Dual-write: Tax exempt number is not valid for the customer's country/region",
            ],
            "Dual-write: Customer account not found when creating sales order header"),
        _ => throw new ArgumentOutOfRangeException(nameof(erp), erp, "unknown ERP"),
    };

    public string EntityOf(DemoCountry country) => country == DemoCountry.Canada ? CaEntity : UsEntity;

    public string HoldingOf(string entity) => entity == CaEntity ? CaHolding : UsHolding;

    /// <summary>
    /// The field map: orders route by ship-to country (tag <c>entity:us</c>/<c>entity:ca</c> where
    /// the B2B portal sets it), everything else posts to the US entity; the web-sales customers
    /// are holding records; one Canadian company is overridden to post to Canada wherever it ships.
    /// </summary>
    public WorkspaceSettings Settings(string overriddenCustomer) => new()
    {
        Name = $"Northwind Outfitters (demo) — {Erp.DisplayName()}",
        Erp = Erp,
        Entities = [UsEntity, CaEntity],
        ReportingCurrency = Currency.Of("USD"),
        TimeZone = TimeZone,
        EntityRouting = new EntityRouting
        {
            DefaultEntity = UsEntity,
            TagPrefix = "entity",
            ByTagValue = new Dictionary<string, string> { ["us"] = UsEntity, ["ca"] = CaEntity },
            ByShipToCountry = new Dictionary<string, string> { ["US"] = UsEntity, ["CA"] = CaEntity },
            CustomerOverrides = new Dictionary<string, string> { [overriddenCustomer] = CaEntity },
        },
        HoldingCustomers = [UsHolding, CaHolding],
    };
}

/// <summary>Where a buyer lives: it decides currency, tax, postcode shape and the entity orders route to.</summary>
internal enum DemoCountry
{
    UnitedStates = 1,
    Canada = 2,
    Germany = 3,
    France = 4,
    Netherlands = 5,
}
