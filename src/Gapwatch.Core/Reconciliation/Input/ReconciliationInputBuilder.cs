using Gapwatch.Matching;
using Gapwatch.Model;
using Gapwatch.Time;
using Gapwatch.Workspace;

namespace Gapwatch.Reconciliation.Input;

/// <summary>
/// Turns stored records into flat columns: interns currencies, entities and normalised keys,
/// joins storefront accounts into buyers, routes orders to entities and links ERP documents to
/// commerce orders by their external reference.
/// </summary>
public static class ReconciliationInputBuilder
{
    public static ReconciliationInput Build(WorkspaceData data, WorkspaceSettings settings, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(settings);
        var calendar = WorkspaceCalendar.For(settings.TimeZone);
        var slots = new Slots(settings);
        var keys = new KeyTable();
        var accounts = AccountSlots.Build(data.CommerceCustomers, settings, keys);
        var orderRefs = new OrderReferenceIndex(data.CommerceOrders);

        return new ReconciliationInput
        {
            Rates = BuildRates(data.ExchangeRates, slots),
            Orders = BuildOrders(data.CommerceOrders, settings, calendar, slots, accounts),
            ErpOrders = BuildErpOrders(data.ErpSalesOrders, slots, orderRefs),
            Documents = BuildDocuments(data.ErpDocuments.Where(d => d.CommerceSourced).ToList(), calendar, slots, orderRefs),
            Buyers = accounts.Buyers,
            ErpCustomers = BuildErpCustomers(data.ErpCustomers, settings, slots, keys),
            Locks = BuildLocks(data.PeriodLocks, slots),
            Keys = keys,
            Currencies = slots.CurrencyArray(),
            Entities = slots.EntityArray(),
            AsOf = asOf.ToUnixTimeSeconds(),
            Labels = new InputLabels
            {
                Orders = data.CommerceOrders,
                ErpOrders = data.ErpSalesOrders,
                Documents = data.ErpDocuments.Where(d => d.CommerceSourced).ToList(),
                ErpCustomers = data.ErpCustomers,
                Accounts = data.CommerceCustomers,
                AccountBuyer = accounts.AccountBuyer,
            },
        };
    }

    private static RateTable BuildRates(IReadOnlyList<ExchangeRate> rates, Slots slots)
    {
        var table = new RateTable(slots.Currency(slots.Reporting.Code));
        foreach (var rate in rates)
        {
            if (rate.RateKind == ExchangeRateKind.PeriodAverage && rate.To == slots.Reporting.Code)
            {
                table.SetAverage(slots.Currency(rate.From), RateTable.MonthIndex(rate.EffectiveOn), rate.Rate);
            }
        }

        return table;
    }

    private static OrderColumns BuildOrders(
        IReadOnlyList<CommerceOrder> source, WorkspaceSettings settings, WorkspaceCalendar calendar, Slots slots, AccountSlots accounts)
    {
        var router = new EntityRouter(settings);
        var columns = new OrderColumns(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            var order = source[i];
            var currency = Model.Currency.Of(order.Currency);
            var day = calendar.DayOf(order.PlacedAt);
            var account = accounts.Find(order.Platform, order.CustomerId);
            columns.Platform[i] = (byte)order.Platform;
            columns.CustomerAccount[i] = account;
            columns.Buyer[i] = account < 0 ? -1 : accounts.AccountBuyer[account];
            columns.PlacedAt[i] = order.PlacedAt.ToUnixTimeSeconds();
            columns.PlacedDay[i] = day.DayNumber;
            columns.PlacedMonth[i] = RateTable.MonthIndex(day);
            columns.Status[i] = (byte)order.Status;
            columns.Currency[i] = slots.Currency(order.Currency);
            columns.NetMinor[i] = currency.ToMinorUnits(order.NetRevenue);
            columns.ExpectedEntity[i] = slots.Route(router.Route(order));
        }

        return columns;
    }

