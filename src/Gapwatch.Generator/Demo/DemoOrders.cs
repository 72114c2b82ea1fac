using Gapwatch.Model;

namespace Gapwatch.Generator.Demo;

/// <summary>
/// Commerce orders and what became of them in the ERP. Most orders are synced within the quarter
/// hour (Adobe Commerce in a nightly batch), invoiced a few days later at the day's spot rate and
/// now and then refunded; a small share is cancelled, stuck, split, deferred, posted to the wrong
/// entity, lost by the connector or posted late into a closed month: the everyday causes of the gap.
/// </summary>
internal sealed class DemoOrders(DemoRandom random, DemoClock clock, DemoMerchant merchant, DemoLedger ledger, DemoCustomers customers)
{
    private static readonly double[] HourWeights = [1, 0.6, 0.4, 0.3, 0.3, 0.5, 1, 2, 3, 4, 5, 5, 6, 6, 5, 5, 5, 5, 6, 7, 8, 7, 5, 3];
    private readonly Dictionary<DemoChannel, double[]> cumulativeWeights = [];
    private readonly Dictionary<string, IReadOnlyList<string>> metadata = new(StringComparer.Ordinal);
    private int orderSequence;

    private WorkspaceData Data => ledger.Data;

    /// <summary>Orders of the buyers the ERP knows (and of guests), placed over the whole history in time order.</summary>
    public void Stream(int count)
    {
        var weights = DemoChannel.All.Select(c => c.Weight).ToArray();
        foreach (var placedAt in PlacedTimes(count))
        {
            var channel = DemoChannel.All[random.Weighted(weights)];
            if (!channel.B2b && channel.Platform == Platform.Shopify && random.Chance(0.05))
            {
                Guest(channel, placedAt);
                continue;
            }

            var buyer = channel.B2b ? Company(channel) : customers.Shopper(channel, placedAt);
            // The Canadian company the field map overrides ships some orders to its US sites; they still post to Canada.
            var shipTo = buyer == customers.Overridden && random.Chance(0.3) ? "US" : null;
            var order = Place(buyer, placedAt, shipTo);
            Trail(order, buyer.Entity, buyer.ErpCustomerId ?? merchant.HoldingOf(buyer.Entity), channel.B2b);
        }
    }

    /// <summary>
    /// A storefront order for a buyer. Its department, location and (now and then) project are what the
    /// ERP posts it with; B2B orders also name their entity. Only Shopify carries them as order tags:
    /// BigCommerce and Adobe Commerce orders have no tags, so there they stay off the order (the ERP
    /// side keeps them) and routing goes by ship-to country.
    /// </summary>
    public CommerceOrder Place(DemoBuyer buyer, DateTimeOffset placedAt, string? shipTo = null, string? entityTag = null, CommerceOrderStatus? status = null)
    {
        var country = buyer.Country;
        var tags = new List<string>
        {
            $"department:{(buyer.Channel.B2b ? "200" : "100")}",
            $"location:{Location(buyer.Entity, country)}",
        };
        if (entityTag is not null || buyer.Channel.B2b)
        {
            tags.Add($"entity:{entityTag ?? (buyer.Entity == merchant.CaEntity ? "ca" : "us")}");
        }

        if (buyer.Channel.B2b && random.Chance(0.1))
        {
            tags.Add($"project:PRJ-26-{random.Between(1, 40):D3}");
        }

        return Order(buyer.Channel, buyer.Account.Id, country, placedAt, tags, shipTo ?? DemoNames.CountryCode(country), status);
    }

    /// <summary>The ERP side of one order, as its fate has it (see the class summary for the mix).</summary>
    public void Trail(CommerceOrder order, string entity, string customer, bool b2b)
    {
        var created = ErpCreatedAt(order);
        if (order.Status == CommerceOrderStatus.Draft || created > clock.AsOf.AddMinutes(10))
        {
            return; // quotes never sync; the rest is not pulled yet
        }

        var dimensions = new Dimensions(b2b ? "200" : "100", Tag(order, "location"), Tag(order, "project"), customer);
        var reference = order.Platform == Platform.AdobeCommerce ? order.Number! : order.Key;
        if (order.Status == CommerceOrderStatus.Cancelled)
        {
            if (random.Chance(0.6))
            {
                ledger.SalesOrder(entity, reference, customer, ErpOrderStatus.Cancelled, order.Currency, order.NetRevenue, created, dimensions);
            }

            return;
        }

        var roll = random.NextDouble();
        if (roll < 0.0012)
        {
            ledger.SyncAttempt(SyncObject.Order, order.Key, created, SyncOutcome.Failed, "Item NW-TENT-4P-GRN is blocked for sales; order not created");
            return;
        }

        ledger.SyncAttempt(SyncObject.Order, order.Key, created, SyncOutcome.Created);
        var status = roll switch
        {
            < 0.0052 => ErpOrderStatus.Released, // held in the other entity
            < 0.0082 => ErpOrderStatus.Cancelled, // cancelled in the ERP as a duplicate
            < 0.0142 => ErpOrderStatus.Shipped, // shipped, never invoiced
            _ => ErpOrderStatus.Invoiced,
        };
        var erpEntity = roll < 0.0052 ? Other(entity) : entity;
        if (status != ErpOrderStatus.Invoiced)
        {
            ledger.SalesOrder(erpEntity, reference, customer, status, order.Currency, order.NetRevenue, created, dimensions);
            return;
        }

        Invoice(order, new ErpSide(entity, customer, reference, dimensions, created), b2b);
    }

