using Gapwatch.Model;

namespace Gapwatch.Cards;

/// <summary>Titles and audiences of the cards, in each ERP's vocabulary.</summary>
public static class CardCatalog
{
    public static IReadOnlyList<string> Roles(string cardKey) => cardKey switch
    {
        CardKeys.CustomersAbsent => ["owner", "finance", "operations"],
        CardKeys.B2bCustomersAbsentSync or CardKeys.CustomersAbsentBlocked => ["owner", "finance", "marketing", "operations"],
        CardKeys.RevenueGap or CardKeys.RevenueGapBreakdown => ["owner", "finance"],
        _ => throw new ArgumentOutOfRangeException(nameof(cardKey), cardKey, "unknown card"),
    };

    public static string Title(string cardKey, ErpKind erp)
    {
        var master = MasterName(erp);
        return cardKey switch
        {
            CardKeys.CustomersAbsent => $"Ecom Customers Absent from {master}",
            CardKeys.B2bCustomersAbsentSync => $"B2B Customers Absent from {master}: Sync Health",
            CardKeys.CustomersAbsentBlocked => $"Ecom Customers Absent from {master}: Revenue Blocked",
            CardKeys.RevenueGap => $"Revenue Gap vs Commerce ({ShortName(erp)} GL)",
            CardKeys.RevenueGapBreakdown => $"Revenue Gap, Detailed Breakdown ({ShortName(erp)})",
            _ => throw new ArgumentOutOfRangeException(nameof(cardKey), cardKey, "unknown card"),
        };
    }

    public static string ShortName(ErpKind erp) => erp switch
    {
        ErpKind.SageIntacct => "Sage Intacct",
        ErpKind.BusinessCentral => "Business Central",
        ErpKind.DynamicsFo => "D365 F&O",
        _ => erp.ToString(),
    };

    private static string MasterName(ErpKind erp) => erp switch
    {
        ErpKind.SageIntacct => "Sage Intacct Customer Master",
        ErpKind.BusinessCentral => "Business Central Customer Master",
        ErpKind.DynamicsFo => "D365 Customer Master",
        _ => erp.ToString(),
    };

    public static string GroupLabel(string groupKey) => groupKey switch
    {
        "new_dtc" => "New DTC customers",
        "returning_dtc_email_changed" => "Returning DTC, email changed (suspected duplicate)",
        "new_b2b" => "New B2B accounts",
        "b2b_vat_not_keyed" => "B2B, VAT number not keyed",
        "never_synced" => "Never synced",
        "sync_failed" => "Sync failed",
        "sync_lagging" => "Sync lagging",
        "account_merged" => "Account merged on storefront",
        "b2b" => "B2B",
        "dtc" => "DTC",
        _ => groupKey,
    };
}

/// <summary>Measures beside a headline that are amounts in the reporting currency (the rest are counts or shares).</summary>
public static class MoneyMeasures
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "commerce_revenue", "gl_booked_revenue", "blocked_value", "largest_single_customer",
    };

    public static bool Contains(string measureKey) => Keys.Contains(measureKey);
}
