using Gapwatch.Model;
using Gapwatch.Reconciliation;
using Gapwatch.Reconciliation.Input;

namespace Gapwatch.Cards.RevenueGap;

/// <summary>Cards 4.4 (the headline by reason) and 4.5 (the same drill as the controller's worklist).</summary>
public static class RevenueGapCards
{
    /// <summary>Above this share of commerce revenue the gap is structural, not timing.</summary>
    private const decimal StructuralShare = 0.20m;

    /// <summary>Below this many orders in the window a zero gap is not suspicious.</summary>
    private const int BusyWindowOrders = 20;

    public static RevenueGapResult Compute(CardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return RevenueGapEngine.Compute(context.Input, Window(context), context.AbsentByOrder);
    }

    /// <summary>The drill rows of a result, ranked and formatted now (the cards format them on first read).</summary>
    public static IReadOnlyList<GapRow> DrillRows(CardContext context, RevenueGapResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        return GapRowFactory.Rows(context, result);
    }

    public static RevenueGapWindow Window(CardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var window = context.RevenueWindow;
        return new RevenueGapWindow(
            window.Start.DayNumber,
            window.End.DayNumber,
            context.Calendar.EndOf(window.End).ToUnixTimeSeconds(),
            context.Settings.Tolerances.PeriodBoundaryHours * 3600L);
    }

    public static CardResult RevenueGap(CardContext context, RevenueGapResult result) =>
        Card(context, result, CardKeys.RevenueGap);

    public static CardResult RevenueGapBreakdown(CardContext context, RevenueGapResult result) =>
        Card(context, result, CardKeys.RevenueGapBreakdown);

    private static CardResult Card(CardContext context, RevenueGapResult result, string key)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        var currency = context.Settings.ReportingCurrency;
        var rows = context.GapRows(result, () => new GapDrill(result.Lines.Length, () => GapRowFactory.Rows(context, result)));
        var unknown = currency.FromMinorUnits(result.ReasonMinor[(int)GapReason.Unknown]);
        var threshold = context.Settings.Thresholds.RevenueGapUnknown;
        return new CardResult
        {
            Key = key,
            Title = CardCatalog.Title(key, context.Settings.Erp),
            Erp = context.Settings.Erp,
            Window = context.RevenueWindow,
            AsOf = context.AsOf,
            Headline = currency.FromMinorUnits(result.GapMinor),
            Unit = currency.Code,
            ReportingCurrency = context.Settings.ReportingCurrency.Code,
            Sentiment = unknown > threshold ? Sentiment.Alert : Sentiment.Ok,
            AlertFigure = unknown,
            Threshold = threshold,
            Roles = CardCatalog.Roles(key),
            Groups = Groups(context, result),
            GapRows = rows,
            Measures = Measures(result, currency),
            Notes = Notes(context, result),
            Sources = context.Sources,
        };
    }

    /// <summary>
    /// Per reason: its drill lines, the distinct commerce orders among them, its amount. Read off the
    /// engine's lines, so the groups never wait for the drill rows to be formatted.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static List<CardGroup> Groups(CardContext context, RevenueGapResult result)
    {
        var currency = context.Settings.ReportingCurrency;
        // Indexed by the reason's value (1..9), as ReasonMinor is; a bit per reason marks an order seen.
        var lines = new int[GapReasons.All.Count + 1];
        var orders = new int[GapReasons.All.Count + 1];
        var seen = new ushort[context.Input.Orders.Count];
        foreach (var line in result.Lines)
        {
            var reason = (int)line.Reason;
            lines[reason]++;
            var bit = (ushort)(1 << reason);
            if (line.Order >= 0 && (seen[line.Order] & bit) == 0)
            {
                seen[line.Order] |= bit;
                orders[reason]++;
            }
        }

        return
        [
            .. GapReasons.All.Select(reason => new CardGroup(
                reason.Key(),
                reason.Label(context.Settings.Erp),
                lines[(int)reason],
                orders[(int)reason],
                new Money(currency.FromMinorUnits(result.ReasonMinor[(int)reason]), currency))),
        ];
    }

    private static Dictionary<string, decimal> Measures(RevenueGapResult result, Currency currency)
    {
        var measures = new Dictionary<string, decimal>
        {
            ["commerce_revenue"] = currency.FromMinorUnits(result.CommerceMinor),
            ["gl_booked_revenue"] = currency.FromMinorUnits(result.GlMinor),
            ["gap_share_of_commerce"] = Share(result.GapMinor, result.CommerceMinor),
        };
        foreach (var reason in GapReasons.All)
        {
            measures["share_" + reason.Key()] = Share(result.ReasonMinor[(int)reason], result.GapMinor);
        }

        return measures;
    }

    /// <summary>A ratio rounded to four decimals (0.1332 = 13.32%), zero when the base is zero.</summary>
    private static decimal Share(long part, long whole) =>
        whole == 0 ? 0m : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);

    private static List<string> Notes(CardContext context, RevenueGapResult result)
    {
        var notes = new List<string>();
        var ordersInWindow = CountOrdersInWindow(context);
        if (result.GapMinor == 0 && ordersInWindow >= BusyWindowOrders)
        {
            notes.Add("The gap is zero over a busy window: check that every connector is still pulling orders.");
        }

        if (result.CommerceMinor > 0 && Share(result.GapMinor, result.CommerceMinor) > StructuralShare)
        {
            notes.Add("The gap is above 20% of commerce revenue: something structural is wrong with the integration or accounting policy.");
        }

        return notes;
    }

    /// <summary>Orders of the commerce-revenue population: placed in the window by the as-of time, not drafts.</summary>
    private static int CountOrdersInWindow(CardContext context)
    {
        var orders = context.Input.Orders;
        var window = context.RevenueWindow;
        var (first, last, asOf) = (window.Start.DayNumber, window.End.DayNumber, context.Input.AsOf);
        var count = 0;
        for (var o = 0; o < orders.Count; o++)
        {
            if (orders.PlacedDay[o] >= first && orders.PlacedDay[o] <= last && orders.PlacedAt[o] <= asOf
                && orders.Status[o] != (byte)CommerceOrderStatus.Draft)
            {
                count++;
            }
        }

        return count;
    }
}

