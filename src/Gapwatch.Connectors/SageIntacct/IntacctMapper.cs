using System.Globalization;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.SageIntacct;

/// <summary>What one Intacct object became: records (none for an open reporting period), its cursor, or why it was refused.</summary>
internal sealed record IntacctOutcome(IReadOnlyList<ISourceRecord> Records, SyncCursor? Cursor, RejectedRow? Rejected)
{
    public static IntacctOutcome Reject(string? id, string reason) => new([], null, new RejectedRow(id, reason));
}

/// <summary>
/// Turns Intacct objects (as <c>readByQuery</c> returns them) into Gapwatch records. Every object's
/// version is its <c>WHENMODIFIED</c> (wall-clock time without a zone, read in the connection's time
/// zone) and its cursor tie-breaker its <c>RECORDNO</c>. A value that cannot be read quarantines the
/// object with the reason; a missing optional field is null.
/// </summary>
internal sealed class IntacctMapper(IntacctConnection connection)
{
    public const string WhenModified = "WHENMODIFIED";

    public static IReadOnlyList<string> CustomerFields { get; } =
    [
        "RECORDNO", "CUSTOMERID", "NAME", "STATUS", "TAXID", "DISPLAYCONTACT.EMAIL1", "DISPLAYCONTACT.PHONE1",
        "DISPLAYCONTACT.MAILADDRESS.ZIP", "DISPLAYCONTACT.MAILADDRESS.COUNTRYCODE", "MEGAENTITYID", WhenModified,
    ];

    public static IReadOnlyList<string> DocumentFields { get; } =
    [
        "RECORDNO", "DOCNO", "DOCID", "DOCPARID", "STATE", "CUSTVENDID", "CURRENCY", "BASECURR", "EXCHRATE", "SUBTOTAL", "TRX_SUBTOTAL",
        "WHENCREATED", "AUWHENCREATED", "WHENPOSTED", "CREATEDFROM", "PRRECORDKEY", "MEGAENTITYID", WhenModified,
    ];

    /// <summary>
    /// The <c>MODULEKEY</c> of AR records entered in Accounts Receivable itself. Order-entry
    /// invoices and credit memos post their own AR record with <c>8.SO</c>; those are read as
    /// <c>SODOCUMENT</c> already, and are deleted and re-created (a new <c>RECORDNO</c>) whenever
    /// their document is edited, so reading them too would count their revenue twice.
    /// </summary>
    public const string NativeArModule = "4.AR";

    /// <summary>
    /// The <c>ARINVOICE</c> and <c>ARADJUSTMENT</c> header fields read (both objects have the same
    /// header): <c>RECORDID</c> is the invoice or adjustment number, <c>AUWHENCREATED</c> the audit
    /// creation time (spelled so on AR records, not <c>AUDITWHENCREATED</c>).
    /// </summary>
    public static IReadOnlyList<string> ArFields { get; } =
    [
        "RECORDNO", "RECORDID", "STATE", "CUSTOMERID", "DOCNUMBER", "CURRENCY", "BASECURR", "EXCHANGE_RATE", "TRX_TOTALENTERED", "TOTALENTERED",
        "WHENCREATED", "AUWHENCREATED", "WHENPOSTED", "MODULEKEY", "MEGAENTITYID", WhenModified,
    ];

    public static IReadOnlyList<string> GlFields { get; } =
    [
        "RECORDNO", "BATCH_DATE", "ENTRY_DATE", "ACCOUNTNO", "TR_TYPE", "TRX_AMOUNT", "AMOUNT", "CURRENCY", "BASECURR", "DOCNUMBER",
        "DEPARTMENTID", "LOCATIONID", "PROJECTID", "CUSTOMERID", WhenModified,
    ];

    /// <summary>A dated rate of a currency pair (<c>EXCHANGERATEENTRY</c>); the pair link (<see cref="IntacctFieldMap.RateParent"/>) is added.</summary>
    public static IReadOnlyList<string> RateFields { get; } = ["RECORDNO", "EFFECTIVE_START_DATE", "EXCHANGE_RATE", WhenModified];

