using System.Globalization;
using Gapwatch.Cards;
using Gapwatch.Cards.RevenueGap;
using Gapwatch.Model;
using Gapwatch.Reconciliation;
using Gapwatch.Time;
using Gapwatch.Workspace;

namespace Gapwatch.Core.Tests.Reconciliation;

/// <summary>
/// Properties of every card over generated workspaces (<see cref="RandomWorkspaces"/>), for every
/// ERP. Case counts are per ERP; seeds are fixed so CI runs the same cases every time.
/// </summary>
public sealed class RevenueGapPropertyTests
{
    public static TheoryData<ErpKind> Erps => [.. RandomWorkspaces.Erps];

    private static void Check(ErpKind erp, int cases, ulong seed, Action<RandomWorkspace> assert, string name) =>
        Property.Check(RandomWorkspaces.For(erp), cases, seed, assert, $"{name} [{erp.Key()}]");

    private static IReadOnlyList<CardResult> Cards(RandomWorkspace w) => CardEngine.ComputeAll(w.Data, w.Settings, w.AsOf);

    /// <summary>The reasons, the drill rows and the groups each add up to the headline, to the minor unit, on both revenue-gap cards.</summary>
    [Theory]
    [MemberData(nameof(Erps))]
    public void RevenueGap_ReasonsRowsAndGroups_AddUpToTheHeadlineExactly(ErpKind erp) =>
        Check(erp, 1_000, 1, w =>
        {
            var cards = Cards(w);
            var currency = w.Settings.ReportingCurrency;
            foreach (var card in cards.Where(c => c.Key is CardKeys.RevenueGap or CardKeys.RevenueGapBreakdown))
            {
                Assert.Equal(currency.Code, card.Unit);
                Assert.Equal(currency.Round(card.Headline), card.Headline);
                Assert.Equal(card.Headline, card.Measures["commerce_revenue"] - card.Measures["gl_booked_revenue"]);
                Assert.Equal(GapReasons.All.Select(r => r.Key()), card.Groups.Select(g => g.Key));
                Assert.Equal(GapReasons.All.Select(r => r.Label(erp)), card.Groups.Select(g => g.Label));
                Assert.Equal(card.Headline, card.Groups.Sum(g => g.Amount!.Value.Amount));
                Assert.Equal(card.Headline, card.GapRows.Sum(r => r.Amount.Amount));
                Assert.All(card.GapRows, r =>
                {
                    Assert.Equal(currency, r.Amount.Currency);
                    Assert.Equal(currency.Round(r.Amount.Amount), r.Amount.Amount);
                    Assert.True(GapReasons.TryParse(r.Reason, out var reason));
                    Assert.Equal(reason.Label(erp), r.ReasonLabel);
                });
                foreach (var group in card.Groups)
                {
                    var members = card.GapRows.Where(r => r.Reason == group.Key).ToList();
                    Assert.Equal(group.Amount!.Value.Amount, members.Sum(r => r.Amount.Amount));
                    Assert.Equal(group.Count, members.Count);
                }

                Assert.Equal(card.AlertFigure, card.Groups.Single(g => g.Key == "unknown").Amount!.Value.Amount);
            }

            var gap = cards.Single(c => c.Key == CardKeys.RevenueGap);
            var breakdown = cards.Single(c => c.Key == CardKeys.RevenueGapBreakdown);
            Assert.Equal(gap.Headline, breakdown.Headline);
            Assert.Equal(Canonical.Rows(gap), Canonical.Rows(breakdown));
        }, nameof(RevenueGap_ReasonsRowsAndGroups_AddUpToTheHeadlineExactly));

