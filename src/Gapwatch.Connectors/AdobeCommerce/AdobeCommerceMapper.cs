using System.Globalization;
using System.Text.Json;
using Gapwatch.Model;

namespace Gapwatch.Connectors.AdobeCommerce;

/// <summary>
/// Turns Magento REST objects into Gapwatch records. Amounts are the <c>base_*</c> amounts in the
/// base currency (what the merchant books in), never the order-currency amounts shown to the buyer.
/// Companies become company accounts keyed <c>company-{id}</c> so their ids cannot collide with
/// customer ids; a B2B order carrying its company is that company's.
/// </summary>
internal static class AdobeCommerceMapper
{
    public const string CompanyPrefix = "company-";

    /// <summary>Magento's naive UTC <c>YYYY-MM-DD HH:MM:SS</c> (whatever the store's time zone); ISO 8601 with an offset is accepted too.</summary>
    public static DateTimeOffset? Instant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTime.TryParseExact(text.Trim(), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var naive))
        {
            return new DateTimeOffset(naive, TimeSpan.Zero);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var iso) ? iso.ToUniversalTime() : throw new FormatException($"'{text}' is not a date");
    }

    /// <summary>The wire form of an instant in filters: <c>YYYY-MM-DD HH:MM:SS</c> in UTC.</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A customer. Magento has no field for the customer's ERP account number: merchants add a customer
    /// attribute for it, whose code is <paramref name="accountReferenceAttribute"/>.
    /// </summary>
    public static CommerceCustomer Customer(MagentoCustomer c, string id, DateTimeOffset updatedAt, string accountReferenceAttribute)
    {
        var addresses = c.Addresses ?? [];
        var billing = addresses.FirstOrDefault(a => a.DefaultBilling == true) ?? addresses.FirstOrDefault();
        var name = string.Join(' ', new[] { c.Firstname, c.Lastname }.Where(p => !string.IsNullOrWhiteSpace(p)));
        var vat = !string.IsNullOrWhiteSpace(c.Taxvat) ? c.Taxvat.Trim() : addresses.Select(a => a.VatId).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
        var company = c.ExtensionAttributes?.CompanyAttributes?.CompanyId is { } companyId and > 0 ? CompanyPrefix + Id(companyId) : null;
        return new CommerceCustomer(
            Platform.AdobeCommerce, id, c.Email, billing?.Telephone, name.Length == 0 ? null : name, billing?.Company,
            CompanyAccount: false, c.GroupId is { } g ? Id(g) : null, company is null ? [] : [company], vat, Attribute(c, accountReferenceAttribute),
            billing?.Postcode, billing?.CountryId, Instant(c.CreatedAt) ?? updatedAt, MergedIntoId: null, updatedAt);
    }

    /// <summary>A custom attribute's value as text (string or number), trimmed; blank or absent counts as none.</summary>
    internal static string? Attribute(MagentoCustomer c, string code)
    {
        var value = (c.CustomAttributes ?? []).FirstOrDefault(a => a.AttributeCode == code)?.Value;
        var text = value?.ValueKind switch
        {
            JsonValueKind.String => value.Value.GetString(),
            JsonValueKind.Number => value.Value.GetRawText(),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    /// <summary>
    /// A B2B company. Magento's company object has no timestamps: it is versionless (the store keeps
    /// the content; an unchanged company is counted unchanged) and its creation is unknown (Unix epoch).
    /// </summary>
    public static CommerceCustomer Company(MagentoCompany c, string id)
    {
        var updated = Instant(c.UpdatedAt);
        return new CommerceCustomer(
            Platform.AdobeCommerce, CompanyPrefix + id, c.CompanyEmail, c.Telephone, c.CompanyName, c.LegalName ?? c.CompanyName,
            CompanyAccount: true, c.CustomerGroupId is { } g ? Id(g) : null, [], string.IsNullOrWhiteSpace(c.VatTaxId) ? null : c.VatTaxId.Trim(),
            string.IsNullOrWhiteSpace(c.ResellerId) ? null : c.ResellerId.Trim(), c.Postcode, c.CountryId,
            Instant(c.CreatedAt) ?? updated ?? DateTimeOffset.UnixEpoch, MergedIntoId: null, updated);
    }

    /// <summary>
    /// An order in base currency. Magento stores <c>discount_amount</c> as a negative number; the model
    /// keeps discounts positive. Magento's <c>subtotal</c> and <c>shipping_amount</c> always exclude tax
    /// and <c>grand_total</c> includes it. When the store's catalog prices include tax (see
    /// <see cref="TaxInclusive"/>), the order is stored tax-inclusive — lines and shipping with their tax
    /// (<c>subtotal_incl_tax</c>, <c>shipping_incl_tax</c>), the discount as Magento applied it — so
    /// <c>total = lines − discounts + shipping</c>; otherwise <c>total = lines − discounts + shipping + tax</c>.
    /// The total is Magento's grand total either way.
    /// </summary>
    public static CommerceOrder Order(MagentoOrder o, string id, DateTimeOffset updatedAt)
    {
        var inclusive = TaxInclusive(o);
        var shipTo = o.ExtensionAttributes?.ShippingAssignments?.Select(s => s.Shipping?.Address?.CountryId).FirstOrDefault(c => c is not null);
        var buyer = o.ExtensionAttributes?.CompanyOrderAttributes?.CompanyId is { } company and > 0 ? CompanyPrefix + Id(company)
            : o.CustomerIsGuest != true && o.CustomerId is { } customer and > 0 ? Id(customer)
            : null;
        return new CommerceOrder(
            Platform.AdobeCommerce, id, o.IncrementId, buyer, Instant(o.CreatedAt) ?? updatedAt, Status(o.State), o.BaseCurrencyCode ?? "",
            (inclusive ? o.BaseSubtotalInclTax : o.BaseSubtotal) ?? 0m, Math.Abs(o.BaseDiscountAmount ?? 0m),
            (inclusive ? o.BaseShippingInclTax : o.BaseShippingAmount) ?? 0m, o.BaseTaxAmount ?? 0m, inclusive,
            o.BaseGrandTotal ?? 0m, shipTo, [], updatedAt);
    }

    /// <summary>
    /// Whether the store's catalog prices included tax for this order. The order has no flag for it; its
    /// lines tell: a taxed line's <c>original_price</c> is the catalog price as entered, which equals
    /// <c>price_incl_tax</c> (not <c>price</c>) when prices are entered with tax. Every taxed top-level line
    /// must agree; child rows of configurable products are skipped; an order without taxed lines is not inclusive.
    /// </summary>
    internal static bool TaxInclusive(MagentoOrder o)
    {
        var taxed = (o.Items ?? []).Where(i => i.ParentItemId is null && i.TaxPercent > 0m && i.BasePriceInclTax is { } incl && i.BasePrice is { } excl && incl != excl).ToList();
        return taxed.Count > 0 && taxed.All(i => i.BaseOriginalPrice == i.BasePriceInclTax);
    }

    /// <summary>A credit memo as a refund in base currency; a cancelled one (state 3) refunded nothing.</summary>
    public static CommerceRefund Refund(MagentoCreditMemo m, string id, string orderId, DateTimeOffset updatedAt)
    {
        var cancelled = m.State == 3;
        return new CommerceRefund(
            Platform.AdobeCommerce, id, orderId, Instant(m.CreatedAt) ?? updatedAt, cancelled ? 0m : m.BaseGrandTotal ?? 0m, cancelled ? 0m : m.BaseTaxAmount ?? 0m,
            m.BaseCurrencyCode ?? "", updatedAt);
    }

    /// <summary>By <c>state</c> (fixed), not <c>status</c> (merchant-configurable): <c>canceled</c> (one l), <c>complete</c> and <c>closed</c> (refunded after completion), else open.</summary>
    internal static CommerceOrderStatus Status(string? state) => state switch
    {
        "canceled" => CommerceOrderStatus.Cancelled,
        "complete" or "closed" => CommerceOrderStatus.Fulfilled,
        _ => CommerceOrderStatus.Open,
    };
}
