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
/// <c>1900-01-01T12:00:00Z</c> null date, enum names, rates per 100 units) and Dataverse rows (null
/// for missing, the company lookup). What the connectors must read back is the generator's records
/// less what F&amp;O cannot carry, listed in <see cref="Differences"/>. The tests keep that
/// expectation (<c>DynamicsDemoRows.Expected</c> in Gapwatch.Connectors.Tests).
/// </summary>
internal static class DemoDynamicsRows
{
    /// <summary>What the F&amp;O entities cannot carry of the generator's records (docs/connectors.md, Finance &amp; Operations, "Not read").</summary>
    public static readonly string[] Differences =
    [
        "customers, sales orders, GL entries, exchange rates and period locks: no version (no modified timestamp)",
        "documents: deferred amount 0 (no invoice entity carries it)",
        "documents: dimensions are their sales order's; one without a sales order (keyed by hand, marketplace) has none",
        "GL entries: ids are the lines' RecIds (SourceKey)",
        "period locks: locked at the day after the period end (no entity records when a period was closed)",
    ];

    /// <summary>The fiscal calendar every demo ledger uses.</summary>
    public const string Calendar = "Fiscal";

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
        var orders = SalesOrdersByReference(data);
        fo[DynamicsFoSimulator.Invoices].PutAll(data.ErpDocuments.Select(d => Invoice(d, SalesOrderOf(orders, d)?.Id)));
        foreach (var (header, lines) in GlJournals(data.GlEntries))
        {
            fo[DynamicsFoSimulator.GlJournalEntries].Put(header);
            fo[DynamicsFoSimulator.GlEntries].PutAll(lines);
        }

