using Gapwatch.Cards;
using Gapwatch.Model;
using Gapwatch.Reconciliation;

namespace Gapwatch.Bench.Engine;

/// <summary>The figures compared between the engines: each card's headline, its groups, and the revenue gap's reason breakdown.</summary>
internal static class Figures
{
    public static Dictionary<(string Card, string Figure), decimal> FromCards(
        IReadOnlyDictionary<string, CardResult> cards, RevenueGapResult gap, Currency reporting)
    {
        var figures = new Dictionary<(string, string), decimal>();
        foreach (var key in (string[])[CardKeys.CustomersAbsent, CardKeys.B2bCustomersAbsentSync, CardKeys.CustomersAbsentBlocked])
        {
            var card = cards[key];
            figures[(key, "headline")] = card.Headline;
            foreach (var group in card.Groups)
            {
                figures[(key, "group." + group.Key)] = group.Count;
                figures[(key, "orders." + group.Key)] = group.Orders;
            }
        }

        var blocked = cards[CardKeys.CustomersAbsentBlocked];
        figures[(CardKeys.CustomersAbsentBlocked, "blocked_value")] = blocked.Measures["blocked_value"];
        figures[(CardKeys.CustomersAbsentBlocked, "largest_single_customer")] = blocked.Measures["largest_single_customer"];

        var revenue = cards[CardKeys.RevenueGap];
        figures[(CardKeys.RevenueGap, "headline")] = revenue.Headline;
        figures[(CardKeys.RevenueGap, "commerce_revenue")] = revenue.Measures["commerce_revenue"];
        figures[(CardKeys.RevenueGap, "gl_booked_revenue")] = revenue.Measures["gl_booked_revenue"];
        foreach (var reason in GapReasons.All)
        {
            figures[(CardKeys.RevenueGap, "reason." + reason.Key())] = reporting.FromMinorUnits(gap.ReasonMinor[(int)reason]);
            figures[(CardKeys.RevenueGap, "lines." + reason.Key())] = gap.ReasonLines[(int)reason];
        }

        var breakdown = cards[CardKeys.RevenueGapBreakdown];
        figures[(CardKeys.RevenueGapBreakdown, "rows")] = breakdown.GapRows.Count;
        figures[(CardKeys.RevenueGapBreakdown, "rows_sum")] = breakdown.GapRows.Sum(r => r.Amount.Amount);
        figures[(CardKeys.RevenueGapBreakdown, "largest_row")] = breakdown.GapRows.Count == 0 ? 0m : breakdown.GapRows[0].Amount.Amount;
        return figures;
    }
}
