using System.Runtime.CompilerServices;
using Gapwatch.Model;
using Gapwatch.Reconciliation.Input;

namespace Gapwatch.Reconciliation;

/// <summary>An order's invoices that count in the window's GL figure, in reporting minor units.</summary>
internal readonly record struct InvoicedTotals(
    int Count, long Booked, long FullBooked, long FullAtAverage, long NetMinor, short Currency, bool MixedCurrency);

/// <summary>
/// The joins the revenue gap needs, built once per computation: each commerce order's primary ERP
/// order and its invoices (compressed rows), which documents count in the GL figure and what they
/// book, and the window's rates and locks as dense tables.
/// </summary>
internal sealed class OrderLinks
{
    private const byte InvoiceKind = (byte)ErpDocumentKind.Invoice;
    private const byte CreditMemoKind = (byte)ErpDocumentKind.CreditMemo;
    private const byte Draft = (byte)CommerceOrderStatus.Draft;

    private readonly ReconciliationInput input;
    private readonly RevenueGapWindow window;
    private readonly bool[] countsInGl;
    private readonly long[] booked;
    private readonly long[] full;
    private int[] invoiceStart = [];
    private int[] invoices = [];

    private OrderLinks(ReconciliationInput input, RevenueGapWindow window)
    {
        this.input = input;
        this.window = window;
        countsInGl = new bool[input.Documents.Count];
        booked = new long[input.Documents.Count];
        full = new long[input.Documents.Count];
        Averages = input.Rates.Dense(
            input,
            RateTable.MonthIndex(DateOnly.FromDayNumber(Math.Max(window.StartDay, 0))),
            RateTable.MonthIndex(DateOnly.FromDayNumber(Math.Clamp(window.EndDay, 0, DateOnly.MaxValue.DayNumber))));
        Locks = input.Locks.ForDays(window.StartDay, window.EndDay);
        PrimaryErpOrder = [];
    }

    public int[] PrimaryErpOrder { get; private set; }

    /// <summary>Period-average rates of the window's months, prepared for integer translation.</summary>
    public DenseRates Averages { get; }

    /// <summary>Closed periods over the window's days.</summary>
    public LockDays Locks { get; }

