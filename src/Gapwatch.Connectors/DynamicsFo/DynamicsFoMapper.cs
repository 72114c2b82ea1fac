using Gapwatch.Connectors.OData;
using Gapwatch.Model;

namespace Gapwatch.Connectors.DynamicsFo;

/// <summary>
/// Finance &amp; Operations rows to Gapwatch records. F&amp;O entities have no modified timestamp,
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

        // OnHoldStatus is the F&O "blocked" enum: No, Invoice, All, Payment, Requisition, Never (verify); anything but No stops new business.
        var blocked = row.OnHoldStatus is { Length: > 0 } hold && !hold.Equals("No", StringComparison.OrdinalIgnoreCase);
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

    public static ODataRowOutcome Invoice(FoInvoiceRow row, IReadOnlyList<string> commerceOrigins, char delimiter)
    {
        if (Missing(row.DataAreaId, row.InvoiceNumber, row.CurrencyCode) is { } missing)
        {
            return ODataRowOutcome.Refused(row.InvoiceNumber, $"SalesInvoiceHeadersV2 row without {missing}");
        }

        if (Day(row.InvoiceDate) is not { } posted || row.TotalInvoiceAmount is not { } total)
        {
            return ODataRowOutcome.Refused(row.InvoiceNumber, $"invoice {row.InvoiceNumber}: no InvoiceDate or TotalInvoiceAmount");
        }

        // A credit note is an invoice journal with a negative total (verify); both kinds are stored positive, net of tax.
        var net = Math.Abs(total) - Math.Abs(row.TotalTaxAmount ?? 0m);
        var created = Instant(row.CreatedDateTime) ?? new DateTimeOffset(posted.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var sourced = row.SalesOrderOriginCode is { } origin && commerceOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
        return ODataRowOutcome.Of(new ErpDocument(
            total < 0 ? ErpDocumentKind.CreditMemo : ErpDocumentKind.Invoice, Company(row.DataAreaId!), row.InvoiceNumber!, Text(row.CustomersOrderReference),
            Text(row.InvoiceCustomerAccountNumber), posted, created, row.CurrencyCode!, net, row.ExchangeRate is > 0m ? row.ExchangeRate.Value : 1m,
            Math.Min(Math.Abs(row.DeferredRevenueAmount ?? 0m), net), sourced, DynamicsFoDimensions.Parse(row.DefaultDimensionDisplayValue, delimiter), null));
    }

    public static ODataRowOutcome GlEntry(FoGlEntryRow row, char delimiter)
    {
        if (Missing(row.DataAreaId, row.LedgerAccount, row.TransactionCurrencyCode) is { } missing || row.RecId is not { } recId)
        {
            return ODataRowOutcome.Refused(row.RecId?.ToString(System.Globalization.CultureInfo.InvariantCulture), "GeneralJournalAccountEntries row without a key, account or currency");
        }

        if (Day(row.AccountingDate) is not { } posted || row.TransactionCurrencyAmount is not { } amount)
        {
            return ODataRowOutcome.Refused(recId.ToString(System.Globalization.CultureInfo.InvariantCulture), "GL entry without AccountingDate or amount");
        }

        var (account, dimensions) = DynamicsFoDimensions.Account(row.LedgerAccount!, delimiter);
        return ODataRowOutcome.Of(new GlEntry(
            Company(row.DataAreaId!), recId.ToString(System.Globalization.CultureInfo.InvariantCulture), posted, account, amount, row.TransactionCurrencyCode!,
            Text(row.DocumentNumber), dimensions, null));
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

    public static ODataRowOutcome PeriodStatus(FoPeriodStatusRow row)
    {
        if (row.DataAreaId is not { Length: > 0 } || Day(row.PeriodStartDate) is not { } start || Day(row.PeriodEndDate) is not { } end)
        {
            return ODataRowOutcome.Refused(null, "FiscalPeriodStatuses row without company or dates");
        }

        // Closed and OnHold both stop posting; Open is no lock.
        if (!string.Equals(row.PeriodStatus, "Closed", StringComparison.OrdinalIgnoreCase) && !string.Equals(row.PeriodStatus, "OnHold", StringComparison.OrdinalIgnoreCase))
        {
            return ODataRowOutcome.Nothing;
        }

        var lockedAt = Instant(row.StatusChangedDateTime) ?? new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return ODataRowOutcome.Of(new PeriodLock(Company(row.DataAreaId), start, end, lockedAt, null));
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
