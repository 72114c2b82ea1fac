namespace Gapwatch.Connectors.BigCommerce;

/// <summary>
/// Where and as whom to read one BigCommerce store: the store hash, the API host
/// (<c>https://api.bigcommerce.com/stores/{hash}/v2|v3</c>) and the B2B Edition host
/// (<c>https://api-b2b.bigcommerce.com/api/v3/io</c>). The access token is a secret: it is sent only
/// in the <c>X-Auth-Token</c> header and never appears in <see cref="ToString"/>, logs or errors.
/// Addresses must be HTTPS unless they are loopback (the simulator).
/// </summary>
public sealed class BigCommerceConnection
{
    public static readonly Uri DefaultApiAddress = new("https://api.bigcommerce.com");
    public static readonly Uri DefaultB2bAddress = new("https://api-b2b.bigcommerce.com");

    /// <summary>The form field label merchants are asked to use for the ERP account number unless they already have one.</summary>
    public const string DefaultAccountReferenceField = "ERP account number";

    public BigCommerceConnection(string storeHash, string accessToken, Uri? apiAddress = null, Uri? b2bAddress = null, bool b2bEdition = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        storeHash = storeHash.Trim();
        if (!storeHash.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("the store hash has letters and digits only (the part after /stores/ in the API path)", nameof(storeHash));
        }

        ApiAddress = Checked(apiAddress ?? DefaultApiAddress, nameof(apiAddress));
        B2bAddress = Checked(b2bAddress ?? DefaultB2bAddress, nameof(b2bAddress));
        StoreHash = storeHash;
        AccessToken = accessToken;
        B2bEdition = b2bEdition;
    }

    public string StoreHash { get; }

    public Uri ApiAddress { get; }

    public Uri B2bAddress { get; }

    /// <summary>Whether the store has B2B Edition (companies are read from its API).</summary>
    public bool B2bEdition { get; }

    /// <summary>The label of the customer form field (and B2B company extra field) holding the ERP account number; BigCommerce has no field of its own for it.</summary>
    public string AccountReferenceField
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            field = value.Trim();
        }
    } = DefaultAccountReferenceField;

    internal string AccessToken { get; }

    internal Uri V2(string pathAndQuery) => new(ApiAddress, $"/stores/{StoreHash}/v2/{pathAndQuery}");

    internal Uri V3(string pathAndQuery) => new(ApiAddress, $"/stores/{StoreHash}/v3/{pathAndQuery}");

    internal Uri B2b(string pathAndQuery) => new(B2bAddress, $"/api/v3/io/{pathAndQuery}");

    public override string ToString() => $"BigCommerce store {StoreHash} ({ApiAddress.Host})";

    private static Uri Checked(Uri address, string name)
    {
        if (address.Scheme != Uri.UriSchemeHttps && !address.IsLoopback)
        {
            throw new ArgumentException($"the address must use https (got {address.Scheme}://{address.Host})", name);
        }

        return address;
    }
}
