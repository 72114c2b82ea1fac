using Microsoft.AspNetCore.DataProtection;
using Gapwatch.Connectors.BigCommerce;

namespace Gapwatch.Connectors.Credentials;

/// <summary>BigCommerce connections in the workspace's connection store (the token encrypted like Shopify's).</summary>
public sealed partial class ConnectionStore
{
    public const string BigCommercePlatform = "bigcommerce";

    /// <summary>Adds or replaces the BigCommerce connection of this name: API address, store hash and B2B Edition in clear, the token encrypted.</summary>
    public StoredConnection SaveBigCommerce(string name, BigCommerceConnection connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connection);
        return Save(new StoredConnection(name, BigCommercePlatform, connection.ApiAddress.ToString(), "v2+v3", protector.Protect(connection.AccessToken), connection.StoreHash, connection.B2bEdition)
        {
            CustomerFields = new CustomerFieldNames(connection.AccountReferenceField),
        });
    }

    /// <summary>The connection with its token decrypted. A loopback address (the simulator) serves the B2B Edition API too.</summary>
    public BigCommerceConnection OpenBigCommerce(StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.StoreHash is null)
        {
            throw new CredentialException($"the connection '{stored.Name}' has no store hash; run 'gapwatch connect bigcommerce' again");
        }

        var api = new Uri(stored.Address);
        return new BigCommerceConnection(stored.StoreHash, Reveal(stored), api, api.IsLoopback ? api : null, stored.B2bEdition)
        {
            AccountReferenceField = stored.CustomerFields?.AccountReference ?? BigCommerceConnection.DefaultAccountReferenceField,
        };
    }
}
