namespace Gapwatch.Model;

/// <summary>The commerce platforms Gapwatch reads. Stable keys: <c>shopify</c>, <c>bigcommerce</c>, <c>adobe_commerce</c>.</summary>
public enum Platform
{
    Shopify = 1,
    BigCommerce = 2,
    AdobeCommerce = 3,
}

/// <summary>The ERPs Gapwatch reads. A workspace has exactly one.</summary>
public enum ErpKind
{
    SageIntacct = 1,
    BusinessCentral = 2,
    DynamicsFo = 3,
}

public static class SystemKeys
{
    public static string Key(this Platform platform) => platform switch
    {
        Platform.Shopify => "shopify",
        Platform.BigCommerce => "bigcommerce",
        Platform.AdobeCommerce => "adobe_commerce",
        _ => throw new ArgumentOutOfRangeException(nameof(platform), platform, "unknown platform"),
    };

    public static string Key(this ErpKind erp) => erp switch
    {
        ErpKind.SageIntacct => "sage_intacct",
        ErpKind.BusinessCentral => "business_central",
        ErpKind.DynamicsFo => "dynamics_fo",
        _ => throw new ArgumentOutOfRangeException(nameof(erp), erp, "unknown ERP"),
    };

    public static string DisplayName(this Platform platform) => platform switch
    {
        Platform.Shopify => "Shopify",
        Platform.BigCommerce => "BigCommerce",
        Platform.AdobeCommerce => "Adobe Commerce",
        _ => platform.ToString(),
    };

    public static string DisplayName(this ErpKind erp) => erp switch
    {
        ErpKind.SageIntacct => "Sage Intacct",
        ErpKind.BusinessCentral => "Business Central",
        ErpKind.DynamicsFo => "Dynamics 365 Finance & Operations",
        _ => erp.ToString(),
    };

    public static IReadOnlyList<string> PlatformKeys { get; } = ["shopify", "bigcommerce", "adobe_commerce"];

    public static IReadOnlyList<string> ErpKeys { get; } = ["sage_intacct", "business_central", "dynamics_fo"];

    public static bool TryParsePlatform(string? key, out Platform platform)
    {
        platform = key switch
        {
            "shopify" => Platform.Shopify,
            "bigcommerce" => Platform.BigCommerce,
            "adobe_commerce" => Platform.AdobeCommerce,
            _ => 0,
        };
        return platform != 0;
    }

    public static bool TryParseErp(string? key, out ErpKind erp)
    {
        erp = key switch
        {
            "sage_intacct" => ErpKind.SageIntacct,
            "business_central" => ErpKind.BusinessCentral,
            "dynamics_fo" => ErpKind.DynamicsFo,
            _ => 0,
        };
        return erp != 0;
    }
}