    /// <summary>The currency pair and rate type (<c>EXCHANGERATE</c>), read for the entries that name it.</summary>
    public static IReadOnlyList<string> RatePairFields { get; } = ["RECORDNO", "TYPENAME", "FROM_CURRENCY", "TO_CURRENCY"];

    /// <summary>Reporting periods: company-level records with no documented entity field or WHENMODIFIED, so read whole each run.</summary>
    public static IReadOnlyList<string> PeriodFields { get; } = ["RECORDNO", "NAME", "START_DATE", "END_DATE"];

    public static IReadOnlyList<string> SyncLogFields { get; } =
        ["RECORDNO", "NAME", "SYNC_OBJECT", "EXTERNAL_REFERENCE", "ATTEMPTED_AT", "OUTCOME", "MESSAGE", WhenModified];

    private IntacctFieldMap Map => connection.Fields;

    /// <summary>The fields asked for, with the custom ones the field map names.</summary>
    public IReadOnlyList<string> CustomerFieldList() => With(CustomerFields, Map.AccountReference, Map.Holding);

    public IReadOnlyList<string> DocumentFieldList() =>
        With(DocumentFields, Map.CommerceReference, Map.Deferred, Map.Department, Map.Location, Map.Project, Map.DimensionCustomer);

    public IReadOnlyList<string> ArFieldList(bool adjustment) =>
        With(ArFields, ArReference(adjustment), Map.ArTax, Map.ArDeferred, Map.ArDepartment, Map.ArLocation, Map.ArProject, Map.ArDimensionCustomer);

    public IReadOnlyList<string> GlFieldList() => With(GlFields, Map.GlEntity);

    public IReadOnlyList<string> RateFieldList() => With(RateFields, Map.RateParent);

    public IReadOnlyList<string> PeriodFieldList() => With(PeriodFields, Map.PeriodClosedAt);

    public IntacctOutcome Customer(IntacctRow row) => Keyed(row, "customer", "CUSTOMERID", id =>
    {
        var status = row["STATUS"]?.ToUpperInvariant() switch
        {
            "ACTIVE" or "T" or "ACTIVENONPOSTING" => ErpCustomerStatus.Active,
            "INACTIVE" or "F" => ErpCustomerStatus.Inactive,
            null => throw new FormatException("STATUS is missing"),
            var s => throw new FormatException($"STATUS '{s}' is not active or inactive"),
        };
        return [new ErpCustomer(
            connection.EntityOf(row["MEGAENTITYID"]), id, row["NAME"], row["DISPLAYCONTACT.EMAIL1"], row["DISPLAYCONTACT.PHONE1"],
            row["TAXID"] ?? row["DISPLAYCONTACT.TAXID"], Field(row, Map.AccountReference), row["DISPLAYCONTACT.MAILADDRESS.ZIP"],
            Country(row["DISPLAYCONTACT.MAILADDRESS.COUNTRYCODE"]), status, Bool(row, Map.Holding), Modified(row))];
    });

    public IntacctOutcome SalesOrder(IntacctRow row) => Keyed(row, "sales order", "DOCNO", id =>
    [
        new ErpSalesOrder(
            connection.EntityOf(row["MEGAENTITYID"]), id, Field(row, Map.CommerceReference), row["CUSTVENDID"], OrderStatus(row["STATE"]),
            Currency(row), Amount(row), Created(row), Dimensions(row), Modified(row)),
    ]);

    public IntacctOutcome Document(IntacctRow row, ErpDocumentKind kind, string? inheritedReference) => Keyed(row, kind == ErpDocumentKind.Invoice ? "invoice" : "credit memo", "DOCNO", id =>
    {
        var reference = Field(row, Map.CommerceReference) ?? inheritedReference;
        var net = Amount(row);
        var deferred = Map.Deferred is { } d ? Decimal(row, d) ?? 0m : 0m;
        var rate = Decimal(row, "EXCHRATE") is { } r and > 0m ? r : 1m;
        var posted = Date(row, "WHENPOSTED") ?? Date(row, "WHENCREATED") ?? throw new FormatException("WHENPOSTED and WHENCREATED are missing");
        return [new ErpDocument(
            kind, connection.EntityOf(row["MEGAENTITYID"]), id, reference, row["CUSTVENDID"], posted, Created(row), Currency(row), net, rate,
            deferred, reference is not null, Dimensions(row), Modified(row))];
    });

