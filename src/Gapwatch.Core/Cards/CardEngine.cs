using Gapwatch.Cards.Customers;
using Gapwatch.Cards.RevenueGap;
using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Cards;

/// <summary>Computes every card of one refresh at one as-of time.</summary>
public static class CardEngine
{
    public static IReadOnlyList<CardResult> ComputeAll(WorkspaceData data, WorkspaceSettings settings, DateTimeOffset asOf)
    {
        var context = new CardContext(data, settings, asOf);
        var gap = RevenueGapCards.Compute(context);
        return
        [
            CustomerCards.CustomersAbsent(context),
            CustomerCards.B2bCustomersAbsentSync(context),
            CustomerCards.CustomersAbsentBlocked(context),
            RevenueGapCards.RevenueGap(context, gap),
            RevenueGapCards.RevenueGapBreakdown(context, gap),
        ];
    }

    /// <summary>
    /// The aligned as-of time: the earliest last successful sync of the workspace's sources, so a
    /// record created between two pulls is not miscounted. Null when no source has synced.
    /// </summary>
    public static DateTimeOffset? AlignedAsOf(WorkspaceData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Sources.Count == 0 ? null : data.Sources.Min(s => s.LastSuccessfulSyncAt);
    }
}
