using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Model;

namespace Gapwatch.Cli.Commands.Demo;

/// <summary>One Business Central company as served: its name, id, the workspace entity it stands for, its local currency and its rows per collection.</summary>
internal sealed record BusinessCentralDemoCompany(string Name, string Id, string Entity, string LocalCurrency, IReadOnlyDictionary<string, List<JsonObject>> Collections);

/// <summary>
/// Turns the ERP side of a generated workspace (the demo's <c>--erp business_central</c> records) into
/// the rows Business Central's API v2.0 and the Shopify Connector's published log pages would serve,
/// in Business Central's own shapes and rules — so a simulator can serve them and the connector can
/// be checked against the generator. Where Business Central cannot hold a fact the generator has,
/// the fact is dropped here and the difference is listed in <see cref="Differences"/>:
/// <list type="bullet">
/// <item>fully invoiced orders are not in <c>salesOrders</c> (posting deletes them); their invoice names them in <c>orderNumber</c>;</item>
/// <item>cancelled ERP orders are not served (Business Central has no cancelled state: the order is deleted);</item>
/// <item>GL entries are in the company's local currency (converted at the day's rate, rounded to cents);</item>
/// <item>customers have no account reference and no holding flag; documents have no deferred amount;</item>
/// <item>the sync log holds only Shopify references (the Shopify Connector logs nothing about other platforms).</item>
/// </list>
/// Every row's <c>lastModifiedDateTime</c> is when the fact last changed (a document's creation, an
/// order's creation, a log row's attempt), never later than the last sync (<c>lastSync</c> of <see cref="Build"/>) — rows that
/// share one instant across many pages are not what a live company looks like.
/// </summary>
internal static class DemoBusinessCentralRows
{
    public static readonly string[] Differences =
    [
        "fully invoiced sales orders come from salesInvoices.orderNumber (net = the invoice's, created = its posting day)",
        "cancelled ERP sales orders are absent",
        "sales orders are created at their orderDate (a day, no time)",
        "GL entries are in the company's local currency; ids are entry numbers",
        "customers: no account reference, no holding flag",
        "documents: deferred amount 0; created at the start of their posting day (UTC), as the connector reads them",
        "sync log: Shopify references only; updated counts as created; ids name company, page and entry number",
    ];

    public static IReadOnlyList<BusinessCentralDemoCompany> Build(WorkspaceData data, IReadOnlyList<string> entities, string reportingCurrency, DateTimeOffset lastSync)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(entities);
        var spot = data.ExchangeRates.Where(r => r.RateKind == ExchangeRateKind.Spot && r.To == reportingCurrency).ToDictionary(r => (r.From, r.EffectiveOn), r => r.Rate);
        var companies = new List<BusinessCentralDemoCompany>();
        for (var i = 0; i < entities.Count; i++)
        {
            var entity = entities[i];
            var local = data.ErpDocuments.Where(d => d.Entity == entity).GroupBy(d => d.Currency).OrderByDescending(g => g.Count()).Select(g => g.Key).FirstOrDefault() ?? reportingCurrency;
            var builder = new CompanyBuilder(i + 1, entity, local, reportingCurrency, lastSync, spot);
            builder.Customers(data.ErpCustomers.Where(c => c.Entity == entity));
            var documents = data.ErpDocuments.Where(d => d.Entity == entity).ToList();
            var orders = data.ErpSalesOrders.Where(o => o.Entity == entity).ToList();
            builder.SalesOrders(orders, documents);
            builder.Documents(documents, orders);
            builder.GlEntries(data.GlEntries.Where(g => g.Entity == entity), data.ErpDocuments);
            if (local == reportingCurrency)
            {
                builder.Rates(data.ExchangeRates.Where(r => r.RateKind == ExchangeRateKind.Spot && r.To == reportingCurrency));
            }

            builder.Periods(data.PeriodLocks.Where(p => p.Entity == entity).ToList(), data.ExchangeRates);
            builder.SyncLog(i == 0 ? data.SyncLog : []);
            companies.Add(builder.Company);
        }

