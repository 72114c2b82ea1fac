namespace Gapwatch.Connectors.AdobeCommerce;

/// <summary>
/// Where and as whom to read one Adobe Commerce (Magento 2) store over REST. The integration access
/// token is a secret: it is sent only as <c>Authorization: Bearer</c> and never appears in
/// <see cref="ToString"/>, logs or errors. The address must be HTTPS unless it is a loopback address
/// (the simulator). Requests go to <c>{base}/rest/{storeCode}/V1/…</c>; <c>all</c> reads every store view.
/// </summary>
public sealed class AdobeCommerceConnection
{
    public const string DefaultStoreCode = "all";

    /// <summary>The customer attribute code merchants are asked to use for the ERP account number unless they already have one.</summary>
    public const string DefaultAccountReferenceAttribute = "erp_account_number";

    public AdobeCommerceConnection(Uri baseAddress, string accessToken, string storeCode = DefaultStoreCode)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        ArgumentException.ThrowIfNullOrWhiteSpace(storeCode);
        if (baseAddress.Scheme != Uri.UriSchemeHttps && !baseAddress.IsLoopback)
        {
            throw new ArgumentException($"the store address must use https (got {baseAddress.Scheme}://{baseAddress.Host})", nameof(baseAddress));
        }

        if (!storeCode.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
        {
            throw new ArgumentException($"'{storeCode}' is not a store code (letters, digits and _)", nameof(storeCode));
        }

        BaseAddress = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        AccessToken = accessToken;
        StoreCode = storeCode;
    }

    public Uri BaseAddress { get; }

    public string StoreCode { get; }

    /// <summary>The code of the customer attribute holding the ERP account number; Magento has no field of its own for it.</summary>
    public string AccountReferenceAttribute
    {
        get;
        init
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(value);
            if (!value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw new ArgumentException($"'{value}' is not an attribute code (letters, digits and _)", nameof(value));
            }

            field = value;
        }
    } = DefaultAccountReferenceAttribute;

    internal string AccessToken { get; }

    /// <summary>The address of a REST resource, e.g. <c>V1/orders</c>, with its query string.</summary>
    internal Uri Resource(string path, string query) => new(BaseAddress, $"rest/{StoreCode}/{path}?{query}");

    public override string ToString() => $"{BaseAddress.Host} (REST, store {StoreCode})";
}
