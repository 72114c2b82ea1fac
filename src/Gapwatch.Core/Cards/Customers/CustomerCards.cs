using Gapwatch.Model;

namespace Gapwatch.Cards.Customers;

/// <summary>Cards 4.1–4.3: absent customers as a count, as sync health, and as revenue blocked.</summary>
public static class CustomerCards
{
    public static CardResult CustomersAbsent(CardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.Directory;
        var rows = Rows(AbsentBuyerFinder.Find(context, activeOnly: false, b2bOnly: false), absent =>
            {
                // The fuzzy lookup decides a DTC buyer's cohort and names the duplicate in its flags: done once.
                var duplicate = directory.SuspectedDuplicate(absent.Buyer);
                return BuildRow(context, directory, absent, Cohort(context, directory, absent, duplicate), consequence: null, directory.Flags(absent, duplicate));
            })
            .OrderBy(r => GroupOrder(CohortKeys, r.Group)).ThenByDescending(r => r.OrderValue.Amount).ThenBy(r => r.Customer, StringComparer.Ordinal)
            .ToList();
        var b2b = rows.Count(r => r.Type == "b2b");
        var threshold = context.Settings.Thresholds.CustomersAbsent;
        var b2bThreshold = context.Settings.Thresholds.CustomersAbsentB2b;
        var alert = rows.Count > threshold || (b2bThreshold is { } t && b2b > t);
        var measures = new Dictionary<string, decimal> { ["b2b"] = b2b, ["dtc"] = rows.Count - b2b, ["orders"] = rows.Sum(r => r.Orders.Count) };
        return Card(context, CardKeys.CustomersAbsent, rows, CohortKeys, threshold, alert, measures);
    }

    public static CardResult B2bCustomersAbsentSync(CardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.Directory;
        var causes = new SyncCauseClassifier(context, directory);
        var rows = Rows(AbsentBuyerFinder.Find(context, activeOnly: true, b2bOnly: true), absent =>
            {
                var cause = causes.Classify(absent);
                return BuildRow(context, directory, absent, cause.Key, SyncCauseClassifier.Consequence(cause.Key)) with
                {
                    SyncMessage = cause.Message,
                    SyncLogId = cause.LogId,
                };
            })
            .OrderBy(r => GroupOrder(CauseKeys, r.Group)).ThenByDescending(r => r.Orders.Count).ThenBy(r => r.Customer, StringComparer.Ordinal)
            .ToList();
        var threshold = context.Settings.Thresholds.B2bCustomersAbsentSync;
        var wait = rows.Count(r => r.Group == "sync_lagging");
        var measures = new Dictionary<string, decimal>
        {
            ["fix_the_cause"] = rows.Count - wait,
            ["wait"] = wait,
            ["orders"] = rows.Sum(r => r.Orders.Count),
        };
        return Card(context, CardKeys.B2bCustomersAbsentSync, rows, CauseKeys, threshold, rows.Count > threshold, measures);
    }

    public static CardResult CustomersAbsentBlocked(CardContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var directory = context.Directory;
        var rows = Rows(AbsentBuyerFinder.Find(context, activeOnly: true, b2bOnly: false),
                absent => BuildRow(context, directory, absent, directory.IsB2b(absent.Buyer) ? "b2b" : "dtc", consequence: null))
            .OrderByDescending(r => r.OrderValue.Amount).ThenBy(r => r.Customer, StringComparer.Ordinal)
            .ToList();
        var threshold = context.Settings.Thresholds.CustomersAbsentBlocked;
        var measures = new Dictionary<string, decimal>
        {
            ["blocked_value"] = rows.Sum(r => r.OrderValue.Amount),
            ["largest_single_customer"] = rows.Count == 0 ? 0m : rows.Max(r => r.OrderValue.Amount),
            ["b2b"] = rows.Count(r => r.Type == "b2b"),
            ["dtc"] = rows.Count(r => r.Type == "dtc"),
            ["in_dataverse_not_promoted"] = rows.Count(r => r.Flags.Any(f => f.StartsWith("present in Dataverse", StringComparison.Ordinal))),
            ["ambiguous_entity"] = rows.Count(r => r.ExpectedEntity.Contains("ambiguous", StringComparison.Ordinal)),
        };
        return Card(context, CardKeys.CustomersAbsentBlocked, rows, ["b2b", "dtc"], threshold, rows.Count > threshold, measures);
    }

