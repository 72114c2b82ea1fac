using Gapwatch.Connectors.Credentials;

namespace Gapwatch.Connectors.AdobeCommerce;

/// <summary>Stores and opens Adobe Commerce connections in the workspace's <see cref="ConnectionStore"/> (token encrypted like Shopify's).</summary>
public static class AdobeCommerceCredentials
{
    public const string Platform = "adobe_commerce";

    /// <summary>The REST API generation, kept in the stored connection's version field.</summary>
    public const string ApiVersion = "V1";

    /// <summary>Adds or replaces the connection of this name. The address stored is the REST root of the store view (<c>{base}/rest/{code}/</c>).</summary>
    /// <remarks>Without B2B (Magento Open Source, Adobe Commerce without the B2B module) the <c>companies</c> stream is excluded.</remarks>
    public static StoredConnection SaveAdobeCommerce(this ConnectionStore store, string name, AdobeCommerceConnection connection, bool b2b = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(connection);
        return store.Save(store.Protected(name, Platform, new Uri(connection.BaseAddress, $"rest/{connection.StoreCode}/").AbsoluteUri, ApiVersion, connection.AccessToken) with
        {
            ExcludedStreams = b2b ? null : ["companies"],
            CustomerFields = new CustomerFieldNames(connection.AccountReferenceAttribute),
        });
    }

    /// <summary>Whether the stored connection reads B2B companies.</summary>
    public static bool ReadsCompanies(this StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.ExcludedStreams?.Contains("companies") != true;
    }

    public static AdobeCommerceConnection OpenAdobeCommerce(this ConnectionStore store, StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(stored);
        var root = new Uri(stored.Address);
        var segments = root.AbsolutePath.TrimEnd('/').Split('/');
        if (segments.Length < 3 || segments[^2] != "rest")
        {
            throw new CredentialException($"the stored address of '{stored.Name}' is not a REST root ({{base}}/rest/{{store code}}/); run 'gapwatch connect adobe_commerce' again");
        }

        var basePath = string.Join('/', segments[..^2]) + "/";
        return new AdobeCommerceConnection(new Uri(root, basePath), store.Reveal(stored), segments[^1])
        {
            AccountReferenceAttribute = stored.CustomerFields?.AccountReference ?? AdobeCommerceConnection.DefaultAccountReferenceAttribute,
        };
    }
}