    /// <summary>
    /// A native AR invoice (<c>ARINVOICE</c>) or AR adjustment (<c>ARADJUSTMENT</c>). Its id is the
    /// object and <c>RECORDNO</c> (<c>ARINVOICE-1241</c>): an order-entry document's <c>DOCNO</c>
    /// and an AR <c>RECORDID</c> come from separate numbering sequences and may be equal, the
    /// prefixed record number cannot be.
    /// <para>
    /// Net of tax: the AR header has no subtotal. <c>TRX_TOTALENTERED</c> (transaction currency;
    /// <c>TOTALENTERED</c> is the base currency) is the sum of every line, tax lines included, so the
    /// net amount is that total less the field map's tax field when it names one, else the total
    /// itself. <see cref="Document"/> reads <c>TRX_SUBTOTAL</c>, which is before tax; the two agree
    /// when the integration names its tax field or posts no tax line to AR (the connector
    /// documentation says so).
    /// </para>
    /// <para>
    /// An adjustment's total is negative for a credit (it lowers what the customer owes): that is
    /// a credit memo for its magnitude. A positive one is a debit adjustment, which raises what is
    /// owed as an invoice does, and is read as one.
    /// </para>
    /// </summary>
    public IntacctOutcome ArDocument(IntacctRow row, bool adjustment)
    {
        var objectName = adjustment ? "ARADJUSTMENT" : "ARINVOICE";
        var what = adjustment ? "AR adjustment" : "AR invoice";
        if (row["MODULEKEY"] is { } module && !string.Equals(module, NativeArModule, StringComparison.OrdinalIgnoreCase))
        {
            // The query asks for native AR only; a row that slips through is an order-entry document's own AR side.
            return IntacctOutcome.Reject(row["RECORDNO"], $"{what} {row["RECORDNO"]}: MODULEKEY '{module}' is not native AR ({NativeArModule}); its document is read as SODOCUMENT");
        }

        return Keyed(row, what, "RECORDNO", recordNo =>
        {
            var reference = Field(row, ArReference(adjustment));
            var (total, currency, inBase) = Amount(row, "TRX_TOTALENTERED", "TOTALENTERED");
            // A credit adjustment, or an AR invoice entered negative, takes revenue back.
            var kind = total < 0m || (adjustment && total == 0m) ? ErpDocumentKind.CreditMemo : ErpDocumentKind.Invoice;

            var tax = Map.ArTax is { } t ? Math.Abs(Decimal(row, t) ?? 0m) : 0m;
            var net = Math.Abs(total) - tax;
            if (net < 0m)
            {
                throw new FormatException($"{Map.ArTax} {tax} is more than TRX_TOTALENTERED {Math.Abs(total)}");
            }

            // Signed like the total on a credit; never more than the net it defers.
            var deferred = Map.ArDeferred is { } d ? Math.Min(Math.Abs(Decimal(row, d) ?? 0m), net) : 0m;
            var rate = !inBase && Decimal(row, "EXCHANGE_RATE") is { } r and > 0m ? r : 1m;
            var posted = Date(row, "WHENPOSTED") ?? Date(row, "WHENCREATED") ?? throw new FormatException("WHENPOSTED and WHENCREATED are missing");
            var created = Instant(row, "AUWHENCREATED") ?? Instant(row, "WHENCREATED") ?? throw new FormatException("AUWHENCREATED and WHENCREATED are missing");
            var dimensions = new Dimensions(Field(row, Map.ArDepartment), Field(row, Map.ArLocation), Field(row, Map.ArProject), Field(row, Map.ArDimensionCustomer));
            return [new ErpDocument(
                kind, connection.EntityOf(row["MEGAENTITYID"]), $"{objectName}-{recordNo}", reference, row["CUSTOMERID"], posted, created, currency, net, rate,
                deferred, reference is not null, dimensions, Modified(row))];
        });
    }

