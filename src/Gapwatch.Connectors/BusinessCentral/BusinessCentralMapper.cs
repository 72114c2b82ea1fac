using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>What a company's rows need besides themselves: its entity, its local currency, the dimension codes and the document rates.</summary>
internal sealed record CompanyContext(string Entity, string LocalCurrency, BusinessCentralDimensionCodes Dimensions, BusinessCentralRates Rates, string ReportingCurrency);

/// <summary>
/// Turns Business Central API v2.0 rows into Gapwatch's records. Rules that are Business Central's
/// own, not obvious from the field names, are stated where they are applied.
/// </summary>
internal static partial class BusinessCentralMapper
{
    /// <summary>BC sends a blank date as 0001-01-01.</summary>
    private static readonly DateOnly BlankDate = DateOnly.MinValue;

    /// <summary>
    /// Enum values are XML-escaped names on the wire: <c>" "</c> arrives as <c>_x0020_</c>,
    /// <c>Positive Adjmt.</c> as <c>Positive_x0020_Adjmt_x002E_</c>. Decoded, then trimmed.
    /// </summary>
    public static string DecodeEnum(string? value) =>
        value is null ? "" : Escaped().Replace(value, m => ((char)int.Parse(m.Groups[1].ValueSpan, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToString()).Trim();

    /// <summary>
    /// <c>blocked</c>: blank = not blocked; <c>Ship</c> still lets the customer be invoiced, so the
    /// record is usable for sales and counts as active; <c>Invoice</c> and <c>All</c> stop invoicing,
    /// which for Gapwatch is an inactive record ("reactivate, don't recreate").
    /// </summary>
    public static ErpCustomerStatus? CustomerStatus(string? blocked) => DecodeEnum(blocked) switch
    {
        "" or "Ship" => ErpCustomerStatus.Active,
        "Invoice" or "All" => ErpCustomerStatus.Inactive,
        _ => null,
    };

    /// <summary>
    /// A sales order's state: <c>fullyShipped</c> first, then <c>status</c>. API v2.0 serves only
    /// <c>Draft</c>, <c>In Review</c> and <c>Open</c> (enum "Sales Order Entity Buffer Status"), and they
    /// do not mean what their names say: BC's own Released and Pending Prepayment orders arrive as
    /// <c>Open</c>, Pending Approval as <c>In Review</c>, and an order that is open in BC as <c>Draft</c>
    /// (BCApps GraphMgtSalesOrderBuffer.SetStatusOptionFromSalesHeader). So <c>Open</c> = released,
    /// <c>Draft</c>/<c>In Review</c> = open; anything else is refused. Invoiced orders are not in
    /// <c>salesOrders</c> at all: posting deletes a fully invoiced order, so they come from <c>salesInvoices.orderNumber</c>.
    /// </summary>
    public static ErpOrderStatus? OrderStatus(string? status, bool? fullyShipped) => (DecodeEnum(status), fullyShipped) switch
    {
        (_, true) => ErpOrderStatus.Shipped,
        ("Draft" or "In Review", _) => ErpOrderStatus.Open,
        ("Open", _) => ErpOrderStatus.Released,
        _ => null,
    };

    /// <summary>No document of the page is posted by its G/L entries (a page without <c>Open</c> documents asks nothing).</summary>
    public static readonly IReadOnlySet<string> NonePosted = new HashSet<string>();

    /// <summary>
    /// Whether a sales invoice or credit memo is posted. <c>salesInvoices</c> and <c>salesCreditMemos</c>
    /// mix unposted documents with posted ones and have no posted flag: <c>Draft</c> and <c>In Review</c>
    /// are unposted; <c>Paid</c>, <c>Canceled</c> and <c>Corrective</c> are set only on posted documents;
    /// <c>Open</c> is both a posted, unpaid document and an unposted one that is Released or Pending
    /// Prepayment (BCApps SalesInvoiceAggregator.InsertOrModifyFromSalesHeader, GraphMgtSalCrMemoBuf),
    /// so an <c>Open</c> one is posted only when the G/L has entries under its number
    /// (<paramref name="postedNumbers"/>, from <see cref="BusinessCentralPostingCheck"/>). Null for a
    /// status the API does not document.
    /// </summary>
    public static bool? IsPosted(string? status, string? number, IReadOnlySet<string> postedNumbers)
    {
        ArgumentNullException.ThrowIfNull(postedNumbers);
        return DecodeEnum(status) switch
        {
            "Draft" or "In Review" => false,
            "Paid" or "Canceled" or "Corrective" => true,
            "Open" => Blank(number) is { } n && postedNumbers.Contains(n),
            _ => null,
        };
    }

    /// <summary>The numbers of a page's documents whose status is <c>Open</c>: the ones the G/L has to tell apart.</summary>
    public static List<string> OpenDocumentNumbers(IEnumerable<JsonElement> rows) =>
        [.. rows.Where(r => DecodeEnum(Text(r, "status")) == "Open").Select(r => Text(r, "number")).OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)];

    public static NodeOutcome Customer(JsonElement row, CompanyContext company) => Versioned(row, "customer", BusinessCentralJson.Default.BcCustomer, (c, at) =>
    {
        var number = Required(c.Number, "number");
        var status = CustomerStatus(c.Blocked) ?? throw new FormatException($"blocked '{DecodeEnum(c.Blocked)}' is not blank, Ship, Invoice or All");
        return [new ErpCustomer(company.Entity, number, Blank(c.DisplayName), Blank(c.Email), Blank(c.PhoneNumber), Blank(c.TaxRegistrationNumber), null,
            Blank(c.PostalCode), Blank(c.Country), status, false, at)];
    });

    public static NodeOutcome SalesOrder(JsonElement row, CompanyContext company) => Versioned(row, "sales order", BusinessCentralJson.Default.BcSalesOrder, (o, at) =>
    {
        var number = Required(o.Number, "number");
        var status = OrderStatus(o.Status, o.FullyShipped) ?? throw new FormatException($"status '{DecodeEnum(o.Status)}' is not Draft, In Review or Open");
        var created = Date(o.OrderDate) ?? throw new FormatException("no orderDate");
        return [new ErpSalesOrder(company.Entity, number, Blank(o.ExternalDocumentNumber), Blank(o.CustomerNumber), status,
            Required(o.CurrencyCode, "currencyCode"), o.TotalAmountExcludingTax ?? throw new FormatException("no totalAmountExcludingTax"),
            StartOf(created), Dimensions(o.DimensionSetLines, company.Dimensions), at)];
    });

    /// <summary>
    /// A posted invoice, and — when it names the order it invoiced — that order as invoiced. Posting
    /// deletes a fully invoiced order from <c>salesOrders</c>, so without this record the engine could
    /// not see which entity the order was in nor that it was invoiced. It is versioned one tick before
    /// the invoice, so an order still in <c>salesOrders</c> (partly invoiced: its header changes when the
    /// invoice posts) keeps its own state.
    /// </summary>
    public static NodeOutcome SalesInvoice(JsonElement row, CompanyContext company, IReadOnlySet<string> postedNumbers) => Document(row, company, ErpDocumentKind.Invoice, postedNumbers);

    public static NodeOutcome SalesCreditMemo(JsonElement row, CompanyContext company, IReadOnlySet<string> postedNumbers) => Document(row, company, ErpDocumentKind.CreditMemo, postedNumbers);

    public static NodeOutcome GlEntry(JsonElement row, CompanyContext company) => Versioned(row, "general ledger entry", BusinessCentralJson.Default.BcGeneralLedgerEntry, (g, at) =>
    {
        var entry = g.EntryNumber ?? throw new FormatException("no entryNumber");
        var posted = Date(g.PostingDate) ?? throw new FormatException("no postingDate");
        // GL entries are in the company's local currency; debit positive, credit negative.
        var amount = (g.DebitAmount ?? 0m) - (g.CreditAmount ?? 0m);
        return [new GlEntry(company.Entity, entry.ToString(CultureInfo.InvariantCulture), posted, Required(g.AccountNumber, "accountNumber"), amount,
            company.LocalCurrency, Blank(g.DocumentNumber), Dimensions(g.DimensionSetLines, company.Dimensions), at)];
    }, idProperty: "entryNumber");

    /// <summary>
    /// A posted document; an unposted one is no record (it comes back, same <c>id</c>, under its posted
    /// number when it is posted: the document's version moves then, so the next read sees it). Its
    /// creation time is the posting date's start (UTC: the API gives no company time zone), because
    /// <c>lastModifiedDateTime</c> moves again when a posted document is paid or cancelled and API v2.0
    /// has no creation timestamp on these resources.
    /// </summary>
    private static NodeOutcome Document(JsonElement row, CompanyContext company, ErpDocumentKind kind, IReadOnlySet<string> postedNumbers) =>
        Versioned(row, kind == ErpDocumentKind.Invoice ? "sales invoice" : "sales credit memo", BusinessCentralJson.Default.BcSalesDocument, (d, at) =>
        {
            var isPosted = IsPosted(d.Status, d.Number, postedNumbers)
                ?? throw new FormatException($"status '{DecodeEnum(d.Status)}' is not Draft, In Review, Open, Paid, Canceled or Corrective");
            if (!isPosted)
            {
                return [];
            }

            var number = Required(d.Number, "number");
            var posted = Date(d.PostingDate) ?? Date(kind == ErpDocumentKind.Invoice ? d.InvoiceDate : d.CreditMemoDate) ?? throw new FormatException("no postingDate");
            var currency = Required(d.CurrencyCode, "currencyCode");
            var rate = company.Rates.Rate(currency, company.ReportingCurrency, posted)
                ?? throw new FormatException($"no exchange rate {currency}→{company.ReportingCurrency} in force on {posted:yyyy-MM-dd} in any company read");
            var net = d.TotalAmountExcludingTax ?? throw new FormatException("no totalAmountExcludingTax");
            var reference = Blank(d.ExternalDocumentNumber);
            var dimensions = Dimensions(d.DimensionSetLines, company.Dimensions);
            var document = new ErpDocument(kind, company.Entity, number, reference, Blank(d.CustomerNumber), posted, StartOf(posted), currency, net, rate, 0m,
                reference is not null, dimensions, at);
            if (kind == ErpDocumentKind.Invoice && Blank(d.OrderNumber) is { } order)
            {
                return [document, new ErpSalesOrder(company.Entity, order, reference, Blank(d.CustomerNumber), ErpOrderStatus.Invoiced, currency, net,
                    StartOf(posted), dimensions, at.AddTicks(-1))];
            }

            return [document];
        });

    /// <summary>Gapwatch's four dimensions from a row's expanded <c>dimensionSetLines</c>, by the connection's codes.</summary>
    public static Dimensions Dimensions(List<BcDimensionSetLine>? lines, BusinessCentralDimensionCodes codes)
    {
        if (lines is null || lines.Count == 0)
        {
            return Model.Dimensions.None;
        }

        string? Value(string? code) => code is null ? null : Blank(lines.FirstOrDefault(l => string.Equals(l.Code, code, StringComparison.OrdinalIgnoreCase))?.ValueCode);
        return new Dimensions(Value(codes.Department), Value(codes.Location), Value(codes.Project), Value(codes.Customer));
    }

    public static string? Text(JsonElement row, string property) =>
        row.ValueKind == JsonValueKind.Object && row.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
            _ => null,
        } : null;

