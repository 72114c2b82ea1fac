using System.Globalization;
using System.Text.Json.Nodes;

namespace Gapwatch.Simulators.Shopify;

/// <summary>One object the simulated shop serves: its resource, numeric id, version and wire JSON (served as is).</summary>
public sealed record ShopifyObject(string Resource, string Id, DateTimeOffset UpdatedAt, JsonObject Json);

/// <summary>
/// The simulated shop's data: customers, companies and orders as Admin GraphQL JSON. Thread-safe;
/// tests change it between or during runs (an edit is a new version with a later <c>updatedAt</c>).
/// The helpers build the shapes the real API returns for the fields Gapwatch asks for; any JSON
/// can be stored with <see cref="Put"/> (unknown fields, numbers as strings, null ids).
/// </summary>
public sealed class ShopifyDataset
{
    public const string Customers = "customers";
    public const string Companies = "companies";
    public const string Orders = "orders";

    private readonly Lock gate = new();
    private readonly Dictionary<(string Resource, string Id), ShopifyObject> objects = [];
    private readonly Dictionary<string, ShopifyObject[]> snapshots = [];

    public int Count
    {
        get
        {
            lock (gate)
            {
                return objects.Count;
            }
        }
    }

    public ShopifyDataset Put(string resource, string id, DateTimeOffset updatedAt, JsonObject json)
    {
        lock (gate)
        {
            objects[(resource, id)] = new ShopifyObject(resource, id, updatedAt, json);
            snapshots.Remove(resource);
        }

        return this;
    }

    public void Remove(string resource, string id)
    {
        lock (gate)
        {
            objects.Remove((resource, id));
            snapshots.Remove(resource);
        }
    }

    /// <summary>The objects of one resource in <c>UPDATED_AT</c> order (ties by numeric id), as copies safe to serialise.</summary>
    public IReadOnlyList<ShopifyObject> Sorted(string resource)
    {
        lock (gate)
        {
            return [.. SnapshotLocked(resource).Select(o => o with { Json = (JsonObject)o.Json.DeepClone() })];
        }
    }

    /// <summary>
    /// The objects of one resource in <c>UPDATED_AT</c> order, sorted once until the next change and
    /// not copied: the handler copies only what it serves, so a page costs one pass, not a sort and
    /// a copy of everything. Callers must not change the JSON.
    /// </summary>
    internal IReadOnlyList<ShopifyObject> Snapshot(string resource)
    {
        lock (gate)
        {
            return SnapshotLocked(resource);
        }
    }

    private ShopifyObject[] SnapshotLocked(string resource)
    {
        if (!snapshots.TryGetValue(resource, out var snapshot))
        {
            snapshot = [.. objects.Values
                .Where(o => o.Resource == resource)
                .OrderBy(o => o.UpdatedAt.UtcDateTime)
                .ThenBy(o => o.Id, IdComparer.Instance)];
            snapshots[resource] = snapshot;
        }

        return snapshot;
    }

    /// <summary>An object's metafields as the simulator stores them; each answer serves the ones its query asks for by namespace and key.</summary>
    public static JsonArray Metafields(params (string Namespace, string Key, string? Value)[] fields) =>
        new([.. fields.Where(f => f.Value is not null).Select(f => (JsonNode)new JsonObject { ["namespace"] = f.Namespace, ["key"] = f.Key, ["value"] = f.Value })]);

    public ShopifyDataset Customer(long id, DateTimeOffset updatedAt, string email, string firstName, string lastName, string country = "US", string? zip = null, DateTimeOffset? createdAt = null) =>
        Put(Customers, Text(id), updatedAt, new JsonObject
        {
            ["id"] = Gid("Customer", id),
            ["legacyResourceId"] = Text(id),
            ["email"] = email,
            ["phone"] = null,
            ["firstName"] = firstName,
            ["lastName"] = lastName,
            ["displayName"] = $"{firstName} {lastName}",
            ["tags"] = new JsonArray(),
            ["createdAt"] = Stamp(createdAt ?? updatedAt),
            ["updatedAt"] = Stamp(updatedAt),
            ["taxExempt"] = false,
            ["defaultAddress"] = new JsonObject { ["company"] = null, ["zip"] = zip, ["countryCodeV2"] = country },
        });

    /// <summary>A B2B company with one location whose tax registration id is served both in <c>taxSettings</c> and the deprecated root field.</summary>
    public ShopifyDataset Company(long id, DateTimeOffset updatedAt, string name, string? taxRegistrationId, string? externalId = null, string country = "DE", string? contactEmail = null) =>
        Put(Companies, Text(id), updatedAt, new JsonObject
        {
            ["id"] = Gid("Company", id),
            ["name"] = name,
            ["externalId"] = externalId,
            ["createdAt"] = Stamp(updatedAt.AddDays(-30)),
            ["updatedAt"] = Stamp(updatedAt),
            ["mainContact"] = contactEmail is null ? null : new JsonObject { ["customer"] = new JsonObject { ["email"] = contactEmail, ["phone"] = null } },
            ["locations"] = new JsonObject
            {
                ["nodes"] = new JsonArray(new JsonObject
                {
                    ["id"] = Gid("CompanyLocation", id * 10),
                    ["externalId"] = null,
                    ["taxRegistrationId"] = taxRegistrationId,
                    ["taxSettings"] = new JsonObject { ["taxRegistrationId"] = taxRegistrationId, ["taxExempt"] = false },
                    ["billingAddress"] = new JsonObject { ["zip"] = "10115", ["countryCode"] = country },
                }),
            },
        });

