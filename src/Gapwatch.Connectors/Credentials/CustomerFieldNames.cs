namespace Gapwatch.Connectors.Credentials;

/// <summary>
/// Where a store keeps, on its customers, what the platform has no field for: the customer's account
/// number in the ERP and their VAT number. Each platform names the place its own way — a Shopify
/// metafield (<c>namespace.key</c>), a BigCommerce customer form field (its label), an Adobe Commerce
/// customer attribute (its code). Not secret: kept in clear with the connection. A null name is the
/// platform's default (or, for the VAT number, the platform's own field).
/// </summary>
public sealed record CustomerFieldNames(string? AccountReference, string? VatNumber = null);