/// <summary>Turns engine lines into drill rows with ids, labels and dimensions.</summary>
internal static class GapRowFactory
{
    public static List<GapRow> Rows(CardContext context, RevenueGapResult result)
    {
        var labels = context.Labels;
        var currency = context.Settings.ReportingCurrency;
        var primary = ErpOrderPrecedence.PrimaryByOrder(context.Input); // the engine's own rule
        var invoiceByOrder = FirstInvoiceByOrder(context.Input, RevenueGapCards.Window(context));
        var rows = new List<GapRow>(result.Lines.Length);
        foreach (var line in result.Lines)
        {
            var order = line.Order >= 0 ? labels.Orders[line.Order] : null;
            var document = line.Document >= 0 ? labels.Documents[line.Document] : null;
            var erpOrder = line.Order >= 0 && primary[line.Order] >= 0 ? labels.ErpOrders[primary[line.Order]] : null;
            var invoice = document ?? (line.Order >= 0 && invoiceByOrder[line.Order] >= 0 ? labels.Documents[invoiceByOrder[line.Order]] : null);
            rows.Add(new GapRow(
                CommerceOrder: order?.Key,
                ErpDocument: document?.Id ?? invoice?.Id ?? erpOrder?.Id,
                Platform: order?.Platform.Key(),
                Entity: document?.Entity ?? erpOrder?.Entity ?? (line.Order >= 0 ? context.EntityName(context.Input.Orders.ExpectedEntity[line.Order]) : null),
                Reason: line.Reason.Key(),
                ReasonLabel: line.Reason.Label(context.Settings.Erp),
                Amount: new Money(currency.FromMinorUnits(line.AmountMinor), currency),
                Dimensions: DimensionsFor(context, invoice, erpOrder, order),
                Flags: line.PeriodLocked ? ["period locked"] : []));
        }

        rows.Sort((a, b) => b.Amount.Amount.CompareTo(a.Amount.Amount));
        return rows;
    }

    /// <summary>From the ERP document where there is one, else from the commerce order's tags through the field map.</summary>
    private static Dimensions DimensionsFor(CardContext context, ErpDocument? invoice, ErpSalesOrder? erpOrder, CommerceOrder? order)
    {
        var fromErp = invoice?.Dimensions ?? erpOrder?.Dimensions ?? Dimensions.None;
        if (erpOrder is not null)
        {
            fromErp = fromErp.Or(erpOrder.Dimensions);
        }

        return order is null ? fromErp : fromErp.Or(FromTags(context, order));
    }

    private static Dimensions FromTags(CardContext context, CommerceOrder order)
    {
        var map = context.Settings.DimensionMap;
        return new Dimensions(Tag(order, map.DepartmentTag), Tag(order, map.LocationTag), Tag(order, map.ProjectTag), order.CustomerId);
    }

    private static string? Tag(CommerceOrder order, string prefix)
    {
        var start = prefix + ":";
        var tag = order.Tags.FirstOrDefault(t => t.StartsWith(start, StringComparison.OrdinalIgnoreCase));
        return tag?[start.Length..].Trim();
    }

    /// <summary>
    /// The invoice an order's row names: one known at the as-of time, posted in the window if any is,
    /// the earliest posted, then the lowest id, so record order never decides.
    /// </summary>
    private static int[] FirstInvoiceByOrder(ReconciliationInput input, RevenueGapWindow window)
    {
        var docs = input.Documents;
        var labels = input.Labels!.Documents;
        var first = new int[input.Orders.Count];
        Array.Fill(first, -1);
        for (var d = 0; d < docs.Count; d++)
        {
            var o = docs.Order[d];
            if (o < 0 || docs.Kind[d] != (byte)ErpDocumentKind.Invoice || docs.CreatedAt[d] > input.AsOf)
            {
                continue;
            }

            if (first[o] < 0 || Precedes(d, first[o]))
            {
                first[o] = d;
            }
        }

        return first;

        bool Precedes(int a, int b)
        {
            var aOutside = docs.PostedDay[a] < window.StartDay || docs.PostedDay[a] > window.EndDay;
            var bOutside = docs.PostedDay[b] < window.StartDay || docs.PostedDay[b] > window.EndDay;
            if (aOutside != bOutside)
            {
                return bOutside;
            }

            return docs.PostedDay[a] != docs.PostedDay[b]
                ? docs.PostedDay[a] < docs.PostedDay[b]
                : string.CompareOrdinal(labels[a].Id, labels[b].Id) < 0;
        }
    }
}