    /// <summary>Where an order sits in the ERP: entity, customer, its reference and dimensions, and when the sales order was created.</summary>
    private sealed record ErpSide(string Entity, string Customer, string Reference, Dimensions Dimensions, DateTimeOffset CreatedAt);

    private void Invoice(CommerceOrder order, ErpSide erp, bool b2b)
    {
        var posted = clock.DayOf(erp.CreatedAt).AddDays(b2b ? random.Between(0, 2) : random.Between(0, 1));
        var invoiceAt = clock.PostingRun(posted, random.Between(0, 150));
        if (invoiceAt < erp.CreatedAt)
        {
            posted = posted.AddDays(1);
            invoiceAt = clock.PostingRun(posted, random.Between(0, 150));
        }

        if (invoiceAt > clock.AsOf)
        {
            // Not invoiced yet: the everyday backlog of pending invoicing.
            ledger.SalesOrder(erp.Entity, erp.Reference, erp.Customer, b2b ? ErpOrderStatus.Released : ErpOrderStatus.Shipped, order.Currency, order.NetRevenue,
                erp.CreatedAt, erp.Dimensions);
            return;
        }

        invoiceAt = LatePostingIntoClosedMonth(posted) ?? invoiceAt;
        var net = order.NetRevenue;
        var partial = b2b && random.Chance(0.08);
        var invoiced = partial ? Math.Round(net * random.Percent(40, 80), 2)
            : order.Shipping > 0 && random.Chance(0.004) ? net - order.Shipping // the connector dropped the shipping line
            : net;
        var deferred = b2b && random.Chance(0.06) ? Math.Round(invoiced * random.Percent(15, 40), 2) : 0m;
        ledger.SalesOrder(erp.Entity, erp.Reference, erp.Customer, partial ? ErpOrderStatus.Shipped : ErpOrderStatus.Invoiced, order.Currency, net,
            erp.CreatedAt, erp.Dimensions);
        ledger.Invoice(erp.Entity, erp.Reference, erp.Customer, posted, invoiceAt, order.Currency, invoiced, deferred, erp.Dimensions);
        Refund(order, erp, invoiceAt, b2b);
    }

    /// <summary>Now and then an invoice is posted into a month after it was closed: the frozen GL figure leaves it out.</summary>
    private DateTimeOffset? LatePostingIntoClosedMonth(DateOnly posted)
    {
        var month = new DateOnly(posted.Year, posted.Month, 1);
        if (!clock.LockedMonths().Contains(month) || !random.Chance(0.01))
        {
            return null;
        }

        var late = clock.LockedAt(month).AddDays(random.Between(1, 3)).AddHours(random.Between(-6, 0));
        return late <= clock.AsOf ? late : null;
    }

    private void Refund(CommerceOrder order, ErpSide erp, DateTimeOffset invoicedAt, bool b2b)
    {
        if (!random.Chance(b2b ? 0.07 : 0.12))
        {
            return;
        }

        var at = invoicedAt.AddDays(random.Between(2, 21)).AddHours(random.Between(-6, 6));
        if (at > clock.AsOf)
        {
            return;
        }

        var share = random.Chance(0.55) ? 1m : random.Percent(10, 60);
        var tax = Math.Round(order.Tax * share, 2);
        var net = Math.Round(order.NetRevenue * share, 2);
        ledger.Refund(order, at, net + tax, tax);
        var posted = clock.DayOf(at).AddDays(random.Between(0, 2));
        var memoAt = clock.PostingRun(posted, random.Between(0, 150));
        if (memoAt <= clock.AsOf)
        {
            ledger.CreditMemo(erp.Entity, erp.Reference, erp.Customer, posted, memoAt, order.Currency, net, erp.Dimensions);
        }
    }

