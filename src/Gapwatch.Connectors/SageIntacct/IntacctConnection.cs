namespace Gapwatch.Connectors.SageIntacct;

/// <summary>
/// Custom fields the connector reads besides Intacct's standard ones. Intacct keeps no commerce
/// account reference, no "web sales holding" flag, no deferred amount and no header-level
/// dimensions on an order-entry document: a company that wants them in Gapwatch adds custom fields
/// (or uses ones its integration already writes) and names them here. Left null, the field is not
/// asked for (asking for a field the company does not have fails the whole query).
/// </summary>
public sealed record IntacctFieldMap
{
    /// <summary>The <c>SODOCUMENT</c> field with the commerce order reference (<c>referenceno</c> on create, read as <c>PONUMBER</c>).</summary>
    public string? CommerceReference { get; init; } = "PONUMBER";

    /// <summary>A <c>CUSTOMER</c> field with the commerce account reference (a B2B company id).</summary>
    public string? AccountReference { get; init; }

    /// <summary>A boolean <c>CUSTOMER</c> field that marks web-sales holding customers.</summary>
    public string? Holding { get; init; }

    /// <summary>A <c>SODOCUMENT</c> field with the part of the net amount revenue recognition deferred.</summary>
    public string? Deferred { get; init; }

    /// <summary><c>SODOCUMENT</c> header fields with the document's dimensions (Intacct keeps them per line).</summary>
    public string? Department { get; init; }

    public string? Location { get; init; }

    public string? Project { get; init; }

    public string? DimensionCustomer { get; init; }

    /// <summary>A date-time <c>REPORTINGPERIOD</c> field set when the period's books were closed; a period without it is open.</summary>
    public string? PeriodClosedAt { get; init; } = "GW_CLOSED_AT";

    /// <summary>
    /// The <c>ARINVOICE</c> field with the commerce order reference of a native AR invoice:
    /// <c>DOCNUMBER</c> ("Reference number", <c>ponumber</c> on the legacy create) is where
    /// integrations that post straight to AR put the order number.
    /// </summary>
    public string? ArInvoiceReference { get; init; } = "DOCNUMBER";

    /// <summary>
    /// The <c>ARADJUSTMENT</c> field with the commerce reference of a native AR adjustment (a
    /// refund). <c>DOCNUMBER</c> is labelled "Reference invoice number" there: integrations write
    /// the order (or its invoice's) reference into it.
    /// </summary>
    public string? ArAdjustmentReference { get; init; } = "DOCNUMBER";

    /// <summary>
    /// An <c>ARINVOICE</c>/<c>ARADJUSTMENT</c> header field with the document's tax total, taken off
    /// <c>TRX_TOTALENTERED</c> to get the net amount (the AR header has no subtotal: see
    /// <see cref="IntacctMapper"/>). Null: the total is read as net.
    /// </summary>
    public string? ArTax { get; init; }

    /// <summary>An AR header field with the part of the net amount revenue recognition deferred.</summary>
    public string? ArDeferred { get; init; }

    /// <summary>AR header fields with the document's dimensions (Intacct keeps them per line, as on order-entry documents).</summary>
    public string? ArDepartment { get; init; }

    public string? ArLocation { get; init; }

    public string? ArProject { get; init; }

    public string? ArDimensionCustomer { get; init; }

    /// <summary>The field map's keys as <c>gapwatch connect sage_intacct --field key=FIELD</c> takes them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "commerce_reference", "account_reference", "holding", "deferred", "department", "location", "project", "customer_dimension", "period_closed_at",
        "ar_invoice_reference", "ar_adjustment_reference", "ar_tax", "ar_deferred", "ar_department", "ar_location", "ar_project", "ar_customer_dimension",
    ];

    /// <summary>This map with one key set (an empty value clears it).</summary>
    public IntacctFieldMap With(string key, string? field)
    {
        var value = string.IsNullOrWhiteSpace(field) ? null : Checked(field.Trim());
        return key switch
        {
            "commerce_reference" => this with { CommerceReference = value },
            "account_reference" => this with { AccountReference = value },
            "holding" => this with { Holding = value },
            "deferred" => this with { Deferred = value },
            "department" => this with { Department = value },
            "location" => this with { Location = value },
            "project" => this with { Project = value },
            "customer_dimension" => this with { DimensionCustomer = value },
            "period_closed_at" => this with { PeriodClosedAt = value },
            "ar_invoice_reference" => this with { ArInvoiceReference = value },
            "ar_adjustment_reference" => this with { ArAdjustmentReference = value },
            "ar_tax" => this with { ArTax = value },
            "ar_deferred" => this with { ArDeferred = value },
            "ar_department" => this with { ArDepartment = value },
            "ar_location" => this with { ArLocation = value },
            "ar_project" => this with { ArProject = value },
            "ar_customer_dimension" => this with { ArDimensionCustomer = value },
            _ => throw new ArgumentException($"unknown field key '{key}' (known: {string.Join(", ", Keys)})", nameof(key)),
        };
    }

    /// <summary>The set keys and their fields, in <see cref="Keys"/> order.</summary>
    public IReadOnlyList<(string Key, string Field)> Entries() =>
        [.. Keys.Select(k => (k, Get(k))).Where(e => e.Item2 is not null).Select(e => (e.k, e.Item2!))];

    private string? Get(string key) => key switch
    {
        "commerce_reference" => CommerceReference,
        "account_reference" => AccountReference,
        "holding" => Holding,
        "deferred" => Deferred,
        "department" => Department,
        "location" => Location,
        "project" => Project,
        "customer_dimension" => DimensionCustomer,
        "period_closed_at" => PeriodClosedAt,
        "ar_invoice_reference" => ArInvoiceReference,
        "ar_adjustment_reference" => ArAdjustmentReference,
        "ar_tax" => ArTax,
        "ar_deferred" => ArDeferred,
        "ar_department" => ArDepartment,
        "ar_location" => ArLocation,
        "ar_project" => ArProject,
        "ar_customer_dimension" => ArDimensionCustomer,
        _ => null,
    };

    private static string Checked(string field) =>
        field.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.')
            ? field.ToUpperInvariant()
            : throw new ArgumentException($"'{field}' is not an Intacct field name (letters, digits, '_' and '.')", nameof(field));
}

