namespace Gapwatch.Connectors.Shopify;

/// <summary>
/// Where and as whom to read one Shopify shop. The access token is a secret: it is sent only in
/// the <c>X-Shopify-Access-Token</c> header and never appears in <see cref="ToString"/>, logs or errors.
/// The address must be HTTPS unless it is a loopback address (the simulator).
/// </summary>
public sealed class ShopifyConnection
{
    /// <summary>The Admin API version every request is pinned to.</summary>
    public const string DefaultApiVersion = "2026-07";

    public ShopifyConnection(Uri shopAddress, string accessToken, string apiVersion = DefaultApiVersion)
    {
        ArgumentNullException.ThrowIfNull(shopAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiVersion);
        if (shopAddress.Scheme != Uri.UriSchemeHttps && !shopAddress.IsLoopback)
        {
            throw new ArgumentException($"the shop address must use https (got {shopAddress.Scheme}://{shopAddress.Host})", nameof(shopAddress));
        }

        ShopAddress = shopAddress;
        AccessToken = accessToken;
        ApiVersion = apiVersion;
    }

    /// <summary>A shop by its myshopify domain (<c>acme</c> or <c>acme.myshopify.com</c>).</summary>
    public static ShopifyConnection ForShop(string shop, string accessToken, string apiVersion = DefaultApiVersion)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(shop);
        var host = shop.Contains('.', StringComparison.Ordinal) ? shop.Trim() : shop.Trim() + ".myshopify.com";
        return new ShopifyConnection(new Uri("https://" + host), accessToken, apiVersion);
    }

    public Uri ShopAddress { get; }

    public string ApiVersion { get; }

    /// <summary>The customer metafields holding the ERP account number and the VAT number (not secret; stored with the connection).</summary>
    public ShopifyCustomerMetafields CustomerMetafields { get; init; } = ShopifyCustomerMetafields.Default;

    internal string AccessToken { get; }

    /// <summary>The same connection reading the ERP account number and VAT number from these metafields.</summary>
    public ShopifyConnection With(ShopifyCustomerMetafields metafields) =>
        new(ShopAddress, AccessToken, ApiVersion) { CustomerMetafields = metafields ?? throw new ArgumentNullException(nameof(metafields)) };

    public Uri GraphQlEndpoint => new(ShopAddress, $"/admin/api/{ApiVersion}/graphql.json");

    public override string ToString() => $"{ShopAddress.Host} (Admin API {ApiVersion})";
}