    /// <summary>
    /// One row per absent buyer, in the finder's order. Rows are independent reads of the shared
    /// directory and indexes (read-only once built), so they are built on both cores.
    /// </summary>
    private static CustomerRow[] Rows(IReadOnlyList<AbsentBuyer> absent, Func<AbsentBuyer, CustomerRow> build)
    {
        var rows = new CustomerRow[absent.Count];
        var parts = rows.Length < 64 ? 1 : Math.Max(1, Math.Min(Environment.ProcessorCount * 4, 32));
        Parallel.For(0, parts, p =>
        {
            var to = (int)((long)rows.Length * (p + 1) / parts);
            for (var i = (int)((long)rows.Length * p / parts); i < to; i++)
            {
                rows[i] = build(absent[i]);
            }
        });
        return rows;
    }

    private static readonly string[] CohortKeys = ["new_dtc", "returning_dtc_email_changed", "new_b2b", "b2b_vat_not_keyed"];

    private static readonly string[] CauseKeys = ["never_synced", "sync_failed", "sync_lagging", "account_merged"];

    private static string Cohort(
        CardContext context, BuyerDirectory directory, AbsentBuyer absent, (Model.ErpCustomer Record, string Explanation)? duplicate)
    {
        if (directory.IsB2b(absent.Buyer))
        {
            return context.Input.Buyers.HasVatNumber[absent.Buyer] ? "new_b2b" : "b2b_vat_not_keyed";
        }

        return duplicate is null ? "new_dtc" : "returning_dtc_email_changed";
    }

    private static CustomerRow BuildRow(
        CardContext context, BuyerDirectory directory, AbsentBuyer absent, string group, string? consequence, IReadOnlyList<string>? flags = null)
    {
        var labels = context.Labels;
        var reporting = context.Settings.ReportingCurrency;
        var value = absent.Orders.Aggregate(Money.Zero(reporting), (sum, o) => sum + context.ReportingValue(o));
        var inOrderCurrency = absent.Orders.Select(context.OrderCurrencyValue)
            .GroupBy(m => m.Currency.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Aggregate((a, b) => a + b)).ToList();
        return new CustomerRow(
            Customer: directory.Reference(absent.Buyer),
            Name: directory.DisplayName(absent.Buyer),
            Type: directory.IsB2b(absent.Buyer) ? "b2b" : "dtc",
            Group: group,
            CommerceCustomers: [.. directory.Accounts(absent.Buyer).Select(a => a.Key)],
            Orders: [.. absent.Orders.Select(o => labels.Orders[o].Key)],
            OrderValue: value,
            OrderValueInOrderCurrency: inOrderCurrency,
            ExpectedEntity: string.Join(", ", absent.Entities),
            Flags: flags ?? directory.Flags(absent),
            SyncMessage: null,
            SyncLogId: null,
            Consequence: consequence);
    }

    private static CardResult Card(
        CardContext context, string key, IReadOnlyList<CustomerRow> rows, IReadOnlyList<string> groupKeys, int threshold, bool alert,
        IReadOnlyDictionary<string, decimal> measures)
    {
        var reporting = context.Settings.ReportingCurrency;
        var groups = groupKeys.Select(g =>
        {
            var members = rows.Where(r => r.Group == g).ToList();
            var amount = members.Aggregate(Money.Zero(reporting), (sum, r) => sum + r.OrderValue);
            return new CardGroup(g, CardCatalog.GroupLabel(g), members.Count, members.Sum(r => r.Orders.Count), amount);
        }).ToList();
        return new CardResult
        {
            Key = key,
            Title = CardCatalog.Title(key, context.Settings.Erp),
            Erp = context.Settings.Erp,
            Window = context.CustomerWindow,
            AsOf = context.AsOf,
            Headline = rows.Count,
            Unit = "count",
            ReportingCurrency = context.Settings.ReportingCurrency.Code,
            Sentiment = alert ? Sentiment.Alert : Sentiment.Ok,
            AlertFigure = rows.Count,
            Threshold = threshold,
            Roles = CardCatalog.Roles(key),
            Groups = groups,
            CustomerRows = rows,
            Measures = measures,
            Sources = context.Sources,
        };
    }

    private static int GroupOrder(string[] keys, string group) => Array.IndexOf(keys, group);
}
