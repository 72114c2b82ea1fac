using System.Security.Cryptography;
using System.Text.Json;
using Gapwatch.Connectors.Shopify;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Credentials;

/// <summary>A stored connection: what it reads (not secret) and its protected secret. BigCommerce adds its store hash and whether it has B2B Edition.</summary>
public sealed record StoredConnection(string Name, string Platform, string Address, string ApiVersion, string ProtectedSecret, string? StoreHash = null, bool B2bEdition = false)
{
    /// <summary>Streams this connection does not read (e.g. <c>companies</c> on a store without B2B); none when null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ExcludedStreams { get; init; }

    /// <summary>Where the store keeps customer values the platform has no field for (not secret); the platform's defaults when null.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public CustomerFieldNames? CustomerFields { get; init; }
    /// <summary>The Entra app registration of a Microsoft connection (F&amp;O, Dataverse); its secret is <see cref="ProtectedSecret"/>.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public StoredEntraApplication? Entra { get; init; }

    /// <summary>What a Sage Intacct connection reads (ids, entity, field map; no password); null for other platforms.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public StoredIntacct? Intacct { get; init; }

    public override string ToString() => $"{Name} ({Platform} {new Uri(Address).Host})";
}

/// <summary>
/// The workspace's connections, in <c>.gapwatch/connections.json</c>. Secrets are encrypted at rest
/// with ASP.NET Core Data Protection: keys live in <c>.gapwatch/keys</c>, and the purpose includes
/// the workspace's own random id, so a secret copied into another workspace does not decrypt.
/// Secrets are never written anywhere else (not the YAML, not logs, not errors).
/// </summary>
public sealed partial class ConnectionStore
{
    private const string Purpose = "Gapwatch.ConnectorCredentials.v1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly string file;
    private readonly IDataProtector protector;

    private ConnectionStore(string file, IDataProtector protector)
    {
        this.file = file;
        this.protector = protector;
    }

    public static ConnectionStore Open(string workspaceDirectory)
    {
        var folder = Path.Combine(Path.GetFullPath(workspaceDirectory), ".gapwatch");
        Directory.CreateDirectory(folder);
        var services = new ServiceCollection();
        services.AddDataProtection()
            .SetApplicationName("gapwatch")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")));
        var provider = services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>();
        return new ConnectionStore(Path.Combine(folder, "connections.json"), provider.CreateProtector(Purpose, WorkspaceId(folder)));
    }

    public IReadOnlyList<StoredConnection> List() =>
        File.Exists(file) ? JsonSerializer.Deserialize<List<StoredConnection>>(File.ReadAllText(file), Json) ?? [] : [];

    /// <summary>Adds or replaces the connection of this name.</summary>
    public StoredConnection SaveShopify(string name, ShopifyConnection connection)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connection);
        var metafields = connection.CustomerMetafields;
        return Save(Protected(name, "shopify", connection.ShopAddress.ToString(), connection.ApiVersion, connection.AccessToken) with
        {
            CustomerFields = new CustomerFieldNames(metafields.AccountReference.ToString(), metafields.VatNumber.ToString()),
        });
    }

    /// <summary>The connection with its secret decrypted; a secret that no longer decrypts needs <c>gapwatch connect</c> again.</summary>
    public ShopifyConnection OpenShopify(StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var token = Reveal(stored);
        var defaults = ShopifyCustomerMetafields.Default;
        var fields = stored.CustomerFields;
        return new ShopifyConnection(new Uri(stored.Address), token, stored.ApiVersion)
        {
            CustomerMetafields = new ShopifyCustomerMetafields(
                fields?.AccountReference is { } reference ? ShopifyMetafieldKey.Parse(reference) : defaults.AccountReference,
                fields?.VatNumber is { } vat ? ShopifyMetafieldKey.Parse(vat) : defaults.VatNumber),
        };
    }

    /// <summary>Adds or replaces the connection of this name, its secret encrypted (for any platform).</summary>
    internal StoredConnection Save(string name, string platform, string address, string apiVersion, string secret, IReadOnlyList<string>? excludedStreams = null)
    {
        return Save(Protected(name, platform, address, apiVersion, secret) with { ExcludedStreams = excludedStreams is { Count: > 0 } ? excludedStreams : null });
    }

    /// <summary>A connection record with its secret encrypted, not yet saved.</summary>
    internal StoredConnection Protected(string name, string platform, string address, string apiVersion, string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new StoredConnection(name, platform, address, apiVersion, protector.Protect(secret));
    }

    internal StoredConnection Save(StoredConnection stored)
    {
        var name = stored.Name;
        var all = List().Where(c => c.Name != name).Append(stored).OrderBy(c => c.Name, StringComparer.Ordinal).ToList();
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(all, Json));
        File.Move(temporary, file, overwrite: true);
        return stored;
    }

    /// <summary>The decrypted secret of a stored connection (for any platform).</summary>
    internal string Reveal(StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        try
        {
            return protector.Unprotect(stored.ProtectedSecret);
        }
        catch (CryptographicException)
        {
            throw new CredentialException($"the stored credentials of '{stored.Name}' cannot be decrypted (keys missing, or copied from another workspace); run 'gapwatch connect {stored.Platform}' again");
        }
    }

    private static string WorkspaceId(string folder)
    {
        var path = Path.Combine(folder, "workspace-id");
        if (!File.Exists(path))
        {
            File.WriteAllText(path, Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());
        }

        return File.ReadAllText(path).Trim();
    }
}

/// <summary>Stored credentials cannot be used; the message says what to do and holds no secret.</summary>
public sealed class CredentialException : Exception
{
    public CredentialException()
    {
    }

    public CredentialException(string message)
        : base(message)
    {
    }

    public CredentialException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
