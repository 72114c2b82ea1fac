using Gapwatch.Model;

namespace Gapwatch.Generator.Seeds;

/// <summary>
/// Writes the facts of a worked example as records, with readable ids and one clock: every
/// record is versioned at the workspace's export time, so re-importing changes nothing.
/// </summary>
public sealed class SeedBuilder(DateTimeOffset exportedAt, TimeSpan offset)
{
    private int sequence;

    public WorkspaceData Data { get; } = new();

    public DateTimeOffset ExportedAt { get; } = exportedAt;

    /// <summary>A local wall-clock time in the workspace's zone (fixed offset for the example's dates).</summary>
    public DateTimeOffset At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, offset);

    public static DateOnly Day(int month, int day) => new(2026, month, day);

    public string NextId(string prefix) => $"{prefix}{++sequence:D5}";

    public CommerceCustomer Customer(
        Platform platform, string id, string name, string? email, string? company = null, bool b2b = false, string? vat = null,
        string? accountReference = null, string? postcode = null, string country = "US", DateTimeOffset? created = null,
        string? mergedInto = null, string? phone = null)
    {
        var customer = new CommerceCustomer(
            platform, id, email, phone, name, company, b2b, b2b ? "Wholesale" : null, [], vat, accountReference, postcode, country,
            created ?? At(1, 5, 10), mergedInto, ExportedAt);
        Data.CommerceCustomers.Add(customer);
        return customer;
    }

    /// <summary>An order whose net revenue (total − tax) is exactly <paramref name="net"/>.</summary>
    public CommerceOrder Order(
        Platform platform, string? customerId, DateTimeOffset placedAt, decimal net, string currency = "USD",
        CommerceOrderStatus status = CommerceOrderStatus.Fulfilled, decimal taxRate = 0m, string[]? tags = null, string shipTo = "US")
    {
        var id = NextId(platform switch { Platform.Shopify => "S", Platform.BigCommerce => "B", _ => "A" });
        var tax = Math.Round(net * taxRate, 2, MidpointRounding.AwayFromZero);
        var shipping = Math.Round(net * 0.04m, 2, MidpointRounding.AwayFromZero);
        var order = new CommerceOrder(
            platform, id, "#" + id, customerId, placedAt, status, currency, net - shipping, 0m, shipping, tax, false, net + tax,
            shipTo, tags ?? [], ExportedAt);
        Data.CommerceOrders.Add(order);
        return order;
    }

    public ErpCustomer ErpCustomer(
        string entity, string id, string name, string? email, string? vat = null, string? accountReference = null,
        string? postcode = null, ErpCustomerStatus status = ErpCustomerStatus.Active, bool holding = false, string country = "US")
    {
        var customer = new ErpCustomer(entity, id, name, email, null, vat, accountReference, postcode, country, status, holding, ExportedAt);
        Data.ErpCustomers.Add(customer);
        return customer;
    }

    public ErpSalesOrder ErpOrder(
        string entity, CommerceOrder order, string? customerId, ErpOrderStatus status, DateTimeOffset created, Dimensions? dimensions = null)
    {
        var erpOrder = new ErpSalesOrder(
            entity, NextId("SO-"), order.Key, customerId, status, order.Currency, order.NetRevenue, created, dimensions ?? Dimensions.None, ExportedAt);
        Data.ErpSalesOrders.Add(erpOrder);
        return erpOrder;
    }

    public ErpDocument Invoice(
        string entity, CommerceOrder order, string? customerId, DateOnly posted, decimal rate = 1m, decimal? net = null,
        Dimensions? dimensions = null, decimal deferred = 0m)
    {
        var invoice = new ErpDocument(
            ErpDocumentKind.Invoice, entity, NextId("INV-"), order.Key, customerId, posted,
            new DateTimeOffset(posted.ToDateTime(new TimeOnly(20, 0)), offset), order.Currency, net ?? order.NetRevenue, rate, deferred, true,
            dimensions ?? Dimensions.None, ExportedAt);
        Data.ErpDocuments.Add(invoice);
        return invoice;
    }

    public ErpDocument CreditMemo(string entity, CommerceOrder order, string? customerId, DateOnly posted, decimal net, Dimensions? dimensions = null)
    {
        var memo = new ErpDocument(
            ErpDocumentKind.CreditMemo, entity, NextId("CM-"), order.Key, customerId, posted,
            new DateTimeOffset(posted.ToDateTime(new TimeOnly(20, 0)), offset), order.Currency, net, 1m, 0m, true,
            dimensions ?? Dimensions.None, ExportedAt);
        Data.ErpDocuments.Add(memo);
        Data.CommerceRefunds.Add(new CommerceRefund(
            order.Platform, NextId("R"), order.Id, memo.CreatedAt.AddHours(-30), net, 0m, order.Currency, ExportedAt));
        return memo;
    }

    public void AverageRate(string from, string to, int month, decimal rate) =>
        Data.ExchangeRates.Add(new ExchangeRate(from, to, ExchangeRateKind.PeriodAverage, Day(month, 1), rate, ExportedAt));

    public void SyncAttempt(SyncObject what, string reference, DateTimeOffset at, SyncOutcome outcome, string? message = null) =>
        Data.SyncLog.Add(new SyncLogEntry(NextId("LOG-"), what, reference, at, outcome, message, ExportedAt));

    public void Sources(DateTimeOffset lastSync, params string[] sources)
    {
        foreach (var source in sources)
        {
            Data.Sources.Add(new SourceFreshness(source, lastSync, ExportedAt));
        }
    }

    /// <summary>
    /// Orders placed across the window and invoiced in full a day later (booked = commerce), the
    /// first <see cref="InvoicedBatch.CreditMemos"/> of them with a credit memo the day after.
    /// </summary>
    public void InvoicedOrders(InvoicedBatch batch, Func<int, InvoicedOrder> describe)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(describe);
        var amounts = Split(batch.Total, batch.Count, 0.4m);
        var memos = batch.CreditMemos == 0 ? [] : Split(batch.MemoTotal, batch.CreditMemos, 0.2m);
        for (var i = 0; i < amounts.Length; i++)
        {
            var target = describe(i);
            var placed = batch.FirstPlacedAt.AddDays(i % batch.Days).AddHours(i % 10);
            var order = Order(batch.Platform, target.Customer.Id, placed, amounts[i], taxRate: batch.TaxRate, tags: target.Tags);
            ErpOrder(target.Entity, order, target.ErpCustomerId, ErpOrderStatus.Invoiced, placed.AddMinutes(10), target.Dimensions);
            var posted = DateOnly.FromDateTime(placed.AddDays(1).DateTime);
            Invoice(target.Entity, order, target.ErpCustomerId, posted, dimensions: target.Dimensions);
            if (i < memos.Length)
            {
                CreditMemo(target.Entity, order, target.ErpCustomerId, posted.AddDays(1), memos[i], target.Dimensions);
            }
        }
    }

    /// <summary>Splits <paramref name="total"/> into <paramref name="count"/> amounts that vary around the mean and add up exactly.</summary>
    public static decimal[] Split(decimal total, int count, decimal spread = 0.3m)
    {
        var amounts = new decimal[count];
        var mean = Math.Round(total / count, 0, MidpointRounding.AwayFromZero);
        var sum = 0m;
        for (var i = 0; i + 1 < count - 1; i += 2)
        {
            // Pairs move in opposite directions so the last amount stays near the mean.
            var wobble = ((((i / 2) * 7) % 11) - 5) / 5m * spread;
            amounts[i] = Math.Round(mean * (1 + wobble), 0, MidpointRounding.AwayFromZero);
            amounts[i + 1] = (2 * mean) - amounts[i];
            sum += 2 * mean;
        }

        if (count % 2 == 0 && count >= 2)
        {
            amounts[count - 2] = mean;
            sum += mean;
        }

        amounts[^1] = total - sum;
        return amounts;
    }
}

/// <summary>A run of fully invoiced orders: their total, count, where they start and how many days they spread over.</summary>
public sealed record InvoicedBatch(
    Platform Platform, decimal Total, int Count, DateTimeOffset FirstPlacedAt, int Days, int CreditMemos, decimal MemoTotal, decimal TaxRate);

/// <summary>Who one invoiced order belongs to, on both sides.</summary>
public sealed record InvoicedOrder(CommerceCustomer Customer, string Entity, string ErpCustomerId, Dimensions Dimensions, string[] Tags);
