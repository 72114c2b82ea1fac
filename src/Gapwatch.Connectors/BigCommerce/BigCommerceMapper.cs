using System.Globalization;
using System.Text.Json;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.BigCommerce;

/// <summary>
/// Turns BigCommerce rows into Gapwatch records, one row at a time: a row that cannot be read is
/// rejected with its reason and the rest of the page is kept. B2B Edition companies become company
/// accounts keyed <c>company-{companyId}</c> so their ids cannot collide with customer ids.
/// </summary>
internal static class BigCommerceMapper
{
    public const string CompanyPrefix = "company-";

    /// <summary>
    /// v3 <c>/customers</c> (with <c>include=addresses,formfields</c>). BigCommerce has no field for the
    /// customer's ERP account number: merchants add a customer form field for it, named by
    /// <paramref name="accountReferenceField"/>.
    /// </summary>
    public static NodeOutcome Customer(JsonElement row, string accountReferenceField) => Keyed(row, "customer", "id", "date_modified", (id, at) =>
    {
        var name = string.Join(' ', new[] { BigCommerceJson.Text(row, "first_name"), BigCommerceJson.Text(row, "last_name") }.Where(p => p is not null));
        var address = First(row, "addresses");
        var group = BigCommerceJson.Text(row, "customer_group_id");
        return [new CommerceCustomer(
            Platform.BigCommerce, id, BigCommerceJson.Text(row, "email"), BigCommerceJson.Text(row, "phone"), name.Length == 0 ? null : name,
            BigCommerceJson.Text(row, "company"), CompanyAccount: false, group is null or "0" ? null : group, [],
            VatField(row, "form_fields", "name", "value"), NamedField(row, "form_fields", "name", "value", accountReferenceField),
            address is { } a ? BigCommerceJson.Text(a, "postal_code") : null, address is { } c ? Country(BigCommerceJson.Text(c, "country_code")) : null,
            BigCommerceJson.Date(row, "date_created") ?? at, MergedIntoId: null, at)];
    });

    /// <summary>
    /// B2B Edition <c>/companies</c> (with <c>isIncludeExtraFields=1</c>); <c>updatedAt</c> is Unix seconds,
    /// often as a string. The ERP account number is the extra field named <paramref name="accountReferenceField"/>
    /// when the company has one, else the company's <c>uuid</c> (B2B Edition's ERP id).
    /// </summary>
    public static NodeOutcome Company(JsonElement row, string accountReferenceField) => Keyed(row, "company", "companyId", "updatedAt", (id, at) =>
    {
        var group = BigCommerceJson.Text(row, "bcGroupId");
        return [new CommerceCustomer(
            Platform.BigCommerce, CompanyPrefix + id, BigCommerceJson.Text(row, "companyEmail"), BigCommerceJson.Text(row, "companyPhone"),
            BigCommerceJson.Text(row, "companyName"), BigCommerceJson.Text(row, "companyName"), CompanyAccount: true, group is null or "0" ? null : group, [],
            VatField(row, "extraFields", "fieldName", "fieldValue"),
            NamedField(row, "extraFields", "fieldName", "fieldValue", accountReferenceField) ?? BigCommerceJson.Text(row, "uuid"),
            BigCommerceJson.Text(row, "zipCode"), Country(BigCommerceJson.Text(row, "countryCode") ?? BigCommerceJson.Text(row, "country")),
            BigCommerceJson.Date(row, "createdAt") ?? at, MergedIntoId: null, at)];
    }, CompanyPrefix);

    /// <summary>
    /// v2 <c>/orders</c>. Amounts in the order's transactional currency (<c>default_currency_code</c>,
    /// falling back to <c>currency_code</c>); ex-tax amounts unless <c>is_tax_inclusive_pricing</c>;
    /// handling and gift wrapping count as shipping (the model has no field for them).
    /// </summary>
    public static NodeOutcome Order(JsonElement row) => Keyed(row, "order", "id", "date_modified", (id, at) =>
    {
        var inclusive = BigCommerceJson.Bool(row, "is_tax_inclusive_pricing");
        var suffix = inclusive ? "_inc_tax" : "_ex_tax";
        var shipping = BigCommerceJson.Money(row, "shipping_cost" + suffix) + BigCommerceJson.Money(row, "handling_cost" + suffix) + BigCommerceJson.Money(row, "wrapping_cost" + suffix);
        var customer = BigCommerceJson.Text(row, "customer_id");
        var currency = BigCommerceJson.Text(row, "default_currency_code") ?? BigCommerceJson.Text(row, "currency_code") ?? "";
        var placed = BigCommerceJson.Date(row, "date_created") ?? at;
        return [new CommerceOrder(
            Platform.BigCommerce, id, id, customer is null or "0" ? null : customer, placed, Status(row), currency.ToUpperInvariant(),
            BigCommerceJson.Money(row, "subtotal" + suffix),
            BigCommerceJson.Money(row, "discount_amount") + BigCommerceJson.Money(row, "coupon_discount"),
            shipping, BigCommerceJson.Money(row, "total_tax"), inclusive, BigCommerceJson.Money(row, "total_inc_tax"),
            ShipToCountry(row), [], at)];
    });