        return companies;
    }

    /// <summary>The company a workspace entity is served as: a display name with spaces, as Business Central companies have.</summary>
    public static string CompanyName(string entity) => $"Northwind Outfitters {entity[(entity.LastIndexOf('-') + 1)..]}";

    /// <summary>The generator's numbered ids (<c>GL-0000042</c>, <c>SYNC-0000007</c>) as Business Central entry numbers.</summary>
    public static long EntryNumber(string id) => long.Parse(id[(id.LastIndexOf('-') + 1)..], CultureInfo.InvariantCulture);

    public static string Stamp(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private sealed class CompanyBuilder(int index, string entity, string local, string reporting, DateTimeOffset lastSync, Dictionary<(string, DateOnly), decimal> spot)
    {
        private readonly Dictionary<string, List<JsonObject>> collections = new(StringComparer.Ordinal)
        {
            ["customers"] = [], ["salesOrders"] = [], ["salesInvoices"] = [], ["salesCreditMemos"] = [], ["generalLedgerEntries"] = [],
            ["currencyExchangeRates"] = [], ["accountingPeriods"] = [], ["generalLedgerSetup"] = [], ["ShpfyLogEntries"] = [], ["ShpfySkippedRecords"] = [],
        };

        private int rows;

        public BusinessCentralDemoCompany Company => new(CompanyName(entity), Guid(0), entity, local, collections);

        public void Customers(IEnumerable<ErpCustomer> customers)
        {
            foreach (var c in customers)
            {
                Add("customers", new JsonObject
                {
                    ["number"] = c.Id, ["displayName"] = c.Name ?? "", ["type"] = c.VatNumber is null ? "Person" : "Company", ["email"] = c.Email ?? "",
                    ["phoneNumber"] = c.Phone ?? "", ["taxRegistrationNumber"] = c.VatNumber ?? "", ["postalCode"] = c.Postcode ?? "", ["country"] = c.Country ?? "",
                    ["currencyCode"] = local, ["blocked"] = c.Status == ErpCustomerStatus.Inactive ? "All" : "_x0020_",
                }, Spread());
            }
        }

        /// <summary>Orders still open in Business Central; posting a partial invoice touches the order's header, so its version is the later of the two.</summary>
        public void SalesOrders(List<ErpSalesOrder> orders, List<ErpDocument> documents)
        {
            var invoicedAt = documents.Where(d => d.DocumentKind == ErpDocumentKind.Invoice && d.ExternalOrderReference is not null)
                .GroupBy(d => d.ExternalOrderReference!).ToDictionary(g => g.Key, g => g.Max(d => d.CreatedAt), StringComparer.Ordinal);
            foreach (var o in orders.Where(o => o.Status is not (ErpOrderStatus.Invoiced or ErpOrderStatus.Cancelled)))
            {
                var version = o.ExternalOrderReference is { } reference && invoicedAt.TryGetValue(reference, out var at) && at > o.CreatedAt ? at : o.CreatedAt;
                Add("salesOrders", new JsonObject
                {
                    ["number"] = o.Id, ["externalDocumentNumber"] = o.ExternalOrderReference ?? "", ["orderDate"] = Day(DateOnly.FromDateTime(o.CreatedAt.UtcDateTime)),
                    ["customerNumber"] = o.CustomerId ?? "", ["currencyCode"] = o.Currency, ["totalAmountExcludingTax"] = o.NetAmount,
                    ["fullyShipped"] = o.Status == ErpOrderStatus.Shipped, ["status"] = o.Status == ErpOrderStatus.Open ? "Draft" : "Open", // the API's values: Draft = open in BC, Open = released
                    ["dimensionSetLines"] = Dimensions(o.Dimensions, "Sales_x0020_Order"),
                }, Capped(version));
            }
        }

        /// <summary>Posted invoices name the order they invoiced (fully or partly); cancelled orders are gone, so nothing points at them.</summary>
        public void Documents(List<ErpDocument> documents, List<ErpSalesOrder> orders)
        {
            var orderOf = orders.Where(o => o.ExternalOrderReference is not null && o.Status != ErpOrderStatus.Cancelled).GroupBy(o => o.ExternalOrderReference!).ToDictionary(g => g.Key, g => g.First().Id, StringComparer.Ordinal);
            foreach (var d in documents)
            {
                var invoice = d.DocumentKind == ErpDocumentKind.Invoice;
                var row = new JsonObject
                {
                    ["number"] = d.Id, ["externalDocumentNumber"] = d.ExternalOrderReference ?? "", [invoice ? "invoiceDate" : "creditMemoDate"] = Day(d.PostedOn),
                    ["postingDate"] = Day(d.PostedOn), ["customerNumber"] = d.CustomerId ?? "", ["currencyCode"] = d.Currency,
                    ["totalAmountExcludingTax"] = d.NetAmount, ["status"] = "Open",
                    ["dimensionSetLines"] = Dimensions(d.Dimensions, invoice ? "Sales_x0020_Invoice" : "Sales_x0020_Credit_x0020_Memo"),
                };
                if (invoice)
                {
                    row["orderNumber"] = d.ExternalOrderReference is { } reference && orderOf.TryGetValue(reference, out var order) ? order : "";
                }
                else
                {
                    row["invoiceNumber"] = "";
                }

                Add(invoice ? "salesInvoices" : "salesCreditMemos", row, d.CreatedAt);
            }

            // A draft, and a released invoice not yet posted (Open, like a posted unpaid one, but no G/L
            // entries under its number), are not booked: the connector must leave both out.
            foreach (var (number, status) in new[] { ($"DRAFT-{index}", "Draft"), ($"RELEASED-{index}", "Open") })
            {
                Add("salesInvoices", new JsonObject
                {
                    ["number"] = number, ["externalDocumentNumber"] = "", ["invoiceDate"] = Day(DateOnly.FromDateTime(lastSync.UtcDateTime)), ["postingDate"] = "0001-01-01",
                    ["customerNumber"] = "", ["currencyCode"] = local, ["orderNumber"] = "", ["totalAmountExcludingTax"] = 10m, ["status"] = status, ["dimensionSetLines"] = new JsonArray(),
                }, lastSync.AddMinutes(-1));
            }
        }

        public void GlEntries(IEnumerable<GlEntry> entries, List<ErpDocument> documents)
        {
            var createdOf = documents.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First().CreatedAt, StringComparer.Ordinal);
            foreach (var g in entries)
            {
                var amount = g.Currency == local ? g.Amount : Math.Round(g.Amount * ToLocal(g.Currency, g.PostedOn), 2, MidpointRounding.AwayFromZero);
                Add("generalLedgerEntries", new JsonObject
                {
                    ["entryNumber"] = EntryNumber(g.Id), ["postingDate"] = Day(g.PostedOn), ["documentNumber"] = g.SourceDocumentId ?? "",
                    ["documentType"] = g.SourceDocumentId is null ? "_x0020_" : "Invoice", ["accountNumber"] = g.Account, ["description"] = "",
                    ["debitAmount"] = amount > 0 ? amount : 0m, ["creditAmount"] = amount < 0 ? -amount : 0m,
                    ["dimensionSetLines"] = Dimensions(g.Dimensions, "General_x0020_Ledger_x0020_Entry"),
                }, g.SourceDocumentId is { } doc && createdOf.TryGetValue(doc, out var created) ? Capped(created) : Spread());
            }
        }

        /// <summary>The day's rate from <paramref name="currency"/> into this company's local currency, through the reporting currency.</summary>
        public decimal ToLocal(string currency, DateOnly day) => Spot(currency, day) / Spot(local, day);

        public void Rates(IEnumerable<ExchangeRate> rates)
        {
            foreach (var r in rates)
            {
                Add("currencyExchangeRates", new JsonObject
                {
                    ["currencyCode"] = r.From, ["startingDate"] = Day(r.EffectiveOn), ["exchangeRateAmount"] = 1m, ["relationalCurrencyCode"] = "",
                    ["relationalExchangeRateAmount"] = r.Rate,
                }, Spread());
            }
        }

        /// <summary>Monthly accounting periods from the first month the data knows, six months past the last lock; posting allowed from the first unlocked month.</summary>
        public void Periods(List<PeriodLock> locks, List<ExchangeRate> rates)
        {
            var firstDay = locks.Count > 0 ? locks.Min(l => l.PeriodStart) : rates.Count > 0 ? rates.Min(r => r.EffectiveOn) : DateOnly.FromDateTime(lastSync.UtcDateTime);
            var first = new DateOnly(firstDay.Year, firstDay.Month, 1);
            var lockedAt = locks.ToDictionary(l => l.PeriodStart, l => l.LockedAt);
            var last = locks.Count > 0 ? locks.Max(l => l.PeriodStart) : first;
            for (var month = first; month <= last.AddMonths(6); month = month.AddMonths(1))
            {
                Add("accountingPeriods", new JsonObject
                {
                    ["startingDate"] = Day(month), ["name"] = month.ToString("MMMM", CultureInfo.InvariantCulture), ["newFiscalYear"] = month.Month == 1,
                    ["closed"] = false, ["dateLocked"] = false,
                }, lockedAt.TryGetValue(month, out var at) ? at : Capped(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)));
            }

            Add("generalLedgerSetup", new JsonObject
            {
                ["allowPostingFrom"] = locks.Count > 0 ? Day(last.AddMonths(1)) : "0001-01-01", ["allowPostingTo"] = "0001-01-01", ["localCurrencyCode"] = local,
                ["additionalReportingCurrency"] = "", ["shortcutDimension1Code"] = "DEPARTMENT", ["shortcutDimension2Code"] = "LOCATION",
            }, locks.Count > 0 ? locks.Max(l => l.LockedAt) : Spread());
        }

        public void SyncLog(IEnumerable<SyncLogEntry> log)
        {
            foreach (var e in log.Where(e => e.ExternalReference.StartsWith("shopify:", StringComparison.Ordinal)))
            {
                var id = e.ExternalReference["shopify:".Length..];
                var number = EntryNumber(e.Id);
                if (e.Outcome == SyncOutcome.Skipped)
                {
                    collections["ShpfySkippedRecords"].Add(new JsonObject
                    {
                        ["EntryNo"] = number, ["ShopifyId"] = long.Parse(id, CultureInfo.InvariantCulture), ["TableId"] = e.Object == SyncObject.Order ? 30118 : 30105,
                        ["TableName"] = e.Object == SyncObject.Order ? "Shpfy Order Header" : "Shpfy Customer", ["Description"] = "", ["SkippedReason"] = e.Message ?? "",
                        ["CreatedOn"] = Stamp(e.AttemptedAt),
                    });
                    continue;
                }

                var kind = e.Object == SyncObject.Order ? "Order" : "Customer";
                collections["ShpfyLogEntries"].Add(new JsonObject
                {
                    ["EntryNo"] = number, ["DateAndTime"] = Stamp(e.AttemptedAt), ["Time"] = e.AttemptedAt.ToUniversalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture),
                    ["UserId"] = "SHOPIFY SYNC", ["URL"] = "https://northwind.myshopify.com/admin/api/2025-07/graphql.json",
                    ["RequestPreview"] = $$"""{"query":"{ {{kind.ToLowerInvariant()}}(id: \"gid://shopify/{{kind}}/{{id}}\") { id } }"}""",
                    ["ResponsePreview"] = e.Outcome == SyncOutcome.Failed ? e.Message ?? "" : "{\"data\":{}}", ["HasError"] = e.Outcome == SyncOutcome.Failed,
                });
            }
        }

        private decimal Spot(string currency, DateOnly day) => currency == reporting ? 1m : spot[(currency, day)];

        private void Add(string collection, JsonObject row, DateTimeOffset version)
        {
            var id = Guid(++rows);
            row["id"] = id;
            row["lastModifiedDateTime"] = Stamp(version);
            if (row["dimensionSetLines"] is JsonArray lines)
            {
                foreach (var line in lines.OfType<JsonObject>())
                {
                    line["parentId"] = id;
                }
            }

            collections[collection].Add(row);
        }

        private DateTimeOffset Capped(DateTimeOffset at) => at > lastSync ? lastSync : at;

        /// <summary>A version for facts the generator does not date: one second apart, back from the last sync.</summary>
        private DateTimeOffset Spread() => lastSync.AddSeconds(-(rows % 86_400) - 1);

        private string Guid(int n) => string.Create(CultureInfo.InvariantCulture, $"{n:x8}-0000-4000-8000-{index:x12}");

        private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static JsonArray Dimensions(Dimensions dimensions, string parentType)
        {
            var lines = new JsonArray();
            foreach (var (code, value) in new[] { ("DEPARTMENT", dimensions.Department), ("LOCATION", dimensions.Location), ("PROJECT", dimensions.Project), ("CUSTOMER", dimensions.Customer) })
            {
                if (value is not null)
                {
                    lines.Add(new JsonObject { ["id"] = $"{code}-{value}", ["code"] = code, ["parentType"] = parentType, ["displayName"] = code, ["valueCode"] = value, ["valueDisplayName"] = value });
                }
            }

            return lines;
        }
    }
}