    private static ErpOrderColumns BuildErpOrders(IReadOnlyList<ErpSalesOrder> source, Slots slots, OrderReferenceIndex orderRefs)
    {
        var columns = new ErpOrderColumns(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            var order = source[i];
            columns.Entity[i] = slots.Entity(order.Entity);
            columns.Status[i] = (byte)order.Status;
            columns.Currency[i] = slots.Currency(order.Currency);
            columns.NetMinor[i] = Model.Currency.Of(order.Currency).ToMinorUnits(order.NetAmount);
            columns.CreatedAt[i] = order.CreatedAt.ToUnixTimeSeconds();
            columns.Order[i] = orderRefs.Resolve(order.ExternalOrderReference);
        }

        return columns;
    }

    private static DocumentColumns BuildDocuments(
        IReadOnlyList<ErpDocument> source, WorkspaceCalendar calendar, Slots slots, OrderReferenceIndex orderRefs)
    {
        _ = calendar; // posting dates are already days; kept for symmetry with orders
        var columns = new DocumentColumns(source.Count);
        for (var i = 0; i < source.Count; i++)
        {
            var doc = source[i];
            var currency = Model.Currency.Of(doc.Currency);
            columns.Kind[i] = (byte)doc.DocumentKind;
            columns.Entity[i] = slots.Entity(doc.Entity);
            columns.PostedDay[i] = doc.PostedOn.DayNumber;
            columns.CreatedAt[i] = doc.CreatedAt.ToUnixTimeSeconds();
            columns.Currency[i] = slots.Currency(doc.Currency);
            columns.NetMinor[i] = currency.ToMinorUnits(doc.NetAmount);
            columns.DeferredMinor[i] = currency.ToMinorUnits(doc.DeferredAmount);
            columns.Rate[i] = doc.ExchangeRate;
            columns.Order[i] = orderRefs.Resolve(doc.ExternalOrderReference);
        }

        return columns;
    }

    private static ErpCustomerColumns BuildErpCustomers(IReadOnlyList<ErpCustomer> source, WorkspaceSettings settings, Slots slots, KeyTable keys)
    {
        var holding = new HashSet<string>(settings.HoldingCustomers, StringComparer.Ordinal);
        var columns = new ErpCustomerColumns(source.Count);
        var pairs = new List<(int Key, int Record)>(source.Count * 2);
        for (var i = 0; i < source.Count; i++)
        {
            var customer = source[i];
            columns.Entity[i] = slots.Entity(customer.Entity);
            columns.Active[i] = customer.Status == ErpCustomerStatus.Active;
            columns.Holding[i] = customer.IsHolding || holding.Contains(customer.Id);
            AddKnownKey(keys, KeyType.VatNumber, KeyNormalizer.VatNumber(customer.VatNumber), i, pairs);
            AddKnownKey(keys, KeyType.AccountReference, KeyNormalizer.AccountReference(customer.AccountReference), i, pairs);
            AddKnownKey(keys, KeyType.Email, KeyNormalizer.Email(customer.Email), i, pairs);
        }

        (columns.ByKeyStart, columns.ByKey) = Csr.Build(keys.Count, pairs);
        return columns;
    }

    /// <summary>A key no buyer has can never match, so it is not interned.</summary>
    private static void AddKnownKey(KeyTable keys, KeyType type, string? value, int record, List<(int, int)> pairs)
    {
        if (value is not null && keys.TryGet(type, value, out var key))
        {
            pairs.Add((key, record));
        }
    }

    private static LockTable BuildLocks(IReadOnlyList<PeriodLock> locks, Slots slots)
    {
        var table = new LockTable();
        foreach (var l in locks)
        {
            table.Add(slots.Entity(l.Entity), l.PeriodStart.DayNumber, l.PeriodEnd.DayNumber, l.LockedAt.ToUnixTimeSeconds());
        }

        return table;
    }
}

/// <summary>Compressed rows: for each group, the items that belong to it.</summary>
public static class Csr
{
    public static (int[] Start, int[] Items) Build(int groups, List<(int Group, int Item)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var start = new int[groups + 1];
        foreach (var (group, _) in pairs)
        {
            start[group + 1]++;
        }

        for (var i = 1; i < start.Length; i++)
        {
            start[i] += start[i - 1];
        }

        var items = new int[pairs.Count];
        var next = (int[])start.Clone();
        foreach (var (group, item) in pairs)
        {
            items[next[group]++] = item;
        }

        return (start, items);
    }
}