        fo[DynamicsFoSimulator.ExchangeRates].PutAll(data.ExchangeRates.Select(ExchangeRate));
        var (ledgerPeriods, fiscalPeriods) = Periods(data.PeriodLocks);
        fo[DynamicsFoSimulator.PeriodStatuses].PutAll(ledgerPeriods);
        fo[DynamicsFoSimulator.FiscalPeriods].PutAll(fiscalPeriods);
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
        ["SalesOrderProcessingStatus"] = o.Status == ErpOrderStatus.Released ? "Confirmed" : "Active",
        ["CurrencyCode"] = o.Currency,
        ["OrderTotalAmount"] = o.NetAmount,
        ["OrderCreationDateTime"] = Instant(o.CreatedAt),
        ["DefaultLedgerDimensionDisplayValue"] = DynamicsFoDimensions.Format(o.Dimensions, Delimiter),
    };

    /// <summary>The sales orders by company and commerce reference (the first of each), for linking a document to its order.</summary>
    public static Dictionary<(string Entity, string Reference), ErpSalesOrder> SalesOrdersByReference(WorkspaceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var orders = new Dictionary<(string, string), ErpSalesOrder>();
        foreach (var order in data.ErpSalesOrders.Where(o => o.ExternalOrderReference is not null))
        {
            orders.TryAdd((order.Entity, order.ExternalOrderReference!), order);
        }

        return orders;
    }

    /// <summary>The sales order a document was invoiced from (or credited against); none for one keyed by hand or from a marketplace.</summary>
    public static ErpSalesOrder? SalesOrderOf(Dictionary<(string Entity, string Reference), ErpSalesOrder> orders, ErpDocument d)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(d);
        return d.ExternalOrderReference is { } reference && orders.TryGetValue((d.Entity, reference), out var order) ? order : null;
    }

    /// <summary>
    /// A <c>CustInvoiceJourBiEntities</c> row: credit notes with a negative amount, the rate per 100
    /// units, no dimensions (the connector takes its sales order's), no deferral.
    /// </summary>
    public static JsonObject Invoice(ErpDocument d, string? salesId)
    {
        ArgumentNullException.ThrowIfNull(d);
        var amount = d.DocumentKind == ErpDocumentKind.CreditMemo ? -d.NetAmount : d.NetAmount;
        return new JsonObject
        {
            ["dataAreaId"] = d.Entity.ToLowerInvariant(),
            ["SourceKey"] = SourceKey(d.Id),
            ["InvoiceId"] = d.Id,
            ["InvoiceDate"] = Day(d.PostedOn),
            ["CreatedOn"] = Instant(d.CreatedAt),
            ["SalesId"] = salesId ?? "",
            ["CustomerRef"] = d.ExternalOrderReference ?? "",
            ["InvoiceAccount"] = d.CustomerId ?? "",
            ["OrderAccount"] = d.CustomerId ?? "",
            ["SalesOriginId"] = d.CommerceSourced ? "WEB" : "",
            ["CurrencyCode"] = d.Currency,
            ["InvoiceAmount"] = amount,
            ["InvoiceAmountMST"] = Math.Round(amount * d.ExchangeRate, 2, MidpointRounding.AwayFromZero),
            ["SumTax"] = 0m,
            ["SumTaxMST"] = 0m,
            ["ExchRate"] = d.ExchangeRate * 100m,
            ["LedgerVoucher"] = "V" + d.Id,
            ["IsCorrection"] = "No",
            ["ReturnStatus"] = "None",
            ["SysModifiedDateTime"] = Instant(d.UpdatedAt ?? d.CreatedAt),
        };
    }

    /// <summary>
    /// The GL lines grouped into journal entries (<c>GeneralJournalEntryBiEntities</c>) by company,
    /// document and day, each with its lines (<c>GeneralJournalAccountEntryBiEntities</c>) pointing
    /// at the entry's <c>SourceKey</c>. Lines keep their RecId (<see cref="RecId"/>).
    /// </summary>
    public static IEnumerable<(JsonObject Header, List<JsonObject> Lines)> GlJournals(IEnumerable<GlEntry> entries)
    {
        var ledgers = new Dictionary<string, long>(StringComparer.Ordinal);
        var number = 0L;
        foreach (var entry in entries.GroupBy(g => (g.Entity, Document: g.SourceDocumentId ?? g.Id, g.PostedOn)).OrderBy(g => RecId(g.First().Id)))
        {
            var key = JournalEntryKeyBase + ++number;
            if (!ledgers.TryGetValue(entry.Key.Entity, out var ledger))
            {
                ledger = JournalEntryKeyBase + ledgers.Count + 1;
                ledgers[entry.Key.Entity] = ledger;
            }

            var header = new JsonObject
            {
                ["JournalNumber"] = "GJ" + number.ToString("D8", CultureInfo.InvariantCulture),
                ["FiscalCalendarYear"] = entry.Key.PostedOn.Year,
                ["Ledger"] = ledger,
                ["SourceKey"] = key,
                ["SubledgerVoucher"] = "V" + entry.Key.Document,
                ["SubledgerVoucherDataAreaId"] = entry.Key.Entity.ToLowerInvariant(),
                ["AccountingDate"] = Day(entry.Key.PostedOn),
                ["PostingLayer"] = "Current",
                ["DocumentNumber"] = entry.First().SourceDocumentId ?? "",
                ["DocumentDate"] = Day(entry.Key.PostedOn),
                ["JournalCategory"] = "Sales",
            };
            yield return (header, [.. entry.Select(g => GlLine(g, key))]);
        }
    }

    private static JsonObject GlLine(GlEntry g, long journalEntry)
    {
        var dimensions = DynamicsFoDimensions.Format(g.Dimensions, Delimiter);
        return new JsonObject
        {
            ["SourceKey"] = RecId(g.Id),
            ["GeneralJournalEntry"] = journalEntry,
            ["LedgerAccount"] = dimensions.Length == 0 ? g.Account : g.Account + Delimiter + dimensions,
            ["TransactionCurrencyCode"] = g.Currency,
            ["TransactionCurrencyAmount"] = g.Amount,
            ["AccountingCurrencyAmount"] = g.Amount,
            ["ReportingCurrencyAmount"] = g.Amount,
            ["IsCredit"] = g.Amount < 0 ? "Yes" : "No",
            ["PostingType"] = "CustRevenue",
            ["Text"] = "",
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

    /// <summary>
    /// The ledgers' period statuses (<c>LedgerFiscalPeriods</c>: each locked month Closed, the other
    /// months of its years Open, the Opening period Closed with January) and the calendar's periods
    /// with their dates (<c>FiscalPeriods</c>: Opening, twelve Operating months, Closing). Each
    /// company's ledger is named after it.
    /// </summary>
    public static (List<JsonObject> LedgerPeriods, List<JsonObject> FiscalPeriods) Periods(IEnumerable<PeriodLock> locks)
    {
        var locked = locks.ToList();
        var ledgerPeriods = new List<JsonObject>();
        var fiscalPeriods = new List<JsonObject>();
        foreach (var year in locked.Select(p => p.PeriodStart.Year).Distinct().Order())
        {
            var first = new DateOnly(year, 1, 1);
            var last = new DateOnly(year, 12, 31);
            fiscalPeriods.Add(FiscalPeriod(year, "Opening", first, first, "Opening"));
            for (var month = 1; month <= 12; month++)
            {
                var start = new DateOnly(year, month, 1);
                fiscalPeriods.Add(FiscalPeriod(year, PeriodName(month), start, start.AddMonths(1).AddDays(-1), "Operating"));
            }

            fiscalPeriods.Add(FiscalPeriod(year, "Closing", last, last, "Closing"));
            foreach (var entity in locked.Select(p => p.Entity).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                bool Locked(int month) => locked.Any(p => p.Entity == entity && p.PeriodStart == new DateOnly(year, month, 1));
                ledgerPeriods.Add(LedgerPeriod(entity, year, "Opening", Locked(1)));
                for (var month = 1; month <= 12; month++)
                {
                    ledgerPeriods.Add(LedgerPeriod(entity, year, PeriodName(month), Locked(month)));
                }
            }
        }

        return (ledgerPeriods, fiscalPeriods);
    }

    private static string PeriodName(int month) => "Period " + month.ToString(CultureInfo.InvariantCulture);

    private static JsonObject FiscalPeriod(int year, string name, DateOnly start, DateOnly end, string type) => new()
    {
        ["Calendar"] = Calendar,
        ["FiscalYear"] = year.ToString(CultureInfo.InvariantCulture),
        ["StartDate"] = Day(start),
        ["EndDate"] = Day(end),
        ["PeriodName"] = name,
        ["Type"] = type,
        ["Quarter"] = type == "Operating" ? "Quarter" + ((start.Month + 2) / 3).ToString(CultureInfo.InvariantCulture) : "None",
        ["Month"] = type == "Operating" ? "Month" + ((start.Month - 1) % 3 + 1).ToString(CultureInfo.InvariantCulture) : "None",
        ["ShortName"] = name,
        ["Days"] = end.DayNumber - start.DayNumber + 1,
    };

    private static JsonObject LedgerPeriod(string entity, int year, string name, bool closed) => new()
    {
        ["LedgerName"] = entity,
        ["Calendar"] = Calendar,
        ["YearName"] = year.ToString(CultureInfo.InvariantCulture),
        ["PeriodName"] = name,
        ["PeriodStatus"] = closed ? "Closed" : "Open",
        ["LegalEntityId"] = entity.ToLowerInvariant(),
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

    /// <summary>An invoice journal's RecId: the document number's digits (unique across invoices and credit memos).</summary>
    public static long SourceKey(string documentId)
    {
        ArgumentNullException.ThrowIfNull(documentId);
        return JournalEntryKeyBase + long.Parse(new string([.. documentId.Where(char.IsAsciiDigit)]), CultureInfo.InvariantCulture);
    }

    /// <summary>Where the demo's RecIds of journal entries, ledgers and invoices start (F&amp;O RecIds look like this).</summary>
    private const long JournalEntryKeyBase = 5_637_144_576;

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T12:00:00Z";
}