    /// <summary>
    /// The transaction amount in the transaction currency; when only the base amount is there, that
    /// amount in the base currency (never a base amount labelled with the transaction currency).
    /// </summary>
    private static (decimal Amount, string Currency, bool InBase) Amount(IntacctRow row, string transactionField, string baseField)
    {
        if (Decimal(row, transactionField) is { } transaction)
        {
            return (transaction, (row["CURRENCY"] ?? row["BASECURR"] ?? throw new FormatException("CURRENCY is missing")).ToUpperInvariant(), false);
        }

        if (Decimal(row, baseField) is { } inBase)
        {
            return (inBase, (row["BASECURR"] ?? row["CURRENCY"] ?? throw new FormatException("BASECURR is missing")).ToUpperInvariant(), true);
        }

        throw new FormatException($"{transactionField} and {baseField} are missing");
    }

    public IntacctOutcome Gl(IntacctRow row) => Keyed(row, "GL detail", "RECORDNO", id =>
    {
        var (amount, currency, _) = Amount(row, "TRX_AMOUNT", "AMOUNT");
        amount = row["TR_TYPE"] switch
        {
            "-1" => -Math.Abs(amount),
            "1" => Math.Abs(amount),
            null => amount,
            var t => throw new FormatException($"TR_TYPE '{t}' is not 1 or -1"),
        };
        var posted = Date(row, "BATCH_DATE") ?? Date(row, "ENTRY_DATE") ?? throw new FormatException("BATCH_DATE is missing");
        // GLDETAIL has no MEGAENTITYID: the entity is the field map's GL entity field, else the session's.
        return [new GlEntry(
            connection.EntityOf(Field(row, Map.GlEntity)), id, posted, row["ACCOUNTNO"] ?? throw new FormatException("ACCOUNTNO is missing"), amount,
            currency, row["DOCNUMBER"],
            new Dimensions(row["DEPARTMENTID"], row["LOCATIONID"], row["PROJECTID"], row["CUSTOMERID"]), Modified(row))];
    });

    /// <summary>
    /// An <c>EXCHANGERATEENTRY</c> with its <c>EXCHANGERATE</c> (<paramref name="pair"/>: the currencies
    /// and the rate type); an entry whose pair was not found is refused (the pair was deleted, or is of
    /// a type the API hides, such as Intacct Daily Rate).
    /// </summary>
    public IntacctOutcome Rate(IntacctRow row, IntacctRow? pair) => Keyed(row, "exchange rate entry", "RECORDNO", _ =>
    {
        var link = row[Map.RateParent] ?? throw new FormatException($"{Map.RateParent} (the link to its exchange rate) is missing");
        if (pair is null)
        {
            throw new FormatException($"its exchange rate {link} was not found (deleted, or of a rate type the API hides)");
        }

        var kind = string.Equals(pair["TYPENAME"], connection.AverageRateType, StringComparison.OrdinalIgnoreCase) ? ExchangeRateKind.PeriodAverage : ExchangeRateKind.Spot;
        var value = Decimal(row, "EXCHANGE_RATE") ?? throw new FormatException("EXCHANGE_RATE is missing");
        return [new ExchangeRate(
            (pair["FROM_CURRENCY"] ?? throw new FormatException($"FROM_CURRENCY of exchange rate {link} is missing")).ToUpperInvariant(),
            (pair["TO_CURRENCY"] ?? throw new FormatException($"TO_CURRENCY of exchange rate {link} is missing")).ToUpperInvariant(),
            kind, Date(row, "EFFECTIVE_START_DATE") ?? throw new FormatException("EFFECTIVE_START_DATE is missing"), value, Modified(row))];
    });

    /// <summary>The pair link of an entry (null when missing).</summary>
    public string? RatePairOf(IntacctRow row) => row[Map.RateParent];

