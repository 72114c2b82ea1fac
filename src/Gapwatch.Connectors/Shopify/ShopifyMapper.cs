using Gapwatch.Model;

namespace Gapwatch.Connectors.Shopify;

/// <summary>
/// Turns Shopify nodes into Gapwatch records. Amounts are taken in shop money (the currency the
/// merchant books in), never presentment money. A B2B order's customer is its purchasing company,
/// not the contact who placed it; companies become company accounts keyed <c>company-{id}</c> so
/// their ids cannot collide with customer ids.
/// </summary>
internal static class ShopifyMapper
{
    public const string CompanyPrefix = "company-";

    /// <summary>The numeric tail of a global id (<c>gid://shopify/Order/450789469</c> → <c>450789469</c>).</summary>
    public static string? LegacyId(string? gid, string? legacyResourceId = null)
    {
        if (!string.IsNullOrWhiteSpace(legacyResourceId))
        {
            return legacyResourceId.Trim();
        }

        if (string.IsNullOrWhiteSpace(gid))
        {
            return null;
        }

        var tail = gid[(gid.LastIndexOf('/') + 1)..];
        var query = tail.IndexOf('?', StringComparison.Ordinal);
        tail = query >= 0 ? tail[..query] : tail;
        return tail.Length == 0 ? null : tail;
    }

    public static CommerceCustomer Customer(CustomerNode node, string id)
    {
        var name = node.DisplayName ?? string.Join(' ', new[] { node.FirstName, node.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return new CommerceCustomer(
            Platform.Shopify, id, node.Email, node.Phone, string.IsNullOrWhiteSpace(name) ? null : name, node.DefaultAddress?.Company,
            CompanyAccount: false, CustomerGroup: null, node.Tags ?? [], Value(node.VatNumber), Value(node.AccountReference),
            node.DefaultAddress?.Zip, node.DefaultAddress?.CountryCodeV2 ?? node.DefaultAddress?.CountryCode,
            node.CreatedAt ?? node.UpdatedAt!.Value, MergedIntoId: null, node.UpdatedAt);
    }

    public static CommerceCustomer Company(CompanyNode node, string id)
    {
        var locations = node.Locations?.Nodes ?? [];
        var billing = locations.FirstOrDefault(l => l.BillingAddress is not null)?.BillingAddress;
        var vat = locations.Select(l => l.TaxSettings?.TaxRegistrationId ?? l.TaxRegistrationId).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        var reference = node.ExternalId ?? locations.Select(l => l.ExternalId).FirstOrDefault(e => !string.IsNullOrWhiteSpace(e));
        var contact = node.MainContact?.Customer;
        return new CommerceCustomer(
            Platform.Shopify, CompanyPrefix + id, contact?.Email, contact?.Phone, node.Name, node.Name,
            CompanyAccount: true, CustomerGroup: null, [], vat, reference, billing?.Zip, billing?.CountryCode ?? billing?.CountryCodeV2,
            node.CreatedAt ?? node.UpdatedAt!.Value, MergedIntoId: null, node.UpdatedAt);
    }

    public static CommerceOrder Order(OrderNode node, string id)
    {
        var currency = node.CurrencyCode ?? node.TotalPriceSet?.ShopMoney?.CurrencyCode ?? "";
        var subtotal = Shop(node.SubtotalPriceSet);
        var discounts = Shop(node.TotalDiscountsSet);
        return new CommerceOrder(
            Platform.Shopify, id, node.Name, Buyer(node), node.ProcessedAt ?? node.CreatedAt ?? node.UpdatedAt!.Value, Status(node), currency,
            // Shopify's subtotal is after discounts; the model keeps lines before discounts and the discounts apart.
            subtotal + discounts, discounts, Shop(node.TotalShippingPriceSet), Shop(node.TotalTaxSet), node.TaxesIncluded ?? false,
            Shop(node.TotalPriceSet), node.ShippingAddress?.CountryCodeV2 ?? node.ShippingAddress?.CountryCode, node.Tags ?? [], node.UpdatedAt);
    }

    public static CommerceRefund Refund(RefundNode node, string id, string orderId, string orderCurrency, DateTimeOffset? orderUpdatedAt)
    {
        var tax = (node.RefundLineItems?.Nodes ?? []).Sum(l => Shop(l.TotalTaxSet));
        return new CommerceRefund(
            Platform.Shopify, id, orderId, node.CreatedAt ?? node.UpdatedAt ?? orderUpdatedAt!.Value, Shop(node.TotalRefundedSet), tax,
            node.TotalRefundedSet?.ShopMoney?.CurrencyCode ?? orderCurrency, node.UpdatedAt ?? node.CreatedAt);
    }

    private static string? Buyer(OrderNode node) =>
        node.PurchasingEntity?.Company?.Id is { } company && LegacyId(company) is { } companyId
            ? CompanyPrefix + companyId
            : LegacyId(node.Customer?.Id ?? node.PurchasingEntity?.Id);

    private static CommerceOrderStatus Status(OrderNode node) =>
        node.CancelledAt is not null ? CommerceOrderStatus.Cancelled
        : string.Equals(node.DisplayFulfillmentStatus, "FULFILLED", StringComparison.OrdinalIgnoreCase) ? CommerceOrderStatus.Fulfilled
        : CommerceOrderStatus.Open;

    private static decimal Shop(MoneyBag? bag) => bag?.ShopMoney?.Amount ?? 0m;

    /// <summary>A metafield's value, trimmed; a blank one counts as none (merchants clear a value rather than delete the metafield).</summary>
    private static string? Value(MetafieldValue? metafield) => string.IsNullOrWhiteSpace(metafield?.Value) ? null : metafield.Value.Trim();
}
