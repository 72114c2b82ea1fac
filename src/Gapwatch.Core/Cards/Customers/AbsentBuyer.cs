using Gapwatch.Matching;

namespace Gapwatch.Cards.Customers;

/// <summary>A buyer with orders in the window and no active record in the entity those orders should post to.</summary>
/// <param name="Buyer">Buyer slot.</param>
/// <param name="Orders">Order slots whose expected entity lacks the buyer, in placing order.</param>
/// <param name="Entities">Expected entity names of those orders.</param>
/// <param name="Outcome">The match attempt of the first such order (its flags).</param>
public sealed record AbsentBuyer(int Buyer, IReadOnlyList<int> Orders, IReadOnlyList<string> Entities, MatchOutcome Outcome);

/// <summary>Finds absent buyers among those with orders in the window (docs/reconciliation.md).</summary>
public static class AbsentBuyerFinder
{
    /// <param name="context">The refresh.</param>
    /// <param name="activeOnly">Count only open or fulfilled orders (cards 4.2 and 4.3), else any order but drafts.</param>
    /// <param name="b2bOnly">Only B2B buyers (card 4.2).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<AbsentBuyer> Find(CardContext context, bool activeOnly, bool b2bOnly)
    {
        ArgumentNullException.ThrowIfNull(context);
        var input = context.Input;
        var orders = input.Orders;
        var window = context.CustomerWindow;
        var byBuyer = new SortedDictionary<int, List<int>>();
        for (var o = 0; o < orders.Count; o++)
        {
            var buyer = orders.Buyer[o];
            if (buyer < 0 || !InScope(context, o, window, activeOnly) || (b2bOnly && !input.Buyers.IsB2b[buyer]) || !context.AbsentByOrder[o])
            {
                continue;
            }

            if (!byBuyer.TryGetValue(buyer, out var list))
            {
                byBuyer[buyer] = list = [];
            }

            list.Add(o);
        }

        return [.. byBuyer.Select(pair => Describe(context, pair.Key, InPlacingOrder(context, pair.Value)))];
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static bool InScope(CardContext context, int order, CardWindow window, bool activeOnly)
    {
        var orders = context.Input.Orders;
        var status = (Model.CommerceOrderStatus)orders.Status[order];
        var day = DateOnly.FromDayNumber(orders.PlacedDay[order]);
        var statusFits = activeOnly
            ? status is Model.CommerceOrderStatus.Open or Model.CommerceOrderStatus.Fulfilled
            : status != Model.CommerceOrderStatus.Draft;
        return statusFits && window.Contains(day) && orders.PlacedAt[order] <= context.Input.AsOf;
    }

    /// <summary>Placing time, then order key: the same list whatever order the records were read in.</summary>
    private static List<int> InPlacingOrder(CardContext context, List<int> orders)
    {
        var labels = context.Labels;
        return [.. orders.OrderBy(o => context.Input.Orders.PlacedAt[o]).ThenBy(o => labels.Orders[o].Key, StringComparer.Ordinal)];
    }

    private static AbsentBuyer Describe(CardContext context, int buyer, List<int> orders)
    {
        var entities = orders.Select(o => context.EntityName(context.Input.Orders.ExpectedEntity[o])).Distinct().ToList();
        var outcome = context.Presence.Match(buyer, context.Input.Orders.ExpectedEntity[orders[0]]);
        return new AbsentBuyer(buyer, orders, entities, outcome);
    }
}