    /// <summary>
    /// The headline is what the spec defines, computed here straight from the records: commerce
    /// revenue (orders placed in the window, not drafts, net of tax at the month's period average,
    /// rounded per order) minus GL-booked revenue (commerce-sourced invoices posted in the window less
    /// their deferred part, minus credit memos, at the booked rate, rounded per document, leaving out
    /// documents created after the lock of their period).
    /// </summary>
    [Theory]
    [MemberData(nameof(Erps))]
    public void RevenueGap_Headline_IsCommerceRevenueLessGlBookedRevenue(ErpKind erp) =>
        Check(erp, 1_000, 10_000, w =>
        {
            var reference = new ReferenceModel(w);
            var card = Cards(w).Single(c => c.Key == CardKeys.RevenueGap);
            Assert.Equal(reference.Commerce, card.Measures["commerce_revenue"]);
            Assert.Equal(reference.GlBooked, card.Measures["gl_booked_revenue"]);
            Assert.Equal(reference.Commerce - reference.GlBooked, card.Headline);
        }, nameof(RevenueGap_Headline_IsCommerceRevenueLessGlBookedRevenue));

    /// <summary>
    /// Each order of the window is attributed by exactly one rule: one row with the first reason that
    /// fits (precedence voided, multi-entity routing, unmapped customer, period boundary, pending
    /// invoicing), or, when invoiced, its split into deferred / pending / FX / unknown with each part
    /// once; its rows add up to its commerce revenue less its booked invoices. Orders outside the
    /// window carry no order row.
    /// </summary>
    [Theory]
    [MemberData(nameof(Erps))]
    public void RevenueGap_EachOrder_IsAttributedByExactlyOneRule(ErpKind erp) =>
        Check(erp, 1_000, 20_000, w =>
        {
            var reference = new ReferenceModel(w);
            var context = new CardContext(w.Data, w.Settings, w.AsOf);
            var result = RevenueGapCards.Compute(context);
            var minor = w.Settings.ReportingCurrency.MinorFactor;
            var byOrder = result.Lines.Where(l => l.Document < 0).GroupBy(l => l.Order).ToDictionary(g => g.Key, g => g.ToList());
            Assert.DoesNotContain(-1, byOrder.Keys);
            for (var o = 0; o < w.Data.CommerceOrders.Count; o++)
            {
                var order = w.Data.CommerceOrders[o];
                var lines = byOrder.GetValueOrDefault(o) ?? [];
                if (!reference.InPopulation(order))
                {
                    Assert.Empty(lines);
                    continue;
                }

                var expected = reference.ExpectedRule(order, context.AbsentByOrder[o]);
                var reasons = lines.Select(l => l.Reason).ToList();
                Assert.Equal(reasons.Distinct().Count(), reasons.Count);
                if (expected is { } single)
                {
                    Assert.Equal([single], reasons);
                }
                else
                {
                    Assert.All(reasons, r => Assert.Contains(r, SplitReasons));
                }

                var difference = reference.CommerceOf(order) - reference.BookedInvoicesOf(order);
                Assert.Equal(difference, lines.Sum(l => l.AmountMinor) / (decimal)minor);
            }

            // Document rows: credit memos in the window, and invoices not carried by an order of the window.
            Assert.All(result.Lines.Where(l => l.Document >= 0), l =>
                Assert.Contains(l.Reason, new[] { GapReason.CreditMemo, GapReason.PeriodBoundary, GapReason.Unknown }));
            Assert.Equal(result.GapMinor, result.Lines.Sum(l => l.AmountMinor));
            Assert.Equal(result.GapMinor, result.ReasonMinor.Sum());
        }, nameof(RevenueGap_EachOrder_IsAttributedByExactlyOneRule));

    private static readonly GapReason[] SplitReasons =
        [GapReason.RevenueDeferred, GapReason.PendingInvoicing, GapReason.FxTranslation, GapReason.Unknown];