    public static OrderLinks Build(ReconciliationInput input, RevenueGapWindow window)
    {
        var links = new OrderLinks(input, window);
        var docs = input.Documents.Count;
        if (input.Orders.Count + docs < 8_192)
        {
            links.PrimaryErpOrder = ErpOrderPrecedence.PrimaryByOrder(input);
            (links.invoiceStart, links.invoices) = InvoicesByOrder(input);
            links.ClassifyDocuments(0, docs);
            return links;
        }

        Parallel.Invoke(
            () => links.PrimaryErpOrder = ErpOrderPrecedence.PrimaryByOrder(input),
            () => (links.invoiceStart, links.invoices) = InvoicesByOrder(input),
            () => links.ClassifyDocuments(0, docs / 2),
            () => links.ClassifyDocuments(docs / 2, docs));
        return links;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CountsInGl(int document) => countsInGl[document];

    /// <summary>What an invoice adds to GL revenue: net less deferred, at the booked rate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Booked(int document) => booked[document];

    /// <summary>A counted document's whole net at its booked rate.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Full(int document) => full[document];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool InPopulation(int order)
    {
        var orders = input.Orders;
        var day = orders.PlacedDay[order];
        return day >= window.StartDay && day <= window.EndDay && orders.Status[order] != Draft && orders.PlacedAt[order] <= input.AsOf;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasAnyInvoice(int order) => invoiceStart[order + 1] > invoiceStart[order];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public InvoicedTotals InvoicedInWindow(int order)
    {
        var docs = input.Documents;
        int count = 0;
        long bookedSum = 0, fullSum = 0, atAverage = 0, net = 0;
        short currency = -1;
        var mixed = false;
        var month = input.Orders.PlacedMonth[order];
        for (var i = invoiceStart[order]; i < invoiceStart[order + 1]; i++)
        {
            var d = invoices[i];
            if (!countsInGl[d])
            {
                continue;
            }

            var documentCurrency = docs.Currency[d];
            if (!Averages.TryGet(documentCurrency, month, out var average))
            {
                throw new MissingExchangeRateException(
                    input.Currencies[documentCurrency].Code, input.ReportingCurrency.Code, RateTable.MonthStart(month));
            }

            count++;
            bookedSum += booked[d];
            fullSum += full[d];
            atAverage += input.ToReportingMinor(docs.NetMinor[d], average);
            net += docs.NetMinor[d];
            mixed |= currency >= 0 && currency != documentCurrency;
            currency = documentCurrency;
        }

        return new InvoicedTotals(count, bookedSum, fullSum, atAverage, net, currency, mixed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ClassifyDocuments(int from, int to)
    {
        var docs = input.Documents;
        var (posted, createdAt, kinds, currencies, rates, net, deferred) =
            (docs.PostedDay, docs.CreatedAt, docs.Kind, docs.Currency, docs.Rate, docs.NetMinor, docs.DeferredMinor);
        var (startDay, endDay, asOf) = (window.StartDay, window.EndDay, input.AsOf);
        for (var d = from; d < to; d++)
        {
            var day = posted[d];
            if (day < startDay || day > endDay || createdAt[d] > asOf || PostedAfterLock(d))
            {
                continue;
            }

            countsInGl[d] = true;
            var kind = kinds[d];
            if (kind != InvoiceKind && kind != CreditMemoKind)
            {
                continue;
            }

            var rate = input.PrepareRate(currencies[d], rates[d]);
            var whole = input.ToReportingMinor(net[d], rate);
            full[d] = whole;
            if (kind == InvoiceKind)
            {
                booked[d] = deferred[d] == 0 ? whole : input.ToReportingMinor(net[d] - deferred[d], rate);
            }
        }
    }

    /// <summary>A locked period's GL side is frozen: documents created after the lock are not part of it.</summary>
    private bool PostedAfterLock(int document)
    {
        var docs = input.Documents;
        return input.Locks.Count > 0
            && Locks.TryFind(docs.Entity[document], docs.PostedDay[document], out var lockedAt)
            && docs.CreatedAt[document] > lockedAt;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int[] Start, int[] Items) InvoicesByOrder(ReconciliationInput input)
    {
        var docs = input.Documents;
        var (orderOf, kind, createdAt, asOf) = (docs.Order, docs.Kind, docs.CreatedAt, input.AsOf);
        var start = new int[input.Orders.Count + 1];
        for (var d = 0; d < orderOf.Length; d++)
        {
            if (orderOf[d] >= 0 && kind[d] == InvoiceKind && createdAt[d] <= asOf)
            {
                start[orderOf[d] + 1]++;
            }
        }

        for (var i = 1; i < start.Length; i++)
        {
            start[i] += start[i - 1];
        }

        // Filled back to front, decrementing the end offsets: no second copy of the offsets.
        var items = new int[start[^1]];
        for (var d = orderOf.Length - 1; d >= 0; d--)
        {
            if (orderOf[d] >= 0 && kind[d] == InvoiceKind && createdAt[d] <= asOf)
            {
                items[--start[orderOf[d] + 1]] = d;
            }
        }

        // Each group's end offset now holds its start: shift down by one group.
        for (var i = 0; i < start.Length - 1; i++)
        {
            start[i] = start[i + 1];
        }

        start[^1] = items.Length;
        return (start, items);
    }
}

/// <summary>
/// Which ERP sales order stands for a commerce order that has several (a cancel and re-create, a
/// double sync into two entities): the engine and the drill rows share this one rule, so record
/// order never decides.
/// </summary>
internal static class ErpOrderPrecedence
{
    private const byte ErpCancelled = (byte)ErpOrderStatus.Cancelled;

    /// <summary>
    /// Per commerce order, its primary ERP order or -1: only those created by the as-of time; a live
    /// one before a cancelled one; then the earliest created; then the lowest id, then entity (the
    /// slot where the input carries no labels).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int[] PrimaryByOrder(ReconciliationInput input)
    {
        var primary = new int[input.Orders.Count];
        Array.Fill(primary, -1);
        var erp = input.ErpOrders;
        for (var e = 0; e < erp.Count; e++)
        {
            var order = erp.Order[e];
            if (order < 0 || erp.CreatedAt[e] > input.AsOf)
            {
                continue;
            }

            var current = primary[order];
            if (current < 0 || Precedes(input, e, current))
            {
                primary[order] = e;
            }
        }

        return primary;
    }

    /// <summary>Whether ERP order <paramref name="e"/> is preferred to <paramref name="current"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Precedes(ReconciliationInput input, int e, int current)
    {
        var erp = input.ErpOrders;
        var cancelled = erp.Status[e] == ErpCancelled;
        var currentCancelled = erp.Status[current] == ErpCancelled;
        if (cancelled != currentCancelled)
        {
            return currentCancelled;
        }

        if (erp.CreatedAt[e] != erp.CreatedAt[current])
        {
            return erp.CreatedAt[e] < erp.CreatedAt[current];
        }

        if (input.Labels is { } labels)
        {
            var (candidate, incumbent) = (labels.ErpOrders[e], labels.ErpOrders[current]);
            var byId = string.CompareOrdinal(candidate.Id, incumbent.Id);
            var byLabel = byId != 0 ? byId : string.CompareOrdinal(candidate.Entity, incumbent.Entity);
            if (byLabel != 0)
            {
                return byLabel < 0;
            }
        }

        return e < current;
    }
}

/// <summary>Totals and lines of one slice of the computation; slices merge by addition.</summary>
internal sealed class Accumulator(bool collectLines, int capacity)
{
    private readonly long[] reasonMinor = new long[10];
    private readonly int[] reasonLines = new int[10];
    private GapLine[] lines = collectLines ? new GapLine[capacity] : [];
    private int lineCount;
    private long commerce;
    private long gl;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddCommerce(long amount) => commerce += amount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void AddGl(long amount) => gl += amount;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(GapLine line)
    {
        reasonMinor[(int)line.Reason] += line.AmountMinor;
        reasonLines[(int)line.Reason]++;
        if (!collectLines)
        {
            return;
        }

        if (lineCount == lines.Length)
        {
            Array.Resize(ref lines, lines.Length * 2);
        }

        lines[lineCount++] = line;
    }

    /// <summary>The slices' totals added and their lines concatenated in slice order, copied once.</summary>
    public static Accumulator Combine(Accumulator[] parts, bool collectLines)
    {
        var total = 0;
        foreach (var part in parts)
        {
            total += part.lineCount;
        }

        var combined = new Accumulator(collectLines, collectLines ? total : 0);
        foreach (var part in parts)
        {
            combined.commerce += part.commerce;
            combined.gl += part.gl;
            for (var i = 0; i < combined.reasonMinor.Length; i++)
            {
                combined.reasonMinor[i] += part.reasonMinor[i];
                combined.reasonLines[i] += part.reasonLines[i];
            }

            if (collectLines)
            {
                Array.Copy(part.lines, 0, combined.lines, combined.lineCount, part.lineCount);
                combined.lineCount += part.lineCount;
            }
        }

        return combined;
    }

    public RevenueGapResult ToResult()
    {
        var result = lines;
        if (result.Length != lineCount)
        {
            Array.Resize(ref result, lineCount);
        }

        return new RevenueGapResult
        {
            CommerceMinor = commerce,
            GlMinor = gl,
            ReasonMinor = reasonMinor,
            ReasonLines = reasonLines,
            Lines = result,
        };
    }
}
