using System.Globalization;
using Gapwatch.Connectors.OData;
using Gapwatch.Model;

namespace Gapwatch.Connectors.DynamicsFo;

/// <summary>
/// Finance &amp; Operations rows to Gapwatch records. Most F&amp;O entities have no modified timestamp,
/// so records read by snapshot carry no version (<c>UpdatedAt</c> null): the store replaces a row
/// whose content changed and leaves an identical one alone. F&amp;O writes an empty date as
/// <c>1900-01-01T12:00:00Z</c>; it is read as no date.
/// </summary>
internal static class DynamicsFoMapper
{
    private static readonly DateOnly NullDate = new(1900, 1, 1);

    public static ODataRowOutcome Customer(FoCustomerRow row, IReadOnlyList<string> holdingGroups)
    {
        if (Missing(row.DataAreaId, row.CustomerAccount) is { } missing)
        {
            return ODataRowOutcome.Refused(row.CustomerAccount, $"CustomersV3 row without {missing}");
        }

        // OnHoldStatus is the enum CustVendorBlocked: No, Invoice, All, Payment, Requisition, Never, PurchOrder.
        // All blocks everything; Invoice blocks invoicing and Payment blocks payments, so both stop new
        // business with the customer and count as inactive too. No and Never (never blocked) are active;
        // Requisition and PurchOrder concern vendors and do not block a customer.
        var blocked = row.OnHoldStatus?.ToUpperInvariant() is "ALL" or "INVOICE" or "PAYMENT";
        var holding = row.CustomerGroupId is { } group && holdingGroups.Contains(group, StringComparer.OrdinalIgnoreCase);
        return ODataRowOutcome.Of(new ErpCustomer(
            Company(row.DataAreaId!), row.CustomerAccount!, Text(row.OrganizationName), Text(row.PrimaryContactEmail), Text(row.PrimaryContactPhone),
            Text(row.TaxExemptNumber), Text(row.IdentificationNumber), Text(row.AddressZipCode), Text(row.AddressCountryRegionISOCode),
            blocked ? ErpCustomerStatus.Inactive : ErpCustomerStatus.Active, holding, null));
    }

    public static ODataRowOutcome SalesOrder(FoSalesOrderRow row, char delimiter)
    {
        if (Missing(row.DataAreaId, row.SalesOrderNumber, row.CurrencyCode) is { } missing)
        {
            return ODataRowOutcome.Refused(row.SalesOrderNumber, $"SalesOrderHeadersV2 row without {missing}");
        }

        if (Status(row.SalesOrderStatus, row.SalesOrderProcessingStatus) is not { } status)
        {
            return ODataRowOutcome.Refused(row.SalesOrderNumber, $"sales order {row.SalesOrderNumber}: unknown SalesOrderStatus '{row.SalesOrderStatus}'");
        }

        if (Instant(row.OrderCreationDateTime) is not { } created)
        {
            return ODataRowOutcome.Refused(row.SalesOrderNumber, $"sales order {row.SalesOrderNumber}: no OrderCreationDateTime");
        }

        return ODataRowOutcome.Of(new ErpSalesOrder(
            Company(row.DataAreaId!), row.SalesOrderNumber!, Text(row.CustomersOrderReference), Text(row.OrderingCustomerAccountNumber), status,
            row.CurrencyCode!, row.OrderTotalAmount ?? 0m, created, DynamicsFoDimensions.Parse(row.DefaultLedgerDimensionDisplayValue, delimiter), null));
    }

