using System.Runtime.CompilerServices;
using Gapwatch.Model;
using Gapwatch.Reconciliation.Input;

namespace Gapwatch.Reconciliation;

/// <summary>The window and tolerances one revenue-gap computation runs with.</summary>
/// <param name="StartDay">First day of the window (<see cref="DateOnly.DayNumber"/>).</param>
/// <param name="EndDay">Last day of the window, included.</param>
/// <param name="WindowEndsAt">The first instant after the window, Unix seconds.</param>
/// <param name="BoundaryToleranceSeconds">Orders placed this close before the window end may post after it.</param>
public readonly record struct RevenueGapWindow(int StartDay, int EndDay, long WindowEndsAt, long BoundaryToleranceSeconds);

/// <summary>One amount of the gap: a commerce order (or an ERP document not carried by one) and its reason.</summary>
public readonly record struct GapLine(int Order, int Document, GapReason Reason, long AmountMinor, bool PeriodLocked);

/// <summary>
/// The revenue gap in reporting-currency minor units. Invariant:
/// <c>CommerceMinor − GlMinor == Σ ReasonMinor == Σ Lines.AmountMinor</c>.
/// </summary>
public sealed class RevenueGapResult
{
    public required long CommerceMinor { get; init; }

    public required long GlMinor { get; init; }

    /// <summary>Totals indexed by <see cref="GapReason"/> value (index 0 unused).</summary>
    public required long[] ReasonMinor { get; init; }

    /// <summary>Lines (orders or documents) carried by each reason, indexed like <see cref="ReasonMinor"/>.</summary>
    public required int[] ReasonLines { get; init; }

    public required GapLine[] Lines { get; init; }

    public long GapMinor => CommerceMinor - GlMinor;
}

/// <summary>
/// Attributes every cent of commerce revenue minus GL-booked revenue to one reason
/// (docs/reconciliation.md). Reads flat columns only and splits orders across two cores.
/// </summary>
public static class RevenueGapEngine
{
    private const byte Cancelled = (byte)CommerceOrderStatus.Cancelled;
    private const byte Draft = (byte)CommerceOrderStatus.Draft;
    private const byte ErpCancelled = (byte)ErpOrderStatus.Cancelled;
    private const byte ErpInvoiced = (byte)ErpOrderStatus.Invoiced;
    private const byte CreditMemoKind = (byte)ErpDocumentKind.CreditMemo;