/// <summary>The names of the order-entry transaction definitions (<c>docparid</c>) read, as the company configured them.</summary>
public sealed record IntacctDocumentTypes
{
    public string SalesOrder { get; init; } = "Sales Order";

    public string SalesInvoice { get; init; } = "Sales Invoice";

    public string CreditMemo { get; init; } = "Sales Credit Memo";
}

/// <summary>
/// Where and as whom to read one Sage Intacct company over the XML gateway (DTD 3.0): the Web
/// Services sender (id and password, authorised in the company), the company, a dedicated Web
/// Services user and, in a multi-entity company, the entity the session is scoped to (none: the
/// top level, every entity). The two passwords are secrets: they are sent only inside the request
/// body and never appear in <see cref="ToString"/>, logs or errors. The address must be HTTPS
/// unless it is loopback (the simulator).
/// </summary>
public sealed class IntacctConnection
{
    public static readonly Uri DefaultAddress = new("https://api.intacct.com/ia/xml/xmlgw.phtml");

    public IntacctConnection(
        string senderId, string senderPassword, string companyId, string userId, string userPassword, string? entityId = null, Uri? address = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(senderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(senderPassword);
        ArgumentException.ThrowIfNullOrWhiteSpace(companyId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(userPassword);
        Address = Checked(address ?? DefaultAddress);
        SenderId = senderId.Trim();
        SenderPassword = senderPassword;
        CompanyId = companyId.Trim();
        UserId = userId.Trim();
        UserPassword = userPassword;
        EntityId = string.IsNullOrWhiteSpace(entityId) ? null : entityId.Trim();
    }

    public string SenderId { get; }

    public string CompanyId { get; }

    public string UserId { get; }

    /// <summary>The entity (<c>locationid</c>) the session is scoped to; null for the top level of a multi-entity company.</summary>
    public string? EntityId { get; }

    /// <summary>The XML gateway the login goes to; reads go to the endpoint the session names.</summary>
    public Uri Address { get; }

    /// <summary>The entity a record belongs to when Intacct leaves <c>MEGAENTITYID</c> empty (a single-entity company, or top-level records).</summary>
    public string DefaultEntity { get; init; } = "";

    /// <summary>The zone Intacct's <c>WHENMODIFIED</c> and other wall-clock times are in (they carry none).</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    public IntacctFieldMap Fields { get; init; } = new();

    public IntacctDocumentTypes DocumentTypes { get; init; } = new();

    /// <summary>The exchange rate type whose entries are period averages (the others are daily spot rates).</summary>
    public string AverageRateType { get; init; } = "Monthly Average";

    /// <summary>The platform-services custom object the commerce integration writes its log to; null when there is none.</summary>
    public string? SyncLogObject { get; init; } = "GW_SYNC_LOG";

    internal string SenderPassword { get; }

    internal string UserPassword { get; }

    /// <summary>The entity of a record: its <c>MEGAENTITYID</c>, else the session's entity, else <see cref="DefaultEntity"/> (else the company id).</summary>
    internal string EntityOf(string? megaEntityId) =>
        !string.IsNullOrWhiteSpace(megaEntityId) ? megaEntityId : EntityId ?? (DefaultEntity.Length > 0 ? DefaultEntity : CompanyId);

    public override string ToString() =>
        $"Sage Intacct company {CompanyId}{(EntityId is null ? "" : $" entity {EntityId}")} as {UserId} ({Address.Host})";

    private static Uri Checked(Uri address)
    {
        if (address.Scheme != Uri.UriSchemeHttps && !address.IsLoopback)
        {
            throw new ArgumentException($"the address must use https (got {address.Scheme}://{address.Host})", nameof(address));
        }

        return address;
    }
}
