using System.Globalization;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Model;
using Gapwatch.Simulators.SageIntacct;

namespace Gapwatch.Cli.Commands.Demo;

/// <summary>
/// Writes the ERP side of a workspace (customers, sales orders, invoices, credit memos, GL detail,
/// exchange rates, closed periods and the integration's sync log) as the objects a Sage Intacct
/// company holds, for the Intacct simulator to serve: <c>CUSTOMER</c>, <c>SODOCUMENT</c> by
/// <c>docparid</c>, native AR <c>ARINVOICE</c>/<c>ARADJUSTMENT</c> (see <see cref="NativeArReferencePrefix"/>), <c>GLDETAIL</c>, <c>EXCHANGERATEENTRY</c>, <c>REPORTINGPERIOD</c> and the
/// <c>GW_SYNC_LOG</c> custom object. What Intacct has no standard field for goes to the custom
/// fields of <see cref="Fields"/>, which the connection must name to read them back.
/// </summary>
internal static class DemoIntacctDataset
{
    /// <summary>The custom fields the demo company carries (and a connection reads).</summary>
    public static IntacctFieldMap Fields { get; } = new()
    {
        CommerceReference = "PONUMBER",
        AccountReference = "GW_ACCOUNT_REF",
        Holding = "GW_HOLDING",
        Deferred = "GW_DEFERRED",
        Department = "GW_DEPARTMENT",
        Location = "GW_LOCATION",
        Project = "GW_PROJECT",
        DimensionCustomer = "GW_CUSTOMER_DIM",
        PeriodClosedAt = "GW_CLOSED_AT",
        ArInvoiceReference = "DOCNUMBER",
        ArAdjustmentReference = "DOCNUMBER",
        ArDeferred = "GW_DEFERRED",
        ArDepartment = "GW_DEPARTMENT",
        ArLocation = "GW_LOCATION",
        ArProject = "GW_PROJECT",
        ArDimensionCustomer = "GW_CUSTOMER_DIM",
    };

    /// <summary>
    /// The demo merchant's BigCommerce integration posts straight to Accounts Receivable: the
    /// invoices and credit memos of its orders are native AR invoices and adjustments
    /// (<c>MODULEKEY</c> <c>4.AR</c>), the others order-entry documents, each with the
    /// <c>8.SO</c> AR record Intacct posts for it (which the connector must not read twice).
    /// The AR totals are net: this integration posts no tax line to AR.
    /// </summary>
    public const string NativeArReferencePrefix = "bigcommerce:";