    /// <param name="input">The workspace's columns.</param>
    /// <param name="window">The window and tolerances.</param>
    /// <param name="buyerAbsent">Per order: its buyer has no active match in the entity it should post to.</param>
    /// <param name="collectLines">False when only totals are wanted (benchmarks of the headline).</param>
    public static RevenueGapResult Compute(ReconciliationInput input, RevenueGapWindow window, bool[] buyerAbsent, bool collectLines = true)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(buyerAbsent);
        var links = OrderLinks.Build(input, window);
        var parts = AttributeInParallel(input, window, links, buyerAbsent, collectLines);
        return Accumulator.Combine(parts, collectLines).ToResult();
    }

    /// <summary>
    /// Document slices, then order slices, each into its own accumulator, all on the cores at once;
    /// combined in that order, so the lines come out in the same order however the work was scheduled.
    /// </summary>
    private static Accumulator[] AttributeInParallel(
        ReconciliationInput input, RevenueGapWindow window, OrderLinks links, bool[] buyerAbsent, bool collectLines)
    {
        var orders = input.Orders.Count;
        var documents = input.Documents.Count;
        var partitions = orders + documents < 8_192 ? 1 : Math.Max(1, Math.Min(Environment.ProcessorCount, 8));
        var parts = new Accumulator[2 * partitions];
        if (partitions == 1)
        {
            parts[0] = AttributeDocuments(input, window, links, collectLines, 0, documents);
            parts[1] = AttributeRange(input, window, links, buyerAbsent, collectLines, 0, orders);
            return parts;
        }

        try
        {
            Parallel.For(0, parts.Length, i =>
            {
                var p = i % partitions;
                var count = i < partitions ? documents : orders;
                var from = (int)((long)count * p / partitions);
                var to = (int)((long)count * (p + 1) / partitions);
                parts[i] = i < partitions
                    ? AttributeDocuments(input, window, links, collectLines, from, to)
                    : AttributeRange(input, window, links, buyerAbsent, collectLines, from, to);
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1 || e.InnerExceptions.All(x => x is MissingExchangeRateException))
        {
            // Callers handle a missing rate as a failed refresh; they must see it, not the Parallel wrapper.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        return parts;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Accumulator AttributeRange(
        ReconciliationInput input, RevenueGapWindow window, OrderLinks links, bool[] buyerAbsent, bool collectLines, int from, int to)
    {
        // Most orders are fully booked and add no line: start at one line per 16 orders and let it
        // double, rather than reserve (and zero) half a line per order on the large-object heap.
        var accumulator = new Accumulator(collectLines, Math.Max(1024, (to - from) / 16));
        var attributor = new OrderAttributor(input, window, links, buyerAbsent, accumulator);
        for (var order = from; order < to; order++)
        {
            attributor.Attribute(order);
        }

        return accumulator;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static Accumulator AttributeDocuments(ReconciliationInput input, RevenueGapWindow window, OrderLinks links, bool collectLines, int from, int to)
    {
        var docs = input.Documents;
        var accumulator = new Accumulator(collectLines, 1024);
        for (var d = from; d < to; d++)
        {
            if (!links.CountsInGl(d))
            {
                continue;
            }

            var locked = links.Locks.AnyLocked(docs.Entity[d], docs.PostedDay[d]);
            if (docs.Kind[d] == CreditMemoKind)
            {
                var memo = links.Full(d);
                accumulator.AddGl(-memo);
                accumulator.Add(new GapLine(docs.Order[d], d, GapReason.CreditMemo, memo, locked));
                continue;
            }

            var booked = links.Booked(d);
            accumulator.AddGl(booked);
            var order = docs.Order[d];
            if (order >= 0 && links.InPopulation(order))
            {
                continue; // carried by its order's line
            }

            var reason = order >= 0 && input.Orders.PlacedDay[order] < window.StartDay ? GapReason.PeriodBoundary : GapReason.Unknown;
            accumulator.Add(new GapLine(order, d, reason, -booked, locked));
        }

        return accumulator;
    }

    /// <summary>Decides one order's reason (first rule that fits wins) and splits invoiced orders.</summary>
    private readonly struct OrderAttributor(
        ReconciliationInput input, RevenueGapWindow window, OrderLinks links, bool[] buyerAbsent, Accumulator accumulator)
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Attribute(int order)
        {
            if (!links.InPopulation(order))
            {
                return;
            }

            var orders = input.Orders;
            if (!links.Averages.TryGet(orders.Currency[order], orders.PlacedMonth[order], out var average))
            {
                throw MissingRate(order, orders.Currency[order]);
            }

            var commerce = input.ToReportingMinor(orders.NetMinor[order], average);
            accumulator.AddCommerce(commerce);
            var invoiced = links.InvoicedInWindow(order);
            var difference = commerce - invoiced.Booked;
            var locked = links.Locks.AnyLocked(orders.ExpectedEntity[order], orders.PlacedDay[order]);
            var reason = SingleReason(order, invoiced);
            if (reason != 0)
            {
                accumulator.Add(new GapLine(order, -1, reason, difference, locked));
                return;
            }

            SplitInvoiced(order, commerce, invoiced, locked);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private GapReason SingleReason(int order, InvoicedTotals invoiced)
        {
            var orders = input.Orders;
            var erpOrder = links.PrimaryErpOrder[order];
            var erp = input.ErpOrders;
            if (orders.Status[order] == Cancelled || (erpOrder >= 0 && erp.Status[erpOrder] == ErpCancelled))
            {
                return GapReason.Voided;
            }

            var expected = orders.ExpectedEntity[order];
            if (erpOrder >= 0 && expected >= 0 && erp.Entity[erpOrder] != expected)
            {
                return GapReason.MultiEntityRouting;
            }

            if (erpOrder < 0 && !links.HasAnyInvoice(order) && buyerAbsent[order])
            {
                return GapReason.UnmappedCustomer;
            }

            var nearEnd = orders.PlacedAt[order] >= window.WindowEndsAt - window.BoundaryToleranceSeconds;
            if (nearEnd && invoiced.Count == 0 && (erpOrder < 0 || erp.CreatedAt[erpOrder] >= window.WindowEndsAt))
            {
                return GapReason.PeriodBoundary;
            }

            return erpOrder >= 0 && invoiced.Count == 0 ? GapReason.PendingInvoicing : 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void SplitInvoiced(int order, long commerce, InvoicedTotals invoiced, bool locked)
        {
            var deferred = invoiced.FullBooked - invoiced.Booked;
            var fx = invoiced.FullAtAverage - invoiced.FullBooked;
            var pending = UninvoicedRemainder(order, invoiced);
            var unknown = commerce - invoiced.FullAtAverage - pending;
            AddPart(order, GapReason.RevenueDeferred, deferred, locked);
            AddPart(order, GapReason.PendingInvoicing, pending, locked);
            AddPart(order, GapReason.FxTranslation, fx, locked);
            AddPart(order, GapReason.Unknown, unknown, locked);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void AddPart(int order, GapReason reason, long amount, bool locked)
        {
            if (amount != 0)
            {
                accumulator.Add(new GapLine(order, -1, reason, amount, locked));
            }
        }

        /// <summary>Partial invoicing: the part of the ERP order no invoice has covered yet, at the period average.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private long UninvoicedRemainder(int order, InvoicedTotals invoiced)
        {
            var erpOrder = links.PrimaryErpOrder[order];
            if (erpOrder < 0 || invoiced.MixedCurrency || input.ErpOrders.Status[erpOrder] == ErpInvoiced
                || input.ErpOrders.Currency[erpOrder] != invoiced.Currency)
            {
                return 0;
            }

            var remainder = input.ErpOrders.NetMinor[erpOrder] - invoiced.NetMinor;
            if (remainder <= 0 || !links.Averages.TryGet(invoiced.Currency, input.Orders.PlacedMonth[order], out var average))
            {
                return 0;
            }

            return input.ToReportingMinor(remainder, average);
        }

        private MissingExchangeRateException MissingRate(int order, short currency) => new(
            input.Currencies[currency].Code,
            input.ReportingCurrency.Code,
            RateTable.MonthStart(input.Orders.PlacedMonth[order]));
    }
}

/// <summary>A commerce order's currency has no period-average rate into the reporting currency for its month.</summary>
public sealed class MissingExchangeRateException(string from, string to, DateOnly month)
    : Exception($"no period-average exchange rate {from}→{to} for {month:yyyy-MM}: add it to exchange_rates")
{
    public string From { get; } = from;

    public string To { get; } = to;

    public DateOnly Month { get; } = month;
}