    public static DateTimeOffset? Instant(JsonElement row, string property) =>
        Text(row, property) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;

    /// <summary>An instant as an OData literal, to the millisecond (Business Central keeps milliseconds), rounded down.</summary>
    public static string Literal(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    public static DateOnly? Date(DateOnly? date) => date is { } d && d != BlankDate ? d : null;

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string Required(string? value, string field) => Blank(value) ?? throw new FormatException($"no {field}");

    private static NodeOutcome Versioned<T>(JsonElement row, string what, JsonTypeInfo<T> type, Func<T, DateTimeOffset, IReadOnlyList<ISourceRecord>> records, string idProperty = "id")
        where T : class
    {
        var id = Text(row, idProperty);
        if (id is null)
        {
            return NodeOutcome.Reject(null, $"{what} has no {idProperty}");
        }

        var at = Instant(row, "lastModifiedDateTime");
        if (at is null)
        {
            return NodeOutcome.Reject(id, $"{what} {id} has no readable lastModifiedDateTime");
        }

        // The cursor is the row's (lastModifiedDateTime, id): the order the collection is read in.
        var cursor = new SyncCursor(at.Value, Text(row, "id") ?? id);
        try
        {
            var node = row.Deserialize(type) ?? throw new FormatException($"{what} is null");
            return new NodeOutcome(records(node, at.Value), cursor, null);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            var number = Text(row, "number") ?? id;
            return new NodeOutcome([], cursor, new RejectedRow(number, $"{what} {number} could not be read: {e.Message}"));
        }
    }

    [GeneratedRegex("_x([0-9A-Fa-f]{4})_")]
    private static partial Regex Escaped();
}