    /// <summary>v3 <c>/orders/{id}/payment_actions/refunds</c>: no currency on the wire, so the order's; refunds do not change, so their version is <c>created</c>.</summary>
    public static NodeOutcome Refund(JsonElement row, string orderId, string currency) => Keyed(row, "refund", "id", "created", (id, at) =>
        [new CommerceRefund(Platform.BigCommerce, id, BigCommerceJson.Text(row, "order_id") ?? orderId, at,
            BigCommerceJson.Money(row, "total_amount"), BigCommerceJson.Money(row, "total_tax"), currency, at)]);

    /// <summary>
    /// Status by <c>status_id</c>: 5 Cancelled and 6 Declined are cancelled, 0 Incomplete (an
    /// abandoned checkout) a draft, 2 Shipped and 10 Completed fulfilled, everything else open
    /// (refunds are separate records, so 4 Refunded and 14 Partially Refunded stay sales).
    /// </summary>
    private static CommerceOrderStatus Status(JsonElement row) => BigCommerceJson.Text(row, "status_id") switch
    {
        null => throw new FormatException("status_id is missing"),
        "5" or "6" => CommerceOrderStatus.Cancelled,
        "0" => CommerceOrderStatus.Draft,
        "2" or "10" => CommerceOrderStatus.Fulfilled,
        var s when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out _) => CommerceOrderStatus.Open,
        var s => throw new FormatException($"status_id is not a number ('{s}')"),
    };

    /// <summary>
    /// The ship-to country: the first shipping consignment's <c>country_iso2</c>, embedded in the order list
    /// by <c>include=consignments</c> (no call per order). Consignments come as an object
    /// (<c>consignment_structure=object</c>: <c>{"shipping":[…],"pickups":[…],…}</c>) or, in the legacy
    /// form, as an array of such objects. An order without a shipping consignment (digital, picked up)
    /// ships nowhere; for a digital order the billing country stands in.
    /// </summary>
    private static string? ShipToCountry(JsonElement row)
    {
        if (row.TryGetProperty("consignments", out var consignments))
        {
            var groups = consignments.ValueKind switch
            {
                JsonValueKind.Object => new List<JsonElement> { consignments },
                JsonValueKind.Array => consignments.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.Object).ToList(),
                _ => [],
            };
            foreach (var group in groups)
            {
                if (First(group, "shipping") is { ValueKind: JsonValueKind.Object } shipping && Country(BigCommerceJson.Text(shipping, "country_iso2")) is { } country)
                {
                    return country;
                }
            }
        }

        return BigCommerceJson.Bool(row, "order_is_digital") && row.TryGetProperty("billing_address", out var billing) && billing.ValueKind == JsonValueKind.Object
            ? Country(BigCommerceJson.Text(billing, "country_iso2"))
            : null;
    }

    private static string? Country(string? code) => code is { Length: 2 } ? code.ToUpperInvariant() : null;

    private static JsonElement? First(JsonElement row, string name) =>
        row.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0 ? list[0] : null;

    /// <summary>The value of the form field or extra field with this name (compared trimmed, ignoring case: it is a label the merchant typed); blank counts as none.</summary>
    private static string? NamedField(JsonElement row, string list, string nameField, string valueField, string name)
    {
        if (!row.TryGetProperty(list, out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var wanted = name.Trim();
        return fields.EnumerateArray()
            .Where(f => f.ValueKind == JsonValueKind.Object && string.Equals(BigCommerceJson.Text(f, nameField)?.Trim(), wanted, StringComparison.OrdinalIgnoreCase))
            .Select(f => BigCommerceJson.Text(f, valueField)?.Trim())
            .FirstOrDefault(v => !string.IsNullOrEmpty(v));
    }

    /// <summary>BigCommerce has no VAT field: it is a customer form field or a B2B company extra field whose name mentions VAT or tax id.</summary>
    private static string? VatField(JsonElement row, string list, string nameField, string valueField)
    {
        if (!row.TryGetProperty(list, out var fields) || fields.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var field in fields.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object))
        {
            var name = BigCommerceJson.Text(field, nameField)?.ToUpperInvariant() ?? "";
            if ((name.Contains("VAT", StringComparison.Ordinal) || name.Contains("TAX ID", StringComparison.Ordinal) || name.Contains("TAX NUMBER", StringComparison.Ordinal)
                || name.Contains("TAXID", StringComparison.Ordinal)) && BigCommerceJson.Text(field, valueField) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static NodeOutcome Keyed(JsonElement row, string what, string idField, string versionField, Func<string, DateTimeOffset, IReadOnlyList<ISourceRecord>> build, string keyPrefix = "")
    {
        if (row.ValueKind != JsonValueKind.Object)
        {
            return NodeOutcome.Reject(null, $"{what} is not an object");
        }

        string? id = null;
        DateTimeOffset? at = null;
        try
        {
            id = BigCommerceJson.Text(row, idField);
            if (id is null or "0")
            {
                return NodeOutcome.Reject(null, $"{what} has no {idField}");
            }

            at = BigCommerceJson.Date(row, versionField);
            if (at is null)
            {
                return NodeOutcome.Reject(keyPrefix + id, $"{what} {id} has no {versionField}");
            }

            return new NodeOutcome(build(id, at.Value), new SyncCursor(at.Value, id), null);
        }
        catch (FormatException e)
        {
            return at is { } stamped && id is not null
                ? new NodeOutcome([], new SyncCursor(stamped, id), new RejectedRow(keyPrefix + id, $"{what} {id} could not be read: {e.Message}"))
                : NodeOutcome.Reject(id is null ? null : keyPrefix + id, $"{what} {id} could not be read: {e.Message}");
        }
    }
}