    /// <summary>
    /// The company's objects. With <paramref name="lastSync"/> (and <paramref name="syncLogLastSync"/>
    /// for the log) no object is modified later than its source's last sync in the generated
    /// freshness rows, so a sync pinned to that time reads them all, as the demo's does.
    /// </summary>
    public static IntacctDataset From(
        WorkspaceData data, IntacctDocumentTypes? documentTypes = null, TimeZoneInfo? timeZone = null, DateTimeOffset? lastSync = null, DateTimeOffset? syncLogLastSync = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var types = documentTypes ?? new IntacctDocumentTypes();
        var zone = timeZone ?? TimeZoneInfo.Utc;
        var set = new IntacctDataset { TimeZone = zone };
        string Time(DateTimeOffset at) => TimeZoneInfo.ConvertTimeFromUtc(at.UtcDateTime, zone).ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        static string Day(DateOnly day) => day.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture);
        static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);
        DateTimeOffset Version(ISourceRecord record)
        {
            var version = record.UpdatedAt ?? throw new ArgumentException($"{record.Kind} {record.Key} has no version to serve");
            return (record is SyncLogEntry ? syncLogLastSync : lastSync) is { } until && version > until ? until : version;
        }


        foreach (var c in data.ErpCustomers)
        {
            set.Put("CUSTOMER", null, Version(c), new Dictionary<string, string?>
            {
                ["CUSTOMERID"] = c.Id, ["NAME"] = c.Name, ["STATUS"] = c.Status == ErpCustomerStatus.Active ? "active" : "inactive", ["TAXID"] = c.VatNumber,
                ["DISPLAYCONTACT.EMAIL1"] = c.Email, ["DISPLAYCONTACT.PHONE1"] = c.Phone, ["DISPLAYCONTACT.MAILADDRESS.ZIP"] = c.Postcode,
                ["DISPLAYCONTACT.MAILADDRESS.COUNTRYCODE"] = c.Country, ["MEGAENTITYID"] = c.Entity,
                [Fields.AccountReference!] = c.AccountReference, [Fields.Holding!] = c.IsHolding ? "true" : "false",
            });
        }

        foreach (var o in data.ErpSalesOrders)
        {
            var fields = Document(o.Id, types.SalesOrder, o.Entity, o.ExternalOrderReference, o.CustomerId, o.Currency, o.NetAmount, Time(o.CreatedAt),
                Day(DateOnly.FromDateTime(o.CreatedAt.UtcDateTime)), null, 1m, 0m, o.Dimensions);
            fields["STATE"] = o.Status switch
            {
                ErpOrderStatus.Open => "Pending",
                ErpOrderStatus.Released => "In Progress",
                ErpOrderStatus.Shipped => "Partially Converted",
                ErpOrderStatus.Invoiced => "Converted",
                _ => "Closed",
            };
            set.Put("SODOCUMENT", types.SalesOrder, Version(o), fields);
        }

        foreach (var d in data.ErpDocuments)
        {
            var native = d.ExternalOrderReference?.StartsWith(NativeArReferencePrefix, StringComparison.Ordinal) == true;
            set.Put(d.DocumentKind == ErpDocumentKind.Invoice ? "ARINVOICE" : "ARADJUSTMENT", null, Version(d), Ar(d, native ? "4.AR" : "8.SO"));
            if (native)
            {
                continue;
            }

            var type = d.DocumentKind == ErpDocumentKind.Invoice ? types.SalesInvoice : types.CreditMemo;
            var fields = Document(d.Id, type, d.Entity, d.ExternalOrderReference, d.CustomerId, d.Currency, d.NetAmount, Time(d.CreatedAt), Day(d.PostedOn),
                Day(d.PostedOn), d.ExchangeRate, d.DeferredAmount, d.Dimensions);
            fields["STATE"] = "Closed";
            set.Put("SODOCUMENT", type, Version(d), fields);
        }

        foreach (var g in data.GlEntries)
        {
            set.Put("GLDETAIL", null, Version(g), new Dictionary<string, string?>
            {
                ["BATCH_DATE"] = Day(g.PostedOn), ["ENTRY_DATE"] = Day(g.PostedOn), ["ACCOUNTNO"] = g.Account, ["TR_TYPE"] = g.Amount < 0 ? "-1" : "1",
                ["TRX_AMOUNT"] = Number(Math.Abs(g.Amount)), ["CURRENCY"] = g.Currency, ["DOCNUMBER"] = g.SourceDocumentId, ["DEPARTMENTID"] = g.Dimensions.Department,
                ["LOCATIONID"] = g.Dimensions.Location, ["PROJECTID"] = g.Dimensions.Project, ["CUSTOMERID"] = g.Dimensions.Customer, ["MEGAENTITYID"] = g.Entity,
            }, long.TryParse(g.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var recordNo) ? recordNo : null);
        }

        foreach (var r in data.ExchangeRates)
        {
            set.Put("EXCHANGERATEENTRY", null, Version(r), new Dictionary<string, string?>
            {
                ["FROM_CURRENCY"] = r.From, ["TO_CURRENCY"] = r.To, ["TYPENAME"] = r.RateKind == ExchangeRateKind.PeriodAverage ? "Monthly Average" : "Intacct Daily Rate",
                ["EFFECTIVEDATE"] = Day(r.EffectiveOn), ["VALUE"] = Number(r.Rate),
            });
        }

        foreach (var p in data.PeriodLocks)
        {
            set.Put("REPORTINGPERIOD", null, Version(p), new Dictionary<string, string?>
            {
                ["NAME"] = $"Month Ended {p.PeriodEnd.ToString("MMMM yyyy", CultureInfo.InvariantCulture)}", ["START_DATE"] = Day(p.PeriodStart),
                ["END_DATE"] = Day(p.PeriodEnd), ["MEGAENTITYID"] = p.Entity, [Fields.PeriodClosedAt!] = Time(p.LockedAt),
            });
        }

        foreach (var entry in data.SyncLog)
        {
            set.Put("GW_SYNC_LOG", null, Version(entry), new Dictionary<string, string?>
            {
                ["NAME"] = entry.Id, ["SYNC_OBJECT"] = entry.Object == SyncObject.Customer ? "customer" : "order", ["EXTERNAL_REFERENCE"] = entry.ExternalReference,
                ["ATTEMPTED_AT"] = Time(entry.AttemptedAt), ["OUTCOME"] = entry.Outcome.ToString().ToLowerInvariant(), ["MESSAGE"] = entry.Message,
            });
        }

        return set;

        // An AR header: a credit adjustment's total is negative, as Intacct writes it.
        Dictionary<string, string?> Ar(ErpDocument d, string module)
        {
            var total = d.DocumentKind == ErpDocumentKind.Invoice ? d.NetAmount : -d.NetAmount;
            return new()
            {
                ["RECORDID"] = d.Id, ["STATE"] = "Posted", ["CUSTOMERID"] = d.CustomerId, ["DOCNUMBER"] = d.ExternalOrderReference, ["CURRENCY"] = d.Currency,
                ["BASECURR"] = "USD", ["EXCHANGE_RATE"] = Number(d.ExchangeRate), ["TRX_TOTALENTERED"] = Number(total), ["TOTALENTERED"] = Number(Math.Round(total * d.ExchangeRate, 2)),
                ["WHENCREATED"] = Day(d.PostedOn), ["AUWHENCREATED"] = Time(d.CreatedAt), ["WHENPOSTED"] = Day(d.PostedOn), ["MODULEKEY"] = module,
                ["MEGAENTITYID"] = d.Entity, [Fields.ArDeferred!] = Number(d.DeferredAmount), [Fields.ArDepartment!] = d.Dimensions.Department,
                [Fields.ArLocation!] = d.Dimensions.Location, [Fields.ArProject!] = d.Dimensions.Project, [Fields.ArDimensionCustomer!] = d.Dimensions.Customer,
            };
        }

        Dictionary<string, string?> Document(
            string id, string type, string entity, string? reference, string? customer, string currency, decimal net, string created, string documentDate,
            string? posted, decimal rate, decimal deferred, Dimensions dimensions) => new()
        {
            ["DOCNO"] = id, ["DOCID"] = $"{type}-{id}", ["DOCPARID"] = type, ["CUSTVENDID"] = customer, ["CURRENCY"] = currency, ["BASECURR"] = "USD",
            ["EXCHRATE"] = Number(rate), ["TRX_SUBTOTAL"] = Number(net), ["SUBTOTAL"] = Number(Math.Round(net * rate, 2)), ["WHENCREATED"] = documentDate,
            ["AUDITWHENCREATED"] = created, ["WHENPOSTED"] = posted, ["MEGAENTITYID"] = entity, [Fields.CommerceReference!] = reference,
            [Fields.Deferred!] = Number(deferred), [Fields.Department!] = dimensions.Department, [Fields.Location!] = dimensions.Location,
            [Fields.Project!] = dimensions.Project, [Fields.DimensionCustomer!] = dimensions.Customer,
        };
    }
}