    /// <summary>
    /// A reporting period is a lock once the field map's closed-at field is set; an open period gives
    /// no record. The period has no documented <c>WHENMODIFIED</c>: the lock's version is its closed-at
    /// time (the change that made it a lock), and its entity the session's.
    /// </summary>
    public IntacctOutcome Period(IntacctRow row)
    {
        var recordNo = row["RECORDNO"];
        if (recordNo is null)
        {
            return IntacctOutcome.Reject(row["NAME"], "reporting period has no RECORDNO");
        }

        if (Map.PeriodClosedAt is not { } field || row[field] is null)
        {
            return new IntacctOutcome([], null, null);
        }

        try
        {
            var closed = Instant(row, field)!.Value;
            var start = Date(row, "START_DATE") ?? throw new FormatException("START_DATE is missing");
            var end = Date(row, "END_DATE") ?? throw new FormatException("END_DATE is missing");
            return new IntacctOutcome([new PeriodLock(connection.EntityOf(null), start, end, closed, closed)], new SyncCursor(closed, recordNo), null);
        }
        catch (FormatException e)
        {
            return IntacctOutcome.Reject(recordNo, $"reporting period {recordNo} could not be read: {e.Message}");
        }
    }

    public IntacctOutcome SyncLog(IntacctRow row) => Keyed(row, "sync log row", "RECORDNO", recordNo =>
    {
        var what = row["SYNC_OBJECT"]?.ToLowerInvariant() switch
        {
            "customer" => SyncObject.Customer,
            "order" => SyncObject.Order,
            var o => throw new FormatException($"SYNC_OBJECT '{o}' is not customer or order"),
        };
        var outcome = row["OUTCOME"]?.ToLowerInvariant() switch
        {
            "created" => SyncOutcome.Created,
            "updated" => SyncOutcome.Updated,
            "skipped" => SyncOutcome.Skipped,
            "failed" => SyncOutcome.Failed,
            var o => throw new FormatException($"OUTCOME '{o}' is not created, updated, skipped or failed"),
        };
        return [new SyncLogEntry(
            row["NAME"] ?? recordNo, what, row["EXTERNAL_REFERENCE"] ?? throw new FormatException("EXTERNAL_REFERENCE is missing"),
            Instant(row, "ATTEMPTED_AT") ?? throw new FormatException("ATTEMPTED_AT is missing"), outcome, row["MESSAGE"], Modified(row))];
    });

