using Gapwatch.Model;

namespace Gapwatch.Cards;

/// <summary>Stable card keys (product spec §8).</summary>
public static class CardKeys
{
    public const string CustomersAbsent = "customers_absent";
    public const string B2bCustomersAbsentSync = "b2b_customers_absent_sync";
    public const string CustomersAbsentBlocked = "customers_absent_blocked";
    public const string RevenueGap = "revenue_gap";
    public const string RevenueGapBreakdown = "revenue_gap_breakdown";

    public static IReadOnlyList<string> All { get; } =
        [CustomersAbsent, B2bCustomersAbsentSync, CustomersAbsentBlocked, RevenueGap, RevenueGapBreakdown];
}

public enum Sentiment
{
    Ok = 1,
    Alert = 2,
    Stale = 3,
}

/// <summary>A card's window: whole days in the workspace time zone, both ends included.</summary>
public sealed record CardWindow(DateOnly Start, DateOnly End)
{
    public int Days => End.DayNumber - Start.DayNumber + 1;

    public bool Contains(DateOnly day) => day >= Start && day <= End;

    /// <summary>The trailing <paramref name="days"/> days ending on the as-of day, which is included.</summary>
    public static CardWindow EndingOn(DateOnly asOfDay, int days) =>
        new(asOfDay.AddDays(1 - days), asOfDay);
}

/// <summary>One group of a card's drill (a cohort, cause, customer type or reason).</summary>
public sealed record CardGroup(string Key, string Label, int Count, int Orders, Money? Amount);

/// <summary>One customer in an absent-customer worklist.</summary>
public sealed record CustomerRow(
    string Customer,
    string Name,
    string Type,
    string Group,
    IReadOnlyList<string> CommerceCustomers,
    IReadOnlyList<string> Orders,
    Money OrderValue,
    IReadOnlyList<Money> OrderValueInOrderCurrency,
    string ExpectedEntity,
    IReadOnlyList<string> Flags,
    string? SyncMessage,
    string? SyncLogId,
    string? Consequence);

/// <summary>One amount of the revenue gap: a commerce order or an unlinked ERP document, with its reason.</summary>
public sealed record GapRow(
    string? CommerceOrder,
    string? ErpDocument,
    string? Platform,
    string? Entity,
    string Reason,
    string ReasonLabel,
    Money Amount,
    Dimensions Dimensions,
    IReadOnlyList<string> Flags);

/// <summary>When each source last synced successfully; the card is computed at the earliest.</summary>
public sealed record SourceStatus(string Source, DateTimeOffset LastSuccessfulSyncAt);

/// <summary>
/// A computed card. Invariant: the rows add up to the headline (count of customer rows, or the sum
/// of gap row amounts), and so do the groups.
/// </summary>
public sealed record CardResult
{
    public required string Key { get; init; }

    public required string Title { get; init; }

    public required ErpKind Erp { get; init; }

    public required CardWindow Window { get; init; }

    public required DateTimeOffset AsOf { get; init; }

    public required decimal Headline { get; init; }

    /// <summary><c>count</c> or an ISO currency code.</summary>
    public required string Unit { get; init; }

    /// <summary>The currency of every amount on the card (group amounts, row values, money measures).</summary>
    public required string ReportingCurrency { get; init; }

    public required Sentiment Sentiment { get; init; }

    /// <summary>The figure the alert compares with its threshold (the headline, or Unknown for the revenue gap).</summary>
    public required decimal AlertFigure { get; init; }

    public required decimal Threshold { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    public required IReadOnlyList<CardGroup> Groups { get; init; }

    public IReadOnlyList<CustomerRow> CustomerRows { get; init; } = [];

    public IReadOnlyList<GapRow> GapRows { get; init; } = [];

    /// <summary>Figures beside the headline, by stable key (for example <c>gap_share_of_commerce</c>).</summary>
    public IReadOnlyDictionary<string, decimal> Measures { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Sentences a controller should read (a zero gap over a busy window, a structural gap).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public IReadOnlyList<SourceStatus> Sources { get; init; } = [];
}

/// <summary>One refresh: every card at one as-of time. Immutable once stored.</summary>
public sealed record RefreshSnapshot(long Id, DateTimeOffset ComputedAt, DateTimeOffset AsOf, IReadOnlyList<CardResult> Cards);

public sealed record TrendPoint(long SnapshotId, DateTimeOffset ComputedAt, DateTimeOffset AsOf, decimal Headline, Sentiment Sentiment);