    private void Guest(DemoChannel channel, DateTimeOffset placedAt)
    {
        var country = random.Pick(channel.Countries);
        var entity = merchant.EntityOf(country);
        var order = Order(channel, null, country, placedAt, ["department:100", $"location:{Location(entity, country)}"], DemoNames.CountryCode(country), null);
        Trail(order, entity, merchant.HoldingOf(entity), b2b: false);
    }

    private CommerceOrder Order(
        DemoChannel channel, string? customerId, DemoCountry country, DateTimeOffset placedAt, List<string> tags, string shipTo, CommerceOrderStatus? status)
    {
        var amounts = DemoAmounts.Draw(random, channel.B2b, country);
        var sequence = ++orderSequence;
        var (id, number) = channel.Platform switch
        {
            Platform.Shopify => ((5_901_234_000_000L + (sequence * 13L)).ToString(), $"#{(channel.Countries[0] == DemoCountry.Canada ? "NWC" : "NW")}{10_000 + sequence}"),
            Platform.BigCommerce => ((100_000 + sequence).ToString(), (100_000 + sequence).ToString()),
            _ => ((500_000 + sequence).ToString(), (100_000_000 + sequence).ToString("D9")),
        };
        var order = new CommerceOrder(
            channel.Platform, id, number, customerId, placedAt, status ?? StatusOf(channel, placedAt), DemoChannel.CurrencyOf(country),
            amounts.Lines, amounts.Discounts, amounts.Shipping, amounts.Tax, amounts.TaxesIncluded, amounts.Total, shipTo,
            channel.Platform == Platform.Shopify ? tags : [], clock.ExportedAt);
        metadata[order.Key] = tags;
        Data.CommerceOrders.Add(order);
        return order;
    }

    /// <summary>
    /// A B2B checkout is now and then left unfinished. Only BigCommerce lists those with its orders
    /// (status 0, Incomplete); Shopify keeps draft orders and Adobe Commerce negotiable quotes apart from
    /// orders, and no card counts drafts, so there the same draw is an ordinary order.
    /// </summary>
    private CommerceOrderStatus StatusOf(DemoChannel channel, DateTimeOffset placedAt) =>
        random.Chance(channel.B2b ? 0.015 : 0.02) ? CommerceOrderStatus.Cancelled
        : channel.B2b && random.Chance(0.03) && channel.Platform == Platform.BigCommerce ? CommerceOrderStatus.Draft
        : placedAt > clock.AsOf.AddDays(-2) ? CommerceOrderStatus.Open
        : CommerceOrderStatus.Fulfilled;

    private DemoBuyer Company(DemoChannel channel)
    {
        var pool = customers.Pool(channel);
        if (!cumulativeWeights.TryGetValue(channel, out var cumulative))
        {
            var running = 0.0;
            cumulativeWeights[channel] = cumulative = [.. pool.Select(b => running += b.Weight)];
        }

        var index = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
        return pool[Math.Min(index < 0 ? ~index : index, pool.Count - 1)];
    }

    /// <summary>Order instants over the history, busier in the afternoon and evening (New York time), in time order.</summary>
    private List<DateTimeOffset> PlacedTimes(int count)
    {
        var start = clock.Local(clock.HistoryStart, 0).ToUnixTimeSeconds();
        var span = clock.AsOf.AddMinutes(-1).ToUnixTimeSeconds() - start;
        var times = new List<DateTimeOffset>(count);
        while (times.Count < count)
        {
            var at = DateTimeOffset.FromUnixTimeSeconds(start + (long)(random.NextDouble() * span)).ToOffset(clock.AsOf.Offset);
            if (random.NextDouble() * 8 < HourWeights[clock.HourOf(at)])
            {
                times.Add(at);
            }
        }

        times.Sort();
        return times;
    }

    private DateTimeOffset ErpCreatedAt(CommerceOrder order) =>
        order.Platform == Platform.AdobeCommerce ? clock.NextNightlyBatch(order.PlacedAt) : clock.NextSyncRun(order.PlacedAt.AddMinutes(1));

    private string Other(string entity) => entity == merchant.UsEntity ? merchant.CaEntity : merchant.UsEntity;

    private string Location(string entity, DemoCountry country) =>
        country is DemoCountry.Germany or DemoCountry.France or DemoCountry.Netherlands ? "NL-3PL"
        : entity == merchant.CaEntity ? "ON-DC"
        : random.Chance(0.6) ? "NJ-DC" : "NV-DC";

    /// <summary>What the merchant knows of an order beyond the platform's fields (department, location, project), tagged on the order or not.</summary>
    private string? Tag(CommerceOrder order, string prefix) =>
        metadata[order.Key].FirstOrDefault(t => t.StartsWith(prefix + ":", StringComparison.Ordinal))?[(prefix.Length + 1)..];
}