    /// <summary>
    /// One posted invoice journal. Its version is <c>SysModifiedDateTime</c> (the keyset cursor with
    /// <c>SourceKey</c>); its dimensions are its sales order's (<paramref name="orderDimensions"/>, the
    /// journal carries none), <see cref="Dimensions.None"/> without one.
    /// </summary>
    public static ODataRowOutcome Invoice(FoInvoiceRow row, IReadOnlyList<string> commerceOrigins, Dimensions orderDimensions)
    {
        var key = row.SourceKey?.ToString(CultureInfo.InvariantCulture);
        if (Missing(row.DataAreaId, row.InvoiceId, row.CurrencyCode) is not null || key is null)
        {
            return ODataRowOutcome.Refused(row.InvoiceId ?? key, "CustInvoiceJourBiEntities row without a key field");
        }

        if (Day(row.InvoiceDate) is not { } posted || row.InvoiceAmount is not { } total)
        {
            return ODataRowOutcome.Refused(row.InvoiceId, $"invoice {row.InvoiceId}: no InvoiceDate or InvoiceAmount");
        }

        if (Instant(row.SysModifiedDateTime) is not { } modified)
        {
            return ODataRowOutcome.Refused(row.InvoiceId, $"invoice {row.InvoiceId}: no SysModifiedDateTime (the read's cursor)");
        }

        // A credit note is an invoice journal with a negative amount (verify: IsCorrection and ReturnStatus are not read); both kinds are stored positive, net of tax.
        var net = Math.Abs(total) - Math.Abs(row.SumTax ?? 0m);
        var created = Instant(row.CreatedOn) ?? new DateTimeOffset(posted.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var sourced = row.SalesOriginId is { } origin && commerceOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
        return ODataRowOutcome.Of(new ErpDocument(
            total < 0 ? ErpDocumentKind.CreditMemo : ErpDocumentKind.Invoice, Company(row.DataAreaId!), row.InvoiceId!, Text(row.CustomerRef),
            Text(row.InvoiceAccount), posted, created, row.CurrencyCode!, net, BookedRate(row.ExchRate),
            0m, sourced, orderDimensions, modified), modified, key);
    }

    /// <summary>
    /// F&amp;O stores exchange rates per 100 units of the foreign currency (<c>ExchRate</c> 130.5 means
    /// 1.305; verify per environment); none or zero is the accounting currency itself, rate 1.
    /// </summary>
    public static decimal BookedRate(decimal? exchRate) => exchRate is > 0m ? exchRate.Value / 100m : 1m;

    /// <summary>One ledger line with its journal entry: the company, voucher day and document are the header's.</summary>
    public static ODataRowOutcome GlEntry(FoGlLineRow line, FoGlHeaderRow header, char delimiter)
    {
        var key = line.SourceKey?.ToString(CultureInfo.InvariantCulture);
        if (Missing(header.SubledgerVoucherDataAreaId, line.LedgerAccount, line.TransactionCurrencyCode) is not null || key is null)
        {
            return ODataRowOutcome.Refused(key, $"GL line {key} of voucher {header.SubledgerVoucher}: no company, account, currency or key");
        }

        if (Day(header.AccountingDate) is not { } posted || line.TransactionCurrencyAmount is not { } amount)
        {
            return ODataRowOutcome.Refused(key, $"GL line {key} of voucher {header.SubledgerVoucher}: no AccountingDate or amount");
        }

        var (account, dimensions) = DynamicsFoDimensions.Account(line.LedgerAccount!, delimiter);
        return ODataRowOutcome.Of(new GlEntry(
            Company(header.SubledgerVoucherDataAreaId!), key, posted, account, amount, line.TransactionCurrencyCode!, Text(header.DocumentNumber), dimensions, null));
    }

    public static ODataRowOutcome ExchangeRate(FoExchangeRateRow row)
    {
        if (Missing(row.FromCurrency, row.ToCurrency) is { } missing || Day(row.StartDate) is not { } start || row.Rate is not > 0m)
        {
            return ODataRowOutcome.Refused($"{row.FromCurrency}/{row.ToCurrency}", "ExchangeRates row without currencies, start date or a positive rate");
        }

        // The rate type names are the environment's own; "Average" is the convention Gapwatch expects for period averages (verify per environment).
        var kind = row.RateTypeName?.Contains("average", StringComparison.OrdinalIgnoreCase) == true ? ExchangeRateKind.PeriodAverage : ExchangeRateKind.Spot;
        return ODataRowOutcome.Of(new ExchangeRate(row.FromCurrency!, row.ToCurrency!, kind, start, row.Rate.Value, null));
    }

    /// <summary>
    /// One ledger's fiscal period with its calendar period (<paramref name="period"/>, joined on
    /// calendar, year and period name; null when none matched). Closed and OnHold both stop posting;
    /// Open is no lock, nor is an Opening or Closing period (they share their dates with the first
    /// and last operating periods). No entity carries when the status changed: a lock counts from the
    /// day after the period ends.
    /// </summary>
    public static ODataRowOutcome PeriodStatus(FoLedgerPeriodRow row, FoFiscalPeriodRow? period)
    {
        var name = $"{row.LedgerName} {row.YearName} {row.PeriodName}";
        if (!string.Equals(row.PeriodStatus, "Closed", StringComparison.OrdinalIgnoreCase) && !string.Equals(row.PeriodStatus, "OnHold", StringComparison.OrdinalIgnoreCase))
        {
            return ODataRowOutcome.Nothing;
        }

        if (row.LegalEntityId is not { Length: > 0 } company || string.IsNullOrWhiteSpace(company))
        {
            return ODataRowOutcome.Refused(name, $"ledger period {name}: no LegalEntityId (the ledger is not a legal entity's)");
        }

        if (period is null || Day(period.StartDate) is not { } start || Day(period.EndDate) is not { } end)
        {
            return ODataRowOutcome.Refused(name, $"ledger period {name}: no FiscalPeriods row of calendar {row.Calendar} with its dates");
        }

        if (period.Type is { Length: > 0 } type && !type.Equals("Operating", StringComparison.OrdinalIgnoreCase))
        {
            return ODataRowOutcome.Nothing;
        }

        var lockedAt = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return ODataRowOutcome.Of(new PeriodLock(Company(company), start, end, lockedAt, null));
    }

    public static ODataRowOutcome IntegrationLog(FoIntegrationLogRow row)
    {
        if (Missing(row.LogId, row.ExternalReference) is { } missing || Instant(row.AttemptedDateTime) is not { } attempted || Instant(row.ModifiedDateTime) is not { } modified)
        {
            return ODataRowOutcome.Refused(row.LogId, "integration log row without id, reference or times");
        }

        SyncObject? what = row.ObjectType?.ToUpperInvariant() switch
        {
            "CUSTOMER" => SyncObject.Customer,
            "ORDER" or "SALESORDER" => SyncObject.Order,
            _ => null,
        };
        SyncOutcome? outcome = row.Outcome?.ToUpperInvariant() switch
        {
            "CREATED" => SyncOutcome.Created,
            "UPDATED" => SyncOutcome.Updated,
            "SKIPPED" => SyncOutcome.Skipped,
            "FAILED" or "ERROR" => SyncOutcome.Failed,
            _ => null,
        };
        if (what is null || outcome is null)
        {
            return ODataRowOutcome.Refused(row.LogId, $"integration log {row.LogId}: unknown object '{row.ObjectType}' or outcome '{row.Outcome}'");
        }

        return ODataRowOutcome.Of(new SyncLogEntry(row.LogId!, what.Value, row.ExternalReference!, attempted, outcome.Value, Text(row.Message), modified), modified, row.LogId);
    }

    /// <summary>
    /// SalesStatus: None and Backorder are open, Delivered shipped, Invoiced, Canceled. The enum
    /// SalesOrderProcessingStatus has no "Released" (Active, Confirmed, Picked, PartiallyDelivered,
    /// Delivered, Invoiced, PartiallyInvoiced, Canceled, DeliveredPartiallyInvoiced): an open order
    /// that is confirmed, picked or partly delivered counts as released to the warehouse (verify).
    /// </summary>
    private static ErpOrderStatus? Status(string? status, string? processing) => status?.ToUpperInvariant() switch
    {
        "NONE" or "BACKORDER" => processing?.ToUpperInvariant() is "CONFIRMED" or "PICKED" or "PARTIALLYDELIVERED" ? ErpOrderStatus.Released : ErpOrderStatus.Open,
        "DELIVERED" => ErpOrderStatus.Shipped,
        "INVOICED" => ErpOrderStatus.Invoiced,
        "CANCELED" or "CANCELLED" => ErpOrderStatus.Cancelled,
        _ => null,
    };

    /// <summary>dataAreaId is lower case on the wire (<c>usmf</c>); legal entities are named upper case.</summary>
    private static string Company(string dataAreaId) => dataAreaId.Trim().ToUpperInvariant();

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? Instant(DateTimeOffset? value) => value is { } v && DateOnly.FromDateTime(v.UtcDateTime) != NullDate ? v.ToUniversalTime() : null;

    /// <summary>F&amp;O sends a date as midnight or noon UTC of that day; the day is what counts.</summary>
    private static DateOnly? Day(DateTimeOffset? value) => value is { } v && DateOnly.FromDateTime(v.UtcDateTime) is var day && day != NullDate ? day : null;

    /// <summary>"a key field" when any of the values is empty, else null.</summary>
    private static string? Missing(params string?[] values) => values.Any(string.IsNullOrWhiteSpace) ? "a key field" : null;
}

/// <summary>
/// Financial dimensions as F&amp;O displays them: <c>MainAccount-Department-Location-Project-Customer</c>
/// on ledger accounts and <c>Department-Location-Project-Customer</c> on default dimensions. The
/// segment order is the environment's account structure; this is Gapwatch's expected order (verify).
/// </summary>
public static class DynamicsFoDimensions
{
    public static Dimensions Parse(string? display, char delimiter)
    {
        if (string.IsNullOrWhiteSpace(display))
        {
            return Dimensions.None;
        }

        var parts = display.Split(delimiter);
        return new Dimensions(Part(parts, 0), Part(parts, 1), Part(parts, 2), Part(parts, 3));
    }

    public static (string MainAccount, Dimensions Dimensions) Account(string ledgerAccount, char delimiter)
    {
        var cut = ledgerAccount.IndexOf(delimiter, StringComparison.Ordinal);
        return cut < 0 ? (ledgerAccount, Dimensions.None) : (ledgerAccount[..cut], Parse(ledgerAccount[(cut + 1)..], delimiter));
    }

    public static string Format(Dimensions dimensions, char delimiter) =>
        dimensions.IsEmpty ? "" : string.Join(delimiter, dimensions.Department, dimensions.Location, dimensions.Project, dimensions.Customer);

    private static string? Part(string[] parts, int index) => index < parts.Length && parts[index].Length > 0 ? parts[index] : null;
}