    /// <summary>An order; amounts are shop money, presentment money is the shop amount times <paramref name="presentmentRate"/> in <paramref name="presentmentCurrency"/>.</summary>
    public ShopifyDataset Order(
        long id,
        DateTimeOffset updatedAt,
        long? customerId,
        string currency,
        decimal subtotal,
        decimal shipping,
        decimal tax,
        decimal discounts = 0m,
        bool taxesIncluded = false,
        long? companyId = null,
        string? presentmentCurrency = null,
        decimal presentmentRate = 1m,
        DateTimeOffset? cancelledAt = null,
        string fulfillment = "UNFULFILLED",
        IReadOnlyList<(long Id, decimal Amount, decimal Tax, DateTimeOffset At)>? refunds = null)
    {
        var total = subtotal + shipping + (taxesIncluded ? 0m : tax);
        var shown = presentmentCurrency ?? currency;
        JsonObject Bag(decimal amount) => new()
        {
            ["shopMoney"] = new JsonObject { ["amount"] = Text(amount), ["currencyCode"] = currency },
            ["presentmentMoney"] = new JsonObject { ["amount"] = Text(Math.Round(amount * presentmentRate, 2, MidpointRounding.AwayFromZero)), ["currencyCode"] = shown },
        };
        var refundNodes = new JsonArray([.. (refunds ?? []).Select(r => (JsonNode)new JsonObject
        {
            ["id"] = Gid("Refund", r.Id),
            ["legacyResourceId"] = Text(r.Id),
            ["createdAt"] = Stamp(r.At),
            ["updatedAt"] = Stamp(r.At),
            ["totalRefundedSet"] = Bag(r.Amount),
            ["refundLineItems"] = new JsonObject { ["nodes"] = new JsonArray(new JsonObject { ["totalTaxSet"] = Bag(r.Tax) }) },
        })]);
        return Put(Orders, Text(id), updatedAt, new JsonObject
        {
            ["id"] = Gid("Order", id),
            ["legacyResourceId"] = Text(id),
            ["name"] = "#" + Text(id),
            ["createdAt"] = Stamp(updatedAt.AddHours(-1)),
            ["processedAt"] = Stamp(updatedAt.AddHours(-1)),
            ["updatedAt"] = Stamp(updatedAt),
            ["cancelledAt"] = cancelledAt is { } c ? Stamp(c) : null,
            ["cancelReason"] = cancelledAt is null ? null : "CUSTOMER",
            ["displayFinancialStatus"] = "PAID",
            ["displayFulfillmentStatus"] = fulfillment,
            ["currencyCode"] = currency,
            ["presentmentCurrencyCode"] = shown,
            ["taxesIncluded"] = taxesIncluded,
            ["tags"] = new JsonArray(),
            ["customer"] = customerId is { } cid ? new JsonObject { ["id"] = Gid("Customer", cid) } : null,
            ["purchasingEntity"] = companyId is { } co
                ? new JsonObject { ["__typename"] = "PurchasingCompany", ["company"] = new JsonObject { ["id"] = Gid("Company", co) }, ["location"] = new JsonObject { ["id"] = Gid("CompanyLocation", co * 10) } }
                : customerId is { } buyer ? new JsonObject { ["__typename"] = "Customer", ["id"] = Gid("Customer", buyer) } : null,
            ["shippingAddress"] = new JsonObject { ["countryCodeV2"] = "US" },
            ["subtotalPriceSet"] = Bag(subtotal - discounts),
            ["totalDiscountsSet"] = Bag(discounts),
            ["totalShippingPriceSet"] = Bag(shipping),
            ["totalTaxSet"] = Bag(tax),
            ["totalPriceSet"] = Bag(total - discounts),
            ["refunds"] = refundNodes,
        });
    }

    public static string Gid(string type, long id) => $"gid://shopify/{type}/{Text(id)}";

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Numeric ids in numeric order, anything else after them in ordinal order.</summary>
    internal sealed class IdComparer : IComparer<string>
    {
        public static IdComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var xn = long.TryParse(x, NumberStyles.None, CultureInfo.InvariantCulture, out var a);
            var yn = long.TryParse(y, NumberStyles.None, CultureInfo.InvariantCulture, out var b);
            return (xn, yn) switch
            {
                (true, true) => a.CompareTo(b),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
        }
    }
}
