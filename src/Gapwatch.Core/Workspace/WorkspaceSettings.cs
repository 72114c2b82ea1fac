using Gapwatch.Model;

namespace Gapwatch.Workspace;

/// <summary>The customer keys the matcher may use, in the order the field map tries them.</summary>
public enum MatchKey
{
    VatNumber = 1,
    AccountReference = 2,
    Email = 3,
}

/// <summary>
/// One merchant's configuration: the field map of the product spec §3. Built and validated by the
/// workspace file loader; the core trusts it.
/// </summary>
public sealed record WorkspaceSettings
{
    public required string Name { get; init; }

    public required ErpKind Erp { get; init; }

    public IReadOnlyList<Platform> Platforms { get; init; } = [Platform.Shopify, Platform.BigCommerce, Platform.AdobeCommerce];

    /// <summary>The ERP entities (Intacct entities, BC companies, F&amp;O legal entities) this workspace posts to.</summary>
    public IReadOnlyList<string> Entities { get; init; } = [];

    public required Currency ReportingCurrency { get; init; }

    /// <summary>IANA time zone id; posting dates and windows are days in this zone.</summary>
    public string TimeZone { get; init; } = "UTC";

    public IReadOnlyList<MatchKey> B2bMatchKeys { get; init; } = [MatchKey.VatNumber, MatchKey.AccountReference, MatchKey.Email];

    public IReadOnlyList<MatchKey> DtcMatchKeys { get; init; } = [MatchKey.Email];

    public B2bRule B2bRule { get; init; } = new();

    public EntityRouting EntityRouting { get; init; } = new();

    /// <summary>ERP customer ids that are generic parking records (for example "WEB SALES"); never a match.</summary>
    public IReadOnlyList<string> HoldingCustomers { get; init; } = [];

    /// <summary>Commerce order tag prefixes that carry ERP dimensions (tag <c>department:200</c>).</summary>
    public DimensionMap DimensionMap { get; init; } = new();

    public Tolerances Tolerances { get; init; } = new();

    public CardWindows Windows { get; init; } = new();

    public AlertThresholds Thresholds { get; init; } = new();

    /// <summary>How often the server refreshes this workspace on its own.</summary>
    public RefreshSchedule Schedule { get; init; } = new();

    /// <summary>Where fired alerts are delivered (webhooks) and what they link to.</summary>
    public AlertDeliverySettings AlertDelivery { get; init; } = new();

    /// <summary>Minimum score (0–1) for a secondary-key match to flag a suspected duplicate.</summary>
    public double SuspectedDuplicateThreshold { get; init; } = Matching.SecondaryKeyOptions.DefaultThreshold;

    public IReadOnlyList<MatchKey> MatchKeysFor(bool isB2b) => isB2b ? B2bMatchKeys : DtcMatchKeys;
}

/// <summary>Which storefront signal marks a customer B2B: a company account, a customer group, or a tag.</summary>
public sealed record B2bRule
{
    public bool CompanyAccount { get; init; } = true;

    public IReadOnlyList<string> CustomerGroups { get; init; } = ["Wholesale", "B2B"];

    public IReadOnlyList<string> Tags { get; init; } = ["b2b", "wholesale"];

    public bool IsB2b(CommerceCustomer customer)
    {
        ArgumentNullException.ThrowIfNull(customer);
        if (CompanyAccount && customer.CompanyAccount)
        {
            return true;
        }

        if (customer.CustomerGroup is { } group && CustomerGroups.Any(g => string.Equals(g, group, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return customer.Tags.Any(t => Tags.Any(b => string.Equals(b, t, StringComparison.OrdinalIgnoreCase)));
    }
}

/// <summary>
/// How an order finds the entity it should post to. A per-customer override wins; otherwise the tag
/// rule and the ship-to-country rule each may name an entity: one distinct answer decides, none
/// falls back to <see cref="DefaultEntity"/>, and two different answers are ambiguous.
/// </summary>
public sealed record EntityRouting
{
    public string? DefaultEntity { get; init; }

    /// <summary>Tag prefix whose value names the entity key in <see cref="ByTagValue"/> (tag <c>entity:east</c>).</summary>
    public string TagPrefix { get; init; } = "entity";

    public IReadOnlyDictionary<string, string> ByTagValue { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> ByShipToCountry { get; init; } = new Dictionary<string, string>();

    /// <summary>Keyed by commerce customer reference (<c>bigcommerce:42</c>).</summary>
    public IReadOnlyDictionary<string, string> CustomerOverrides { get; init; } = new Dictionary<string, string>();
}

/// <summary>Tag prefixes on commerce orders that carry each ERP dimension where no ERP document does.</summary>
public sealed record DimensionMap
{
    public string DepartmentTag { get; init; } = "department";

    public string LocationTag { get; init; } = "location";

    public string ProjectTag { get; init; } = "project";
}

public sealed record Tolerances
{
    /// <summary>A customer created within this many minutes before the as-of time is "lagging", not failed.</summary>
    public int SyncLagMinutes { get; init; } = 15;

    /// <summary>Orders placed within this many hours before the window end may post after it.</summary>
    public int PeriodBoundaryHours { get; init; } = 48;
}

public sealed record CardWindows
{
    public int CustomerCardDays { get; init; } = 7;

    public int RevenueGapDays { get; init; } = 30;
}

public sealed record AlertThresholds
{
    public int CustomersAbsent { get; init; } = 10;

    /// <summary>Optional separate threshold for the B2B subset of card 4.1; none by default.</summary>
    public int? CustomersAbsentB2b { get; init; }

    public int B2bCustomersAbsentSync { get; init; } = 10;

    public int CustomersAbsentBlocked { get; init; } = 10;

    /// <summary>Alert when the Unknown reason exceeds this amount, in reporting currency.</summary>
    public decimal RevenueGapUnknown { get; init; } = 10_000m;
}
