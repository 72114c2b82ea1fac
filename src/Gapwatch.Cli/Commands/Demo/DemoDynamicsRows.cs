using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Model;
using Gapwatch.Simulators.Dataverse;
using Gapwatch.Simulators.DynamicsFo;

namespace Gapwatch.Cli.Commands.Demo;

/// <summary>
/// The demo generator's <c>--erp dynamics_fo</c> records in the two services' wire shapes: F&amp;O
/// data entity rows (lower-case <c>dataAreaId</c>, empty strings for missing text, the
/// <c>1900-01-01T12:00:00Z</c> null date, enum names) and Dataverse rows (null for missing, the
/// company lookup). What the connectors must read back is the generator's
/// records less what F&amp;O cannot carry (no modified timestamp; GL lines keyed by RecId).
/// The tests keep that expectation (<c>DynamicsDemoRows.Expected</c> in Gapwatch.Connectors.Tests).
/// </summary>
internal static class DemoDynamicsRows
{
    public const char Delimiter = '|';
    public const string HoldingGroup = "WEB";
    private const string NullDate = "1900-01-01T12:00:00Z";

    private static readonly Dictionary<string, string> CompanyIds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USMF"] = "6f0d7a57-1a3b-4c77-9d42-000000000001",
        ["CAMF"] = "6f0d7a57-1a3b-4c77-9d42-000000000002",
    };

    /// <summary>Fills both services' entity sets from the generator's records.</summary>
    public static void Load(DynamicsTenant tenant, WorkspaceData data)
    {
        var fo = tenant.FinanceOperations;
        fo[DynamicsFoSimulator.Customers].PutAll(data.ErpCustomers.Select(Customer));
        fo[DynamicsFoSimulator.SalesOrders].PutAll(data.ErpSalesOrders.Select(SalesOrder));
        fo[DynamicsFoSimulator.Invoices].PutAll(data.ErpDocuments.Select(Invoice));
        fo[DynamicsFoSimulator.GlEntries].PutAll(data.GlEntries.Select(GlEntry));
        fo[DynamicsFoSimulator.ExchangeRates].PutAll(data.ExchangeRates.Select(ExchangeRate));
        fo[DynamicsFoSimulator.PeriodStatuses].PutAll(data.PeriodLocks.Select(PeriodStatus));
        fo[DynamicsFoSimulator.IntegrationLog].PutAll(data.SyncLog.Select(LogEntry));
        var accounts = data.ErpCustomers.GroupBy(c => (c.Email, c.Name)).ToDictionary(g => g.Key, g => g.First());
        var unpromoted = 0;
        foreach (var record in data.DataverseRecords)
        {
            var row = Dataverse(record, record.PromotedToErp ? accounts[(record.Email, record.Name)] : null, unpromoted++);
            tenant.Dataverse[record.RecordType == "account" ? DataverseSimulator.Accounts : DataverseSimulator.Contacts].Put(row);
        }
    }

    public static JsonObject Customer(ErpCustomer c) => new()
    {
        ["dataAreaId"] = c.Entity.ToLowerInvariant(),
        ["CustomerAccount"] = c.Id,
        ["PartyType"] = "Organization",
        ["PartyNumber"] = "P" + c.Id,
        ["OrganizationName"] = c.Name ?? "",
        ["PrimaryContactEmail"] = c.Email ?? "",
        ["PrimaryContactPhone"] = c.Phone ?? "",
        ["TaxExemptNumber"] = c.VatNumber ?? "",
        ["IdentificationNumber"] = c.AccountReference ?? "",
        ["AddressZipCode"] = c.Postcode ?? "",
        ["AddressCountryRegionISOCode"] = c.Country ?? "",
        ["CustomerGroupId"] = c.IsHolding ? HoldingGroup : "RETAIL",
        ["SalesCurrencyCode"] = c.Entity == "CAMF" ? "CAD" : "USD",
        ["OnHoldStatus"] = c.Status == ErpCustomerStatus.Inactive ? "All" : "No",
    };

    public static JsonObject SalesOrder(ErpSalesOrder o) => new()
    {
        ["dataAreaId"] = o.Entity.ToLowerInvariant(),
        ["SalesOrderNumber"] = o.Id,
        ["CustomersOrderReference"] = o.ExternalOrderReference ?? "",
        ["OrderingCustomerAccountNumber"] = o.CustomerId ?? "",
        ["InvoiceCustomerAccountNumber"] = o.CustomerId ?? "",
        ["SalesOrderStatus"] = o.Status switch
        {
            ErpOrderStatus.Shipped => "Delivered",
            ErpOrderStatus.Invoiced => "Invoiced",
            ErpOrderStatus.Cancelled => "Canceled",
            _ => "Backorder",
        },
        ["SalesOrderProcessingStatus"] = o.Status == ErpOrderStatus.Released ? "Released" : "None",
        ["CurrencyCode"] = o.Currency,
        ["OrderTotalAmount"] = o.NetAmount,
        ["OrderCreationDateTime"] = Instant(o.CreatedAt),
        ["DefaultDimensionDisplayValue"] = DynamicsFoDimensions.Format(o.Dimensions, Delimiter),
    };

    public static JsonObject Invoice(ErpDocument d) => new()
    {
        ["dataAreaId"] = d.Entity.ToLowerInvariant(),
        ["InvoiceNumber"] = d.Id,
        ["InvoiceDate"] = Day(d.PostedOn),
        ["CreatedDateTime"] = Instant(d.CreatedAt),
        ["CustomersOrderReference"] = d.ExternalOrderReference ?? "",
        ["InvoiceCustomerAccountNumber"] = d.CustomerId ?? "",
        ["SalesOrderNumber"] = "",
        ["SalesOrderOriginCode"] = d.CommerceSourced ? "WEB" : "",
        ["CurrencyCode"] = d.Currency,
        ["TotalInvoiceAmount"] = d.DocumentKind == ErpDocumentKind.CreditMemo ? -d.NetAmount : d.NetAmount,
        ["TotalTaxAmount"] = 0m,
        ["ExchangeRate"] = d.ExchangeRate,
        ["DeferredRevenueAmount"] = d.DeferredAmount,
        ["DefaultDimensionDisplayValue"] = DynamicsFoDimensions.Format(d.Dimensions, Delimiter),
        ["LedgerVoucher"] = "V" + d.Id,
    };

    public static JsonObject GlEntry(GlEntry g)
    {
        var dimensions = DynamicsFoDimensions.Format(g.Dimensions, Delimiter);
        return new JsonObject
        {
            ["dataAreaId"] = g.Entity.ToLowerInvariant(),
            ["RecId"] = RecId(g.Id),
            ["Voucher"] = "V" + (g.SourceDocumentId ?? g.Id),
            ["AccountingDate"] = Day(g.PostedOn),
            ["LedgerAccount"] = dimensions.Length == 0 ? g.Account : g.Account + Delimiter + dimensions,
            ["PostingLayer"] = "Current",
            ["TransactionCurrencyCode"] = g.Currency,
            ["TransactionCurrencyAmount"] = g.Amount,
            ["AccountingCurrencyAmount"] = g.Amount,
            ["DocumentNumber"] = g.SourceDocumentId ?? "",
        };
    }

    public static JsonObject ExchangeRate(ExchangeRate r) => new()
    {
        ["RateTypeName"] = r.RateKind == ExchangeRateKind.PeriodAverage ? "Average" : "Default",
        ["FromCurrency"] = r.From,
        ["ToCurrency"] = r.To,
        ["StartDate"] = Day(r.EffectiveOn),
        ["EndDate"] = NullDate,
        ["Rate"] = r.Rate,
        ["ConversionFactor"] = "One",
    };

    public static JsonObject PeriodStatus(PeriodLock p) => new()
    {
        ["dataAreaId"] = p.Entity.ToLowerInvariant(),
        ["PeriodStartDate"] = Day(p.PeriodStart),
        ["PeriodEndDate"] = Day(p.PeriodEnd),
        ["PeriodName"] = p.PeriodStart.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        ["PeriodStatus"] = "Closed",
        ["StatusChangedDateTime"] = Instant(p.LockedAt),
    };

    public static JsonObject LogEntry(SyncLogEntry e) => new()
    {
        ["LogId"] = e.Id,
        ["ObjectType"] = e.Object.ToString(),
        ["ExternalReference"] = e.ExternalReference,
        ["AttemptedDateTime"] = Instant(e.AttemptedAt),
        ["Outcome"] = e.Outcome.ToString(),
        ["Message"] = e.Message ?? "",
        ["ModifiedDateTime"] = e.UpdatedAt is { } u ? Instant(u) : NullDate,
    };

    /// <summary>
    /// A Dataverse account or contact. A promoted one carries its F&amp;O customer account and
    /// company; of the others a third carry an account and company F&amp;O does not know (only the
    /// F&amp;O check tells), a third an account without company, a third nothing.
    /// </summary>
    public static JsonObject Dataverse(DataverseRecord r, ErpCustomer? promotedAs, int sequence)
    {
        var account = r.RecordType == "account";
        var (number, company) = promotedAs is { } c ? (c.Id, c.Entity)
            : (sequence % 3) switch
            {
                0 => ("CUS-9" + sequence.ToString("D5", CultureInfo.InvariantCulture), "USMF"),
                1 => ("CUS-8" + sequence.ToString("D5", CultureInfo.InvariantCulture), null),
                _ => ((string?)null, (string?)null),
            };
        var row = new JsonObject
        {
            [account ? "accountid" : "contactid"] = r.Id,
            [account ? "name" : "fullname"] = r.Name,
            ["emailaddress1"] = r.Email,
            [DataverseSimulator.AccountReferenceColumn] = r.AccountReference, // a custom column: no standard one holds it
            [account ? "accountnumber" : "msdyn_contactpersonid"] = number, // dual-write's CUSTOMERACCOUNT
            ["_msdyn_company_value"] = company is null ? null : CompanyIds[company],
            ["statecode"] = 0,
            ["modifiedon"] = r.UpdatedAt is { } u ? Instant(u) : null,
            ["createdon"] = r.UpdatedAt is { } created ? Instant(created.AddDays(-30)) : null,
        };
        if (company is not null)
        {
            row["msdyn_company"] = new JsonObject { ["cdm_companycode"] = company, ["cdm_companyid"] = CompanyIds[company] };
        }

        if (account)
        {
            row["customertypecode"] = 3;
            row["msdyn_taxexemptnumber"] = r.VatNumber; // on accounts only
        }
        else
        {
            row["msdyn_sellable"] = true; // a customer contact (Customers V3 → contacts), not a vendor's contact person
        }

        return row;
    }

    /// <summary>The generator's GL ids are <c>GL-0000001</c>; F&amp;O keys a line by its RecId, here the number.</summary>
    public static long RecId(string id) => long.Parse(id.AsSpan(id.LastIndexOf('-') + 1), CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:00:00Z";
}
