using System.Globalization;
using System.Text.Json.Nodes;

namespace Gapwatch.Simulators.BigCommerce;

/// <summary>One object the simulated store serves: its resource, numeric id, version and wire JSON (served as is).</summary>
public sealed record BigCommerceObject(string Resource, string Id, DateTimeOffset UpdatedAt, JsonObject Json);

/// <summary>
/// The simulated store's data as the BigCommerce APIs write it: v3 customers (ISO dates), B2B
/// Edition companies (Unix-second strings), v2 orders (RFC 2822 dates, 4-decimal money strings)
/// and each order's v3 refunds. Thread-safe; tests change it between or during runs (an edit is a
/// new version with a later modified date). Any JSON can be stored with <see cref="Put"/>.
/// </summary>
public sealed class BigCommerceDataset
{
    public const string Customers = "customers";
    public const string Companies = "companies";
    public const string Orders = "orders";
    public const string Refunds = "refunds";

    private readonly Lock gate = new();
    private readonly Dictionary<(string Resource, string Id), BigCommerceObject> objects = [];
    private readonly Dictionary<string, BigCommerceObject[]> snapshots = [];
    private readonly Dictionary<string, List<JsonObject>> refunds = [];

    public BigCommerceDataset Put(string resource, string id, DateTimeOffset updatedAt, JsonObject json)
    {
        lock (gate)
        {
            objects[(resource, id)] = new BigCommerceObject(resource, id, updatedAt, json);
            snapshots.Remove(resource);
        }

        return this;
    }

    /// <summary>The objects of one resource by version ascending (ties by numeric id), as copies safe to serialise.</summary>
    public IReadOnlyList<BigCommerceObject> Sorted(string resource)
    {
        lock (gate)
        {
            return [.. SnapshotLocked(resource).Select(o => o with { Json = (JsonObject)o.Json.DeepClone() })];
        }
    }

    /// <summary>
    /// The objects of one resource by version ascending, sorted once until the next change and not
    /// copied: the handler copies only the rows it serves. Callers must not change the JSON.
    /// </summary>
    internal IReadOnlyList<BigCommerceObject> Snapshot(string resource)
    {
        lock (gate)
        {
            return SnapshotLocked(resource);
        }
    }

