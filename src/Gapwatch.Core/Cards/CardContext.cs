using Gapwatch.Matching;
using Gapwatch.Model;
using Gapwatch.Reconciliation.Input;
using Gapwatch.Time;
using Gapwatch.Workspace;

namespace Gapwatch.Cards;

/// <summary>What every card of one refresh is computed from: the facts, the field map and one as-of time.</summary>
public sealed class CardContext
{
    private bool[]? absentByOrder;
    private Customers.BuyerDirectory? directory;
    private Reconciliation.RevenueGapResult? gapRowsResult;
    private RevenueGap.GapDrill? gapRows;

    public CardContext(WorkspaceData data, WorkspaceSettings settings, DateTimeOffset asOf)
    {
        Data = data ?? throw new ArgumentNullException(nameof(data));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        AsOf = asOf;
        Calendar = WorkspaceCalendar.For(settings.TimeZone);
        Input = ReconciliationInputBuilder.Build(data, settings, asOf);
        Presence = new CustomerPresence(Input, settings.B2bMatchKeys, settings.DtcMatchKeys);
    }

    public WorkspaceData Data { get; }

    public WorkspaceSettings Settings { get; }

    public DateTimeOffset AsOf { get; }

    public WorkspaceCalendar Calendar { get; }

    public ReconciliationInput Input { get; }

    public CustomerPresence Presence { get; }

    public InputLabels Labels => Input.Labels ?? throw new InvalidOperationException("drill rows need labelled input");

    public DateOnly AsOfDay => Calendar.DayOf(AsOf);

    public CardWindow CustomerWindow => CardWindow.EndingOn(AsOfDay, Settings.Windows.CustomerCardDays);

    public CardWindow RevenueWindow => CardWindow.EndingOn(AsOfDay, Settings.Windows.RevenueGapDays);

    public IReadOnlyList<SourceStatus> Sources =>
        [.. Data.Sources.OrderBy(s => s.Source, StringComparer.Ordinal).Select(s => new SourceStatus(s.Source, s.LastSuccessfulSyncAt))];

    /// <summary>Per order: its buyer has no active match in the entity it should post to. Computed once.</summary>
    public bool[] AbsentByOrder => absentByOrder ??= Presence.AbsentByOrder();

    /// <summary>The buyers' names, accounts and cross-references, shared by the customer cards of this refresh. Built once.</summary>
    public Customers.BuyerDirectory Directory => directory ??= new Customers.BuyerDirectory(this);

    /// <summary>The drill rows of one revenue-gap result, built once and shared by cards 4.4 and 4.5.</summary>
    internal RevenueGap.GapDrill GapRows(Reconciliation.RevenueGapResult result, Func<RevenueGap.GapDrill> build)
    {
        if (!ReferenceEquals(gapRowsResult, result) || gapRows is null)
        {
            gapRows = build();
            gapRowsResult = result;
        }

        return gapRows;
    }

    public string EntityName(int slot) => slot switch
    {
        EntitySlot.Ambiguous => "ambiguous",
        EntitySlot.None => "unrouted",
        _ => Input.Entities[slot],
    };

    /// <summary>Net revenue of an order in reporting currency at its month's period-average rate.</summary>
    public Money ReportingValue(int order)
    {
        var orders = Input.Orders;
        if (!Input.Rates.TryGetAverage(orders.Currency[order], orders.PlacedMonth[order], out var rate))
        {
            throw new Reconciliation.MissingExchangeRateException(
                Input.Currencies[orders.Currency[order]].Code, Input.ReportingCurrency.Code, RateTable.MonthStart(orders.PlacedMonth[order]));
        }

        var minor = Input.ToReportingMinor(orders.NetMinor[order], orders.Currency[order], rate);
        return new Money(Input.ReportingCurrency.FromMinorUnits(minor), Input.ReportingCurrency);
    }

    public Money OrderCurrencyValue(int order)
    {
        var currency = Input.Currencies[Input.Orders.Currency[order]];
        return new Money(currency.FromMinorUnits(Input.Orders.NetMinor[order]), currency);
    }
}