    /// <summary>Intacct's wall-clock time (<c>MM/DD/YYYY HH:MM:SS</c>, no zone) in the connection's zone, as UTC.</summary>
    public DateTimeOffset? Instant(IntacctRow row, string field)
    {
        var text = row[field];
        if (text is null)
        {
            return null;
        }

        if (DateTime.TryParseExact(text, ["MM/dd/yyyy HH:mm:ss", "MM/dd/yyyy H:mm:ss", "MM/dd/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return FromLocal(local);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && text.Length > 10
            ? instant.ToUniversalTime()
            : throw new FormatException($"{field} '{text}' is not a date and time (MM/DD/YYYY HH:MM:SS)");
    }

    /// <summary>A wall-clock time in the connection's zone as UTC; a time skipped by a DST change is read as the hour after it.</summary>
    public DateTimeOffset FromLocal(DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        var zone = connection.TimeZone;
        if (zone.IsInvalidTime(unspecified))
        {
            unspecified = unspecified.AddHours(1);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(unspecified, zone), TimeSpan.Zero);
    }

    /// <summary>An instant as Intacct's wall-clock text in the connection's zone (for queries).</summary>
    public string ToLocalText(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, connection.TimeZone).ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    private DateTimeOffset Modified(IntacctRow row) => Instant(row, WhenModified) ?? throw new FormatException("WHENMODIFIED is missing");

    /// <summary>
    /// When the document was entered: <c>AUWHENCREATED</c> is the audit timestamp; <c>WHENCREATED</c>
    /// is the document date (no time), read as that day's midnight only when the timestamp is missing.
    /// </summary>
    private DateTimeOffset Created(IntacctRow row) =>
        Instant(row, "AUWHENCREATED") ?? Instant(row, "WHENCREATED") ?? throw new FormatException("AUWHENCREATED and WHENCREATED are missing");

    private string? ArReference(bool adjustment) => adjustment ? Map.ArAdjustmentReference : Map.ArInvoiceReference;

    private Dimensions Dimensions(IntacctRow row) =>
        new(Field(row, Map.Department), Field(row, Map.Location), Field(row, Map.Project), Field(row, Map.DimensionCustomer));

    private static string Currency(IntacctRow row) => (row["CURRENCY"] ?? row["BASECURR"] ?? throw new FormatException("CURRENCY is missing")).ToUpperInvariant();

    private static decimal Amount(IntacctRow row) =>
        Math.Abs(Decimal(row, "TRX_SUBTOTAL") ?? Decimal(row, "SUBTOTAL") ?? throw new FormatException("TRX_SUBTOTAL and SUBTOTAL are missing"));

    /// <summary>
    /// <c>SODOCUMENT.STATE</c> (read as a word or its letter). Intacct has no cancelled state: a
    /// closed or declined order is cancelled, a converted one invoiced, a partially converted one
    /// shipped (its shipper or invoice exists for part), in progress released, the rest open.
    /// </summary>
    private static ErpOrderStatus OrderStatus(string? state) => state?.ToUpperInvariant() switch
    {
        "C" or "CONVERTED" => ErpOrderStatus.Invoiced,
        "P" or "PARTIALLY CONVERTED" => ErpOrderStatus.Shipped,
        "G" or "IN PROGRESS" => ErpOrderStatus.Released,
        "D" or "CLOSED" or "R" or "DECLINED" => ErpOrderStatus.Cancelled,
        "I" or "DRAFT" or "O" or "PENDING" or "S" or "SUBMITTED" or "A" or "APPROVED" or "X" or "PARTIALLY APPROVED" => ErpOrderStatus.Open,
        null => throw new FormatException("STATE is missing"),
        var s => throw new FormatException($"STATE '{s}' is not an order-entry state"),
    };

    private static string? Field(IntacctRow row, string? field) => field is null ? null : row[field];

    private static bool Bool(IntacctRow row, string? field) => field is not null && row[field]?.ToUpperInvariant() switch
    {
        "TRUE" or "T" or "1" or "Y" or "YES" => true,
        null or "FALSE" or "F" or "0" or "N" or "NO" => false,
        var b => throw new FormatException($"{field} '{b}' is not true or false"),
    };

    private static decimal? Decimal(IntacctRow row, string field) =>
        row[field] is not { } text ? null
        : decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value) ? value
        : throw new FormatException($"{field} '{text}' is not a number");

    private static DateOnly? Date(IntacctRow row, string field) =>
        row[field] is not { } text ? null
        : DateOnly.TryParseExact(text, ["MM/dd/yyyy", "yyyy-MM-dd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : DateTime.TryParseExact(text, "MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var moment) ? DateOnly.FromDateTime(moment)
        : throw new FormatException($"{field} '{text}' is not a date (MM/DD/YYYY)");

    private static string? Country(string? code) => code is { Length: 2 } ? code.ToUpperInvariant() : null;

    private static IReadOnlyList<string> With(IReadOnlyList<string> standard, params string?[] custom) =>
        [.. standard, .. custom.Where(c => c is not null && !standard.Contains(c, StringComparer.OrdinalIgnoreCase)).Select(c => c!).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>Reads the id and version first: an object without them is refused without a cursor; a bad value after them is refused at its cursor.</summary>
    private IntacctOutcome Keyed(IntacctRow row, string what, string idField, Func<string, IReadOnlyList<ISourceRecord>> build)
    {
        var recordNo = row["RECORDNO"];
        var id = row[idField];
        if (id is null || recordNo is null)
        {
            return IntacctOutcome.Reject(id ?? recordNo, $"{what} has no {(id is null ? idField : "RECORDNO")}");
        }

        DateTimeOffset at;
        try
        {
            at = Modified(row);
        }
        catch (FormatException e)
        {
            return IntacctOutcome.Reject(id, $"{what} {id}: {e.Message}");
        }

        var cursor = new SyncCursor(at, recordNo);
        try
        {
            return new IntacctOutcome(build(id), cursor, null);
        }
        catch (FormatException e)
        {
            return new IntacctOutcome([], cursor, new RejectedRow(id, $"{what} {id} could not be read: {e.Message}"));
        }
    }
}