    private BigCommerceObject[] SnapshotLocked(string resource)
    {
        if (!snapshots.TryGetValue(resource, out var snapshot))
        {
            snapshot = [.. objects.Values
                .Where(o => o.Resource == resource)
                .OrderBy(o => o.UpdatedAt.UtcDateTime)
                .ThenBy(o => long.TryParse(o.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue)
                .ThenBy(o => o.Id, StringComparer.Ordinal)];
            snapshots[resource] = snapshot;
        }

        return snapshot;
    }

    /// <summary>The refunds of one order (copies).</summary>
    public IReadOnlyList<JsonObject> RefundsOf(string orderId)
    {
        lock (gate)
        {
            return refunds.TryGetValue(orderId, out var list) ? [.. list.Select(r => (JsonObject)r.DeepClone())] : [];
        }
    }

    public BigCommerceDataset Customer(long id, DateTimeOffset updatedAt, string email, string firstName, string lastName, string country = "US", string? postcode = null, string? vat = null) =>
        Put(Customers, Text(id), updatedAt, new JsonObject
        {
            ["id"] = id,
            ["email"] = email,
            ["first_name"] = firstName,
            ["last_name"] = lastName,
            ["company"] = "",
            ["phone"] = "",
            ["customer_group_id"] = 0,
            ["date_created"] = Iso(updatedAt.AddDays(-30)),
            ["date_modified"] = Iso(updatedAt),
            ["addresses"] = new JsonArray(new JsonObject { ["id"] = id * 10, ["customer_id"] = id, ["postal_code"] = postcode ?? "", ["country_code"] = country }),
            ["form_fields"] = vat is null ? new JsonArray() : new JsonArray(new JsonObject { ["name"] = "VAT number", ["value"] = vat }),
            ["channel_ids"] = new JsonArray(1),
        });

    /// <summary>A B2B Edition company; the VAT number is an extra field, as B2B Edition has no field of its own for it.</summary>
    public BigCommerceDataset Company(long id, DateTimeOffset updatedAt, string name, string? vat, string? uuid = null, string country = "DE", int status = 1) =>
        Put(Companies, Text(id), updatedAt, new JsonObject
        {
            ["companyId"] = id,
            ["companyName"] = name,
            ["companyStatus"] = status,
            ["companyEmail"] = $"office@{name.Split(' ')[0].ToLowerInvariant()}.example",
            ["companyPhone"] = "",
            ["bcGroupId"] = 3,
            ["uuid"] = uuid,
            ["country"] = country,
            ["zipCode"] = "10115",
            ["createdAt"] = Unix(updatedAt.AddDays(-60)),
            ["updatedAt"] = Unix(updatedAt),
            ["extraFields"] = vat is null ? new JsonArray() : new JsonArray(new JsonObject { ["fieldName"] = "VAT ID", ["fieldValue"] = vat }),
        });

    /// <summary>
    /// A v2 order. Amounts are ex tax unless <paramref name="taxInclusive"/>; the total is what the buyer pays.
    /// Refunds are (id, amount, tax, created) and set <c>refunded_amount</c>.
    /// </summary>
    public BigCommerceDataset Order(
        long id,
        DateTimeOffset updatedAt,
        long customerId,
        string currency,
        decimal subtotal,
        decimal shipping,
        decimal tax,
        decimal discount = 0m,
        bool taxInclusive = false,
        int statusId = 11,
        IReadOnlyList<(long Id, decimal Amount, decimal Tax, DateTimeOffset Created)>? refundList = null,
        string? shipTo = null)
    {
        var total = subtotal - discount + shipping + (taxInclusive ? 0m : tax);
        var refunded = refundList?.Sum(r => r.Amount) ?? 0m;
        var json = new JsonObject
        {
            ["id"] = id,
            ["customer_id"] = customerId,
            ["date_created"] = Rfc2822(updatedAt.AddHours(-2)),
            ["date_modified"] = Rfc2822(updatedAt),
            ["date_shipped"] = "",
            ["status_id"] = statusId,
            ["status"] = statusId switch { 5 => "Cancelled", 10 => "Completed", 4 => "Refunded", 14 => "Partially Refunded", _ => "Awaiting Fulfillment" },
            ["subtotal_ex_tax"] = Money(taxInclusive ? subtotal - tax : subtotal),
            ["subtotal_inc_tax"] = Money(taxInclusive ? subtotal : subtotal + tax),
            ["subtotal_tax"] = Money(tax),
            ["shipping_cost_ex_tax"] = Money(shipping),
            ["shipping_cost_inc_tax"] = Money(shipping),
            ["shipping_cost_tax"] = Money(0m),
            ["handling_cost_ex_tax"] = Money(0m),
            ["handling_cost_inc_tax"] = Money(0m),
            ["wrapping_cost_ex_tax"] = Money(0m),
            ["wrapping_cost_inc_tax"] = Money(0m),
            ["total_ex_tax"] = Money(total - tax),
            ["total_inc_tax"] = Money(total),
            ["total_tax"] = Money(tax),
            ["is_tax_inclusive_pricing"] = taxInclusive,
            ["refunded_amount"] = Money(refunded),
            ["discount_amount"] = Money(0m),
            ["coupon_discount"] = Money(discount),
            ["currency_code"] = currency,
            ["default_currency_code"] = currency,
            ["order_is_digital"] = false,
            ["is_deleted"] = false,
            ["billing_address"] = new JsonObject { ["country_iso2"] = "US", ["email"] = $"buyer{customerId}@example.com" },
            ["products"] = new JsonObject { ["url"] = $"https://api.bigcommerce.com/stores/{{store_hash}}/v2/orders/{id}/products", ["resource"] = $"/orders/{id}/products" },
        };
        if (shipTo is not null)
        {
            json[BigCommerceIncludes.Consignments] = Consignments(id, shipTo);
        }

        lock (gate)
        {
            refunds[Text(id)] = [.. (refundList ?? []).Select(r => new JsonObject
            {
                ["id"] = r.Id,
                ["order_id"] = id,
                ["user_id"] = 0,
                ["created"] = Iso(r.Created),
                ["reason"] = "Customer requires a refund.",
                ["total_amount"] = r.Amount,
                ["total_tax"] = r.Tax,
                ["uses_merchant_override_values"] = false,
                ["payments"] = new JsonArray(new JsonObject { ["id"] = r.Id + 1, ["provider_id"] = "storecredit", ["amount"] = r.Amount, ["offline"] = true, ["is_declined"] = false }),
                ["items"] = new JsonArray(new JsonObject { ["item_type"] = "ORDER", ["item_id"] = id, ["quantity"] = 1, ["requested_amount"] = r.Amount }),
            })];
        }

        return Put(Orders, Text(id), updatedAt, json);
    }

    /// <summary>
    /// An order's consignments as <c>include=consignments&amp;consignment_structure=object</c> embeds them:
    /// one shipping consignment to <paramref name="country"/> (ISO 3166 alpha-2), or none when it ships nowhere.
    /// </summary>
    public static JsonObject Consignments(long orderId, string? country) => new()
    {
        ["shipping"] = country is null ? new JsonArray() : new JsonArray(new JsonObject
        {
            ["id"] = orderId * 10,
            ["order_id"] = orderId,
            ["country_iso2"] = country,
            ["shipping_method"] = "Flat Rate",
            ["line_items"] = new JsonArray(),
        }),
        ["pickups"] = new JsonArray(),
        ["downloads"] = new JsonArray(),
    };

    public static string Rfc2822(DateTimeOffset at) => at.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string Money(decimal amount) => amount.ToString("0.0000", CultureInfo.InvariantCulture);

    private static string Text(long id) => id.ToString(CultureInfo.InvariantCulture);
}