    /// <summary>Every card comes out the same whatever order the records arrive in (every list of the workspace shuffled).</summary>
    [Theory]
    [MemberData(nameof(Erps))]
    public void Cards_AreIndependentOfRecordOrder(ErpKind erp) =>
        Check(erp, 500, 30_000, w =>
        {
            var shuffled = Shuffled(w.Data, w.GetHashCode());
            var before = Cards(w);
            var after = CardEngine.ComputeAll(shuffled, w.Settings, w.AsOf);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.Equal(Canonical.Card(before[i]), Canonical.Card(after[i]));
            }
        }, nameof(Cards_AreIndependentOfRecordOrder));

    /// <summary>
    /// A commerce order double-synced live into two entities: the ERP order that stands for it (and so
    /// every card figure and drill row) is the same whether the ERP orders arrive in one order or the
    /// other — the engine and the drill rows share one tie-break (earliest created, lowest id).
    /// </summary>
    [Theory]
    [MemberData(nameof(Erps))]
    public void DoubleSync_IntoTwoEntities_GivesTheSameCardsWhateverTheRecordOrder(ErpKind erp)
    {
        var seen = 0;
        Check(erp, 300, 50_000, w =>
        {
            var live = w.Data.ErpSalesOrders
                .Where(e => e.Status != ErpOrderStatus.Cancelled && e.CreatedAt <= w.AsOf && e.ExternalOrderReference is not null)
                .GroupBy(e => e.ExternalOrderReference!.Trim(), StringComparer.Ordinal);
            if (!live.Any(g => g.Select(e => e.Entity).Distinct(StringComparer.Ordinal).Count() > 1))
            {
                return;
            }

            seen++;
            var before = Cards(w);
            var reversed = CardEngine.ComputeAll(ErpOrdersReversed(w.Data), w.Settings, w.AsOf);
            for (var i = 0; i < before.Count; i++)
            {
                Assert.Equal(Canonical.Card(before[i]), Canonical.Card(reversed[i]));
            }

            var gap = before.Single(c => c.Key == CardKeys.RevenueGap);
            Assert.Equal(gap.Headline, gap.GapRows.Sum(r => r.Amount.Amount));
        }, nameof(DoubleSync_IntoTwoEntities_GivesTheSameCardsWhateverTheRecordOrder));
        Assert.True(seen > 20, $"only {seen} workspaces had a double sync");
    }

    private static WorkspaceData ErpOrdersReversed(WorkspaceData data)
    {
        var copy = new WorkspaceData();
        foreach (var record in data.All().Where(r => r is not ErpSalesOrder))
        {
            copy.Add(record);
        }

        foreach (var record in data.ErpSalesOrders.AsEnumerable().Reverse())
        {
            copy.Add(record);
        }

        return copy;
    }

    /// <summary>
    /// The revenue-gap drill's entity filter (<c>gapwatch card revenue_gap --entity X</c> keeps rows whose
    /// entity is X) partitions the rows: every row has an entity, and the per-entity figures add up
    /// to the all-entity headline. Rows name only ERP records known at the as-of time.
    /// </summary>
    [Theory]
    [MemberData(nameof(Erps))]
    public void RevenueGap_PerEntityFigures_AddUpToTheAllEntityHeadline(ErpKind erp) =>
        Check(erp, 500, 40_000, w =>
        {
            foreach (var card in Cards(w).Where(c => c.Key is CardKeys.RevenueGap or CardKeys.RevenueGapBreakdown))
            {
                Assert.All(card.GapRows, r => Assert.False(string.IsNullOrEmpty(r.Entity)));
                var perEntity = card.GapRows.Select(r => r.Entity!).Distinct(StringComparer.Ordinal)
                    .Select(e => card.GapRows.Where(r => r.Entity == e).Sum(r => r.Amount.Amount));
                Assert.Equal(card.Headline, perEntity.Sum());

                // A row names only ERP records known at the as-of time.
                var known = w.Data.ErpDocuments.Where(d => d.CreatedAt <= w.AsOf).Select(d => d.Id)
                    .Concat(w.Data.ErpSalesOrders.Where(e => e.CreatedAt <= w.AsOf).Select(e => e.Id)).ToHashSet(StringComparer.Ordinal);
                Assert.All(card.GapRows.Where(r => r.ErpDocument is not null), r => Assert.Contains(r.ErpDocument!, known));
            }
        }, nameof(RevenueGap_PerEntityFigures_AddUpToTheAllEntityHeadline));

    internal static WorkspaceData Shuffled(WorkspaceData data, int seed)
    {
        var random = new Random(seed);
        var records = data.All().GroupBy(r => r.Kind).SelectMany(g =>
        {
            var list = g.ToList();
            for (var i = list.Count - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (list[i], list[j]) = (list[j], list[i]);
            }

            return list;
        });
        var copy = new WorkspaceData();
        foreach (var record in records)
        {
            copy.Add(record);
        }

        return copy;
    }

    /// <summary>The spec's rules restated over records, without the engine's columns.</summary>
    private sealed class ReferenceModel
    {
        private readonly RandomWorkspace w;
        private readonly WorkspaceCalendar calendar;
        private readonly Currency reporting;
        private readonly DateOnly start;
        private readonly DateOnly end;
        private readonly DateTimeOffset windowEndsAt;
        private readonly EntityRouter router;

        public ReferenceModel(RandomWorkspace w)
        {
            this.w = w;
            calendar = WorkspaceCalendar.For(w.Settings.TimeZone);
            reporting = w.Settings.ReportingCurrency;
            end = calendar.DayOf(w.AsOf);
            start = end.AddDays(1 - w.Settings.Windows.RevenueGapDays);
            windowEndsAt = calendar.EndOf(end);
            router = new EntityRouter(w.Settings);
        }

        public decimal Commerce => w.Data.CommerceOrders.Where(InPopulation).Sum(CommerceOf);

        public decimal GlBooked => w.Data.ErpDocuments.Where(CountsInGl).Sum(d => d.DocumentKind == ErpDocumentKind.Invoice ? Booked(d) : -Translate(d.NetAmount, d.ExchangeRate));

        public bool InPopulation(CommerceOrder order)
        {
            var day = calendar.DayOf(order.PlacedAt);
            return order.Status != CommerceOrderStatus.Draft && order.PlacedAt <= w.AsOf && day >= start && day <= end;
        }

        public decimal CommerceOf(CommerceOrder order) => Translate(order.NetRevenue, Average(order.Currency, calendar.DayOf(order.PlacedAt)));

        public decimal BookedInvoicesOf(CommerceOrder order) => InvoicesOf(order).Where(CountsInGl).Sum(Booked);

        /// <summary>The single reason of the precedence rule, or null when the order's difference splits.</summary>
        public GapReason? ExpectedRule(CommerceOrder order, bool buyerAbsent)
        {
            var erpOrders = w.Data.ErpSalesOrders.Where(e => Resolves(e.ExternalOrderReference, order) && e.CreatedAt <= w.AsOf).ToList();
            // Live before cancelled, then earliest created, then lowest id (then entity): never record order.
            var primary = erpOrders
                .OrderBy(e => e.Status == ErpOrderStatus.Cancelled)
                .ThenBy(e => e.CreatedAt)
                .ThenBy(e => e.Id, StringComparer.Ordinal)
                .ThenBy(e => e.Entity, StringComparer.Ordinal)
                .FirstOrDefault();
            var counted = InvoicesOf(order).Count(CountsInGl);
            var route = router.Route(order);
            if (order.Status == CommerceOrderStatus.Cancelled || primary?.Status == ErpOrderStatus.Cancelled)
            {
                return GapReason.Voided;
            }

            if (primary is not null && !route.Ambiguous && route.Entity is not null && primary.Entity != route.Entity)
            {
                return GapReason.MultiEntityRouting;
            }

            if (primary is null && !InvoicesOf(order).Any() && buyerAbsent)
            {
                return GapReason.UnmappedCustomer;
            }

            var tolerance = TimeSpan.FromHours(w.Settings.Tolerances.PeriodBoundaryHours);
            if (order.PlacedAt >= windowEndsAt - tolerance && counted == 0 && (primary is null || primary.CreatedAt >= windowEndsAt))
            {
                return GapReason.PeriodBoundary;
            }

            return primary is not null && counted == 0 ? GapReason.PendingInvoicing : null;
        }

        /// <summary>Commerce-sourced invoices linked to the order, known at the as-of time (any posting date).</summary>
        private IEnumerable<ErpDocument> InvoicesOf(CommerceOrder order) =>
            w.Data.ErpDocuments.Where(d => d.CommerceSourced && d.DocumentKind == ErpDocumentKind.Invoice && d.CreatedAt <= w.AsOf
                && Resolves(d.ExternalOrderReference, order));

        /// <summary>The qualified <c>platform:id</c>, else a bare id or number exactly one order has.</summary>
        private bool Resolves(string? reference, CommerceOrder order)
        {
            if (string.IsNullOrWhiteSpace(reference))
            {
                return false;
            }

            var trimmed = reference.Trim();
            var orders = w.Data.CommerceOrders;
            if (orders.Any(o => o.Key == trimmed))
            {
                return order.Key == trimmed;
            }

            var bare = orders.Where(o => o.Id == trimmed || o.Number == trimmed).ToList();
            return bare.Count == 1 && bare[0] == order;
        }

        private bool CountsInGl(ErpDocument d) =>
            d.CommerceSourced && d.PostedOn >= start && d.PostedOn <= end && d.CreatedAt <= w.AsOf
            && !w.Data.PeriodLocks.Any(l => l.Entity == d.Entity && l.Contains(d.PostedOn) && d.CreatedAt > l.LockedAt);

        private decimal Booked(ErpDocument invoice) => Translate(invoice.NetAmount - invoice.DeferredAmount, invoice.ExchangeRate);

        private decimal Translate(decimal amount, decimal rate) => reporting.Round(amount * rate);

        private decimal Average(string currency, DateOnly day) =>
            currency == reporting.Code
                ? 1m
                : w.Data.ExchangeRates.Single(r => r.RateKind == ExchangeRateKind.PeriodAverage && r.From == currency && r.To == reporting.Code
                    && r.EffectiveOn == new DateOnly(day.Year, day.Month, 1)).Rate;
    }
}

