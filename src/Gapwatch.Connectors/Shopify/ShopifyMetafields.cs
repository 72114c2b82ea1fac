namespace Gapwatch.Connectors.Shopify;

/// <summary>
/// A metafield by its namespace and key (written <c>namespace.key</c>, as in the Shopify admin). Both
/// are limited to letters, digits, <c>_</c> and <c>-</c>, as Shopify requires, which also keeps them
/// safe to put into a GraphQL document.
/// </summary>
public sealed record ShopifyMetafieldKey
{
    public ShopifyMetafieldKey(string @namespace, string key)
    {
        Namespace = Checked(@namespace, "namespace", 255);
        Key = Checked(key, "key", 64);
    }

    public string Namespace { get; }

    public string Key { get; }

    /// <summary>Reads <c>namespace.key</c>; anything else is an <see cref="ArgumentException"/> naming the expected form.</summary>
    public static ShopifyMetafieldKey Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == text.Length - 1)
        {
            throw new ArgumentException($"'{text}' is not a metafield: write it as namespace.key (e.g. erp.account_number)", nameof(text));
        }

        return new ShopifyMetafieldKey(text[..dot].Trim(), text[(dot + 1)..].Trim());
    }

    public override string ToString() => $"{Namespace}.{Key}";

    private static string Checked(string value, string what, int maximum)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value, what);
        if (value.Length > maximum || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            throw new ArgumentException($"a metafield {what} has 1–{maximum} letters, digits, _ or - (got '{value}')", what);
        }

        return value;
    }
}

/// <summary>
/// Where a shop keeps what Shopify's customer object has no field for: the customer's account number
/// in the ERP and (for buyers who are not B2B companies) their VAT number. Merchants keep both in
/// customer metafields; the namespace and key are theirs to choose, so they are per connection.
/// </summary>
public sealed record ShopifyCustomerMetafields(ShopifyMetafieldKey AccountReference, ShopifyMetafieldKey VatNumber)
{
    public static ShopifyCustomerMetafields Default { get; } = new(new ShopifyMetafieldKey("erp", "account_number"), new ShopifyMetafieldKey("custom", "vat_number"));

    /// <summary>
    /// The selection on <c>Customer</c>, each metafield under a fixed alias so the mapping does not
    /// depend on the configured names (Shopify answers an alias under its own name).
    /// </summary>
    internal string Selection =>
        $"accountReference: metafield(namespace: \"{AccountReference.Namespace}\", key: \"{AccountReference.Key}\") {{ value }} " +
        $"vatNumber: metafield(namespace: \"{VatNumber.Namespace}\", key: \"{VatNumber.Key}\") {{ value }}";
}
