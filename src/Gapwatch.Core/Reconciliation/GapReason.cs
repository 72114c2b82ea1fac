using Gapwatch.Model;

namespace Gapwatch.Reconciliation;

/// <summary>
/// Why an amount of the revenue gap exists. A closed set with stable keys; <see cref="Unknown"/> is
/// the residual no rule explains, never a default.
/// </summary>
public enum GapReason : byte
{
    PendingInvoicing = 1,
    Voided = 2,
    CreditMemo = 3,
    UnmappedCustomer = 4,
    PeriodBoundary = 5,
    FxTranslation = 6,
    RevenueDeferred = 7,
    MultiEntityRouting = 8,
    Unknown = 9,
}

public static class GapReasons
{
    /// <summary>The reasons in the order the card lists them.</summary>
    public static IReadOnlyList<GapReason> All { get; } =
    [
        GapReason.PendingInvoicing, GapReason.CreditMemo, GapReason.Voided, GapReason.UnmappedCustomer,
        GapReason.PeriodBoundary, GapReason.MultiEntityRouting, GapReason.FxTranslation,
        GapReason.RevenueDeferred, GapReason.Unknown,
    ];

    public static string Key(this GapReason reason) => reason switch
    {
        GapReason.PendingInvoicing => "pending_invoicing",
        GapReason.Voided => "voided",
        GapReason.CreditMemo => "credit_memo",
        GapReason.UnmappedCustomer => "unmapped_customer",
        GapReason.PeriodBoundary => "period_boundary",
        GapReason.FxTranslation => "fx_translation",
        GapReason.RevenueDeferred => "revenue_deferred",
        GapReason.MultiEntityRouting => "multi_entity_routing",
        GapReason.Unknown => "unknown",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown gap reason"),
    };

    public static bool TryParse(string? key, out GapReason reason)
    {
        foreach (var candidate in All)
        {
            if (candidate.Key() == key)
            {
                reason = candidate;
                return true;
            }
        }

        reason = 0;
        return false;
    }

    /// <summary>The label in each ERP's vocabulary (product spec §4.4).</summary>
    public static string Label(this GapReason reason, ErpKind erp) => (reason, erp) switch
    {
        (GapReason.PendingInvoicing, ErpKind.BusinessCentral) => "Released-Not-Invoiced",
        (GapReason.PendingInvoicing, _) => "Pending Invoicing",
        (GapReason.Voided, _) => "Voided / Cancelled",
        (GapReason.CreditMemo, ErpKind.SageIntacct) => "Credit Memo Refunds",
        (GapReason.CreditMemo, ErpKind.BusinessCentral) => "Sales Credit Memo Refunds",
        (GapReason.CreditMemo, _) => "Credit Note Refunds",
        (GapReason.UnmappedCustomer, ErpKind.BusinessCentral) => "Unmapped Marketplace",
        (GapReason.UnmappedCustomer, _) => "Unmapped Customer",
        (GapReason.PeriodBoundary, _) => "Period Boundary Timing",
        (GapReason.FxTranslation, _) => "FX Translation",
        (GapReason.RevenueDeferred, _) => "Revenue Recognition Deferred",
        (GapReason.MultiEntityRouting, ErpKind.BusinessCentral) => "Multi-Company Routing",
        (GapReason.MultiEntityRouting, _) => "Multi-Entity Routing",
        (GapReason.Unknown, _) => "Unknown / Investigate",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown gap reason"),
    };
}
