using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Model;
using Gapwatch.Simulators.BusinessCentral;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>Small Business Central environments for the fault tests, in the API's own shapes.</summary>
internal static class BusinessCentralStores
{
    public const string Company = "CRONUS USA, Inc.";
    public const string Entity = "US";
    public static readonly DateTimeOffset Start = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);
    public static readonly IReadOnlyList<BusinessCentralCompany> Companies = [new(Company, Entity)];

    public static DateTimeOffset Day(int n) => new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero).AddDays(n);

    public static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Id(int n) => string.Create(CultureInfo.InvariantCulture, $"{n:x8}-0000-4000-8000-000000000001");

    /// <summary>
    /// 12 customers, 14 orders, 6 invoices (one a draft, one released but not posted: Open without G/L
    /// entries; two naming their order), 2 credit memos (one paid, one open with its G/L entry), 7 GL
    /// entries, a rate, periods and the Shopify log.
    /// </summary>
    public static BusinessCentralDataset Standard()
    {
        var data = new BusinessCentralDataset();
        var company = Setup(data);
        for (var i = 1; i <= 12; i++)
        {
            Customer(company, i, Day(i));
        }

        for (var i = 1; i <= 14; i++)
        {
            Order(company, 1000 + i, Day(20 + i), 100m + i);
        }

        Invoice(company, 1, Day(40), "1015", "shopify:5001", 120m);
        Invoice(company, 2, Day(41), "1016", "shopify:5002", 80m);
        Invoice(company, 3, Day(42), "", "shopify:5003", 50m, currency: "EUR");
        Invoice(company, 4, Day(43), "", "", 300m);
        Invoice(company, 5, Day(44), "", "", 10m, status: "Draft");
        Invoice(company, 6, Day(45), "", "", 20m); // Open, but no G/L entries under PS-INV6: released, not posted
        for (var i = 1; i <= 2; i++)
        {
            company.Upsert("salesCreditMemos", Row(700 + i, Day(50 + i), new JsonObject
            {
                ["number"] = $"PS-CM{i}", ["externalDocumentNumber"] = "shopify:5001", ["creditMemoDate"] = "2026-02-20", ["postingDate"] = "2026-02-20",
                ["customerNumber"] = "C1", ["currencyCode"] = "USD", ["totalAmountExcludingTax"] = 5m, ["status"] = i == 1 ? "Paid" : "Open", ["dimensionSetLines"] = new JsonArray(),
            }));
        }

        for (var i = 1; i <= 7; i++)
        {
            company.Upsert("generalLedgerEntries", Row(800 + i, Day(40 + i), new JsonObject
            {
                ["entryNumber"] = i, ["postingDate"] = "2026-02-10", ["documentNumber"] = i switch { 6 => "PS-CM1", 7 => "PS-CM2", _ => $"PS-INV{i}" },
                ["documentType"] = i >= 6 ? "Credit_x0020_Memo" : "Invoice", ["accountNumber"] = "40100",
                ["debitAmount"] = 0m, ["creditAmount"] = 10m * i,
                ["dimensionSetLines"] = new JsonArray(new JsonObject { ["code"] = "DEPARTMENT", ["valueCode"] = "SALES", ["parentType"] = "General_x0020_Ledger_x0020_Entry" }),
            }));
        }

        company.Upsert("ShpfyLogEntries", new JsonObject
        {
            ["EntryNo"] = 1, ["DateAndTime"] = Stamp(Day(30)), ["URL"] = "https://cronus.myshopify.com/admin/api/2025-07/graphql.json",
            ["RequestPreview"] = """{"query":"{ customer(id: \"gid://shopify/Customer/501\") { id } }"}""", ["ResponsePreview"] = "The field VAT Registration No. is not valid.", ["HasError"] = true,
        });
        company.Upsert("ShpfyLogEntries", new JsonObject
        {
            ["EntryNo"] = 2, ["DateAndTime"] = Stamp(Day(31)), ["URL"] = "https://cronus.myshopify.com/admin/api/2025-07/graphql.json",
            ["RequestPreview"] = """{"query":"{ products(first: 10) { nodes { id } } }"}""", ["ResponsePreview"] = "{}", ["HasError"] = false,
        });
        company.Upsert("ShpfySkippedRecords", new JsonObject
        {
            ["EntryNo"] = 1, ["ShopifyId"] = 502, ["TableName"] = "Shpfy Customer", ["SkippedReason"] = "Customer has no e-mail.", ["CreatedOn"] = Stamp(Day(32)),
        });
        return data;
    }

    public static BusinessCentralCompanyData Setup(BusinessCentralDataset data, string name = Company)
    {
        var company = data.AddCompany(name, Id(1).Replace("-000000000001", "-00000000000c", StringComparison.Ordinal));
        company.Upsert("generalLedgerSetup", Row(1, Day(0), new JsonObject { ["allowPostingFrom"] = "2026-02-01", ["localCurrencyCode"] = "USD" }));
        company.Upsert("currencyExchangeRates", Row(2, Day(0), new JsonObject
        {
            ["currencyCode"] = "EUR", ["startingDate"] = "2026-01-01", ["exchangeRateAmount"] = 1m, ["relationalCurrencyCode"] = "", ["relationalExchangeRateAmount"] = 1.08m,
        }));
        for (var month = 1; month <= 4; month++)
        {
            company.Upsert("accountingPeriods", Row(10 + month, Day(0), new JsonObject { ["startingDate"] = $"2026-{month:D2}-01", ["closed"] = false }));
        }

        foreach (var collection in new[] { "customers", "salesOrders", "salesInvoices", "salesCreditMemos", "generalLedgerEntries", "ShpfyLogEntries", "ShpfySkippedRecords" })
        {
            company.Publish(collection);
        }

        return company;
    }

    public static void Customer(BusinessCentralCompanyData company, int n, DateTimeOffset at, string blocked = "_x0020_") =>
        company.Upsert("customers", Row(100 + n, at, new JsonObject
        {
            ["number"] = $"C{n}", ["displayName"] = $"Customer {n}", ["email"] = $"buyer{n}@example.com", ["taxRegistrationNumber"] = "", ["country"] = "US",
            ["postalCode"] = "10001", ["phoneNumber"] = "", ["blocked"] = blocked,
        }));

    /// <summary>An order as API v2.0 serves it: <c>Draft</c> is an order open in BC, <c>Open</c> a released one.</summary>
    public static void Order(BusinessCentralCompanyData company, int n, DateTimeOffset at, decimal net, string status = "Draft") =>
        company.Upsert("salesOrders", Row(n, at, new JsonObject
        {
            ["number"] = n.ToString(CultureInfo.InvariantCulture), ["externalDocumentNumber"] = $"shopify:{n + 4000}", ["orderDate"] = "2026-01-20",
            ["customerNumber"] = "C1", ["currencyCode"] = "USD", ["totalAmountExcludingTax"] = net, ["fullyShipped"] = false, ["status"] = status,
            ["dimensionSetLines"] = new JsonArray(),
        }));

    public static void Invoice(BusinessCentralCompanyData company, int n, DateTimeOffset at, string order, string reference, decimal net, string currency = "USD", string status = "Open") =>
        company.Upsert("salesInvoices", Row(600 + n, at, new JsonObject
        {
            ["number"] = $"PS-INV{n}", ["externalDocumentNumber"] = reference, ["invoiceDate"] = "2026-02-10", ["postingDate"] = status == "Draft" ? "0001-01-01" : "2026-02-10",
            ["customerNumber"] = "C1", ["currencyCode"] = currency, ["orderNumber"] = order, ["totalAmountExcludingTax"] = net, ["status"] = status,
            ["dimensionSetLines"] = new JsonArray(),
        }));

    public static JsonObject Row(int n, DateTimeOffset at, JsonObject row)
    {
        row["id"] = Id(n);
        row["lastModifiedDateTime"] = Stamp(at);
        return row;
    }

    /// <summary>What the store must hold for the incremental collections: kind|key → version, as the connector maps them.</summary>
    public static Dictionary<string, DateTimeOffset?> Expected(BusinessCentralDataset data, string entity = Entity)
    {
        var expected = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        void Keep(string key, DateTimeOffset at)
        {
            if (!expected.TryGetValue(key, out var known) || known < at)
            {
                expected[key] = at;
            }
        }

        static DateTimeOffset At(JsonObject row, string field = "lastModifiedDateTime") => DateTimeOffset.Parse(row[field]!.ToString(), CultureInfo.InvariantCulture);
        var company = data.ByName(Company)!;
        var ledger = company.All("generalLedgerEntries").Select(g => g["documentNumber"]!.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var c in company.All("customers"))
        {
            Keep($"{RecordKinds.ErpCustomer}|{entity}/{c["number"]}", At(c));
        }

        foreach (var o in company.All("salesOrders"))
        {
            Keep($"{RecordKinds.ErpSalesOrder}|{entity}/{o["number"]}", At(o));
        }

        foreach (var (set, invoice) in new[] { ("salesInvoices", true), ("salesCreditMemos", false) })
        {
            foreach (var d in company.All(set).Where(d => Posted(d, ledger)))
            {
                Keep($"{RecordKinds.ErpDocument}|{entity}/{d["number"]}", At(d));
                if (invoice && d["orderNumber"]?.ToString() is { Length: > 0 } order)
                {
                    Keep($"{RecordKinds.ErpSalesOrder}|{entity}/{order}", At(d).AddTicks(-1));
                }
            }
        }

        foreach (var g in company.All("generalLedgerEntries"))
        {
            Keep($"{RecordKinds.GlEntry}|{entity}/{g["entryNumber"]}", At(g));
        }

        foreach (var l in company.All("ShpfyLogEntries").Where(l => l["RequestPreview"]!.ToString().Contains("gid://shopify/", StringComparison.Ordinal)))
        {
            Keep($"{RecordKinds.SyncLog}|{entity}:ShpfyLogEntries:{l["EntryNo"]}", At(l, "DateAndTime"));
        }

        foreach (var s in company.All("ShpfySkippedRecords"))
        {
            Keep($"{RecordKinds.SyncLog}|{entity}:ShpfySkippedRecords:{s["EntryNo"]}", At(s, "CreatedOn"));
        }

        return expected;
    }

    /// <summary>Business Central's rule, restated: Paid, Canceled and Corrective are posted; Open is posted when the G/L has entries under the number.</summary>
    public static bool Posted(JsonObject document, IReadOnlySet<string> ledgerDocumentNumbers) => document["status"]!.ToString() switch
    {
        "Paid" or "Canceled" or "Corrective" => true,
        "Open" => ledgerDocumentNumbers.Contains(document["number"]!.ToString()),
        _ => false,
    };

    public static readonly string[] IncrementalKinds = [RecordKinds.ErpCustomer, RecordKinds.ErpSalesOrder, RecordKinds.ErpDocument, RecordKinds.GlEntry, RecordKinds.SyncLog];
}