/// <summary>Cards as text, with rows in a canonical order, so two computations can be compared exactly.</summary>
internal static class Canonical
{
    public static string Card(CardResult card) => string.Join(
        Environment.NewLine,
        new[]
        {
            $"{card.Key} {card.Title} {card.Erp} {card.Window} {card.Headline.ToString(CultureInfo.InvariantCulture)} {card.Unit} {card.Sentiment} {card.AlertFigure} {card.Threshold}",
            string.Join("; ", card.Groups.Select(g => $"{g.Key}|{g.Label}|{g.Count}|{g.Orders}|{g.Amount}")),
            string.Join("; ", card.Measures.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value}")),
            string.Join("; ", card.Notes),
        }.Concat(Rows(card)));

    public static IReadOnlyList<string> Rows(CardResult card) =>
    [
        .. card.GapRows.Select(r =>
            $"{r.CommerceOrder}|{r.ErpDocument}|{r.Platform}|{r.Entity}|{r.Reason}|{r.ReasonLabel}|{r.Amount}|{r.Dimensions}|{string.Join(",", r.Flags)}")
            .Concat(card.CustomerRows.Select(r =>
                $"{r.Customer}|{r.Name}|{r.Type}|{r.Group}|{string.Join(",", r.CommerceCustomers)}|{string.Join(",", r.Orders)}|{r.OrderValue}|" +
                $"{string.Join(",", r.OrderValueInOrderCurrency)}|{r.ExpectedEntity}|{string.Join(",", r.Flags)}|{r.SyncMessage}|{r.SyncLogId}|{r.Consequence}"))
            .Order(StringComparer.Ordinal),
    ];
}
