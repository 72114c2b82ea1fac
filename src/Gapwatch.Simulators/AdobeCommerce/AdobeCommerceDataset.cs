using System.Globalization;
using System.Text.Json.Nodes;

namespace Gapwatch.Simulators.AdobeCommerce;

/// <summary>One object the simulated store serves: resource, entity id, version (none for companies) and wire JSON.</summary>
public sealed record AdobeCommerceObject(string Resource, long Id, DateTimeOffset? UpdatedAt, JsonObject Json)
{
    /// <summary><see cref="UpdatedAt"/> as Magento writes it, formatted once (filters and sorts compare it on every request).</summary>
    internal string? Stamp { get; } = UpdatedAt is { } at ? AdobeCommerceDataset.Stamp(at) : null;
}

/// <summary>
/// The simulated store's data as Magento 2 REST JSON (snake_case, naive UTC <c>YYYY-MM-DD HH:MM:SS</c>
/// dates, amounts as numbers, every amount twice: <c>base_*</c> and order currency). Thread-safe; tests
/// change it between or during runs. Any JSON can be stored with <see cref="Put"/>.
/// </summary>
public sealed class AdobeCommerceDataset
{
    public const string Customers = "customers";
    public const string Companies = "companies";
    public const string Orders = "orders";
    public const string CreditMemos = "creditmemos";

    private readonly Lock gate = new();
    private readonly Dictionary<(string Resource, long Id), AdobeCommerceObject> objects = [];
    private readonly Dictionary<string, AdobeCommerceObject[]> snapshots = [];
    private readonly Dictionary<string, AdobeCommerceObject[]> byVersion = [];

    public AdobeCommerceDataset Put(string resource, long id, DateTimeOffset? updatedAt, JsonObject json)
    {
        lock (gate)
        {
            objects[(resource, id)] = new AdobeCommerceObject(resource, id, updatedAt, json);
            snapshots.Remove(resource);
            byVersion.Remove(resource);
        }

        return this;
    }

    /// <summary>The objects of one resource by entity id, as copies.</summary>
    public IReadOnlyList<AdobeCommerceObject> All(string resource)
    {
        lock (gate)
        {
            return [.. SnapshotLocked(resource).Select(o => o with { Json = (JsonObject)o.Json.DeepClone() })];
        }
    }

    /// <summary>
    /// The objects of one resource by entity id, sorted once until the next change and not copied:
    /// the handler copies only the rows it serves. Callers must not change the JSON.
    /// </summary>
    internal IReadOnlyList<AdobeCommerceObject> Snapshot(string resource)
    {
        lock (gate)
        {
            return SnapshotLocked(resource);
        }
    }

    /// <summary>
    /// The objects of one resource in the order <c>updated_at ASC, entity_id ASC</c> gives (the formatted
    /// stamp compared ordinally, objects without one first, then the id), sorted once until the next
    /// change and not copied. Callers must not change the JSON.
    /// </summary>
    internal IReadOnlyList<AdobeCommerceObject> SnapshotByVersion(string resource)
    {
        lock (gate)
        {
            if (!byVersion.TryGetValue(resource, out var snapshot))
            {
                snapshot = [.. SnapshotLocked(resource).OrderBy(o => o.Stamp, StringComparer.Ordinal).ThenBy(o => o.Id)];
                byVersion[resource] = snapshot;
            }

            return snapshot;
        }
    }

    private AdobeCommerceObject[] SnapshotLocked(string resource)
    {
        if (!snapshots.TryGetValue(resource, out var snapshot))
        {
            snapshot = [.. objects.Values.Where(o => o.Resource == resource).OrderBy(o => o.Id)];
            snapshots[resource] = snapshot;
        }

        return snapshot;
    }

    public AdobeCommerceObject Get(string resource, long id) => All(resource).Single(o => o.Id == id);

    public AdobeCommerceDataset Customer(long id, DateTimeOffset updatedAt, string email, string firstName, string lastName, int groupId = 1, string? taxvat = null, long? companyId = null, string country = "US", string postcode = "10001")
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["group_id"] = groupId,
            ["created_at"] = Stamp(updatedAt.AddDays(-10)),
            ["updated_at"] = Stamp(updatedAt),
            ["created_in"] = "Default Store View",
            ["email"] = email,
            ["firstname"] = firstName,
            ["lastname"] = lastName,
            ["store_id"] = 1,
            ["website_id"] = 1,
            ["addresses"] = new JsonArray(new JsonObject
            {
                ["id"] = id * 10,
                ["customer_id"] = id,
                ["country_id"] = country,
                ["postcode"] = postcode,
                ["telephone"] = "512-555-0100",
                ["default_billing"] = true,
            }),
            ["disable_auto_group_change"] = 0,
            ["extension_attributes"] = companyId is { } company
                ? new JsonObject { ["company_attributes"] = new JsonObject { ["customer_id"] = id, ["company_id"] = company, ["status"] = 1 }, ["is_subscribed"] = false }
                : new JsonObject { ["is_subscribed"] = false },
        };
        if (taxvat is not null)
        {
            json["taxvat"] = taxvat;
        }

        return Put(Customers, id, updatedAt, json);
    }

    /// <summary>A B2B company. Magento's company object has no timestamps; unset fields (<c>vat_tax_id</c>) are omitted.</summary>
    public AdobeCommerceDataset Company(long id, string name, string? vatTaxId, string country = "DE", string? resellerId = null)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["status"] = 1,
            ["company_name"] = name,
            ["legal_name"] = name,
            ["company_email"] = $"purchasing{id}@example.com",
            ["street"] = new JsonArray("1 Industriestrasse"),
            ["city"] = "Berlin",
            ["country_id"] = country,
            ["postcode"] = "10115",
            ["telephone"] = "030 5550000",
            ["customer_group_id"] = 2,
            ["sales_representative_id"] = 1,
            ["reject_reason"] = null,
            ["rejected_at"] = null,
            ["super_user_id"] = id * 100,
            ["extension_attributes"] = new JsonObject { ["applicable_payment_method"] = 0, ["quote_config"] = new JsonObject { ["is_quote_enabled"] = true } },
        };
        if (vatTaxId is not null)
        {
            json["vat_tax_id"] = vatTaxId;
        }

        if (resellerId is not null)
        {
            json["reseller_id"] = resellerId;
        }

        return Put(Companies, id, null, json);
    }

    /// <summary>
    /// An order: base amounts in <paramref name="baseCurrency"/>, order-currency amounts at <paramref name="rate"/>
    /// in <paramref name="orderCurrency"/>. <c>discount_amount</c> is negative, as Magento stores it.
    /// </summary>
    public AdobeCommerceDataset Order(
        long id,
        DateTimeOffset updatedAt,
        long? customerId,
        string baseCurrency,
        decimal subtotal,
        decimal shipping,
        decimal tax,
        decimal discount = 0m,
        string state = "processing",
        string? orderCurrency = null,
        decimal rate = 1m,
        long? companyId = null,
        bool catalogPricesIncludeTax = false)
    {
        var total = subtotal - discount + shipping + tax;
        var json = new JsonObject
        {
            ["entity_id"] = id,
            ["increment_id"] = id.ToString("000000000", CultureInfo.InvariantCulture),
            ["state"] = state,
            ["status"] = state == "canceled" ? "canceled" : state == "complete" ? "complete" : "processing",
            ["created_at"] = Stamp(updatedAt.AddHours(-1)),
            ["updated_at"] = Stamp(updatedAt),
            ["customer_id"] = customerId,
            ["customer_is_guest"] = customerId is null ? 1 : 0,
            ["customer_group_id"] = customerId is null ? 0 : 1,
            ["base_currency_code"] = baseCurrency,
            ["order_currency_code"] = orderCurrency ?? baseCurrency,
            ["global_currency_code"] = baseCurrency,
            ["base_to_order_rate"] = rate,
        };
        void Both(string field, decimal amount)
        {
            json["base_" + field] = amount;
            json[field] = Math.Round(amount * rate, 2, MidpointRounding.AwayFromZero);
        }

        Both("subtotal", subtotal);
        Both("discount_amount", -discount);
        Both("shipping_amount", shipping);
        Both("tax_amount", tax);
        Both("grand_total", total);
        Both("total_paid", total);
        // In the tax-inclusive case all tax is put on the lines (shipping untaxed), which keeps the simulator's arithmetic simple.
        Both("subtotal_incl_tax", subtotal + tax);
        Both("shipping_incl_tax", shipping);
        var line = new JsonObject
        {
            ["item_id"] = id * 10,
            ["parent_item_id"] = null,
            ["sku"] = "SKU-" + id.ToString(CultureInfo.InvariantCulture),
            ["product_type"] = "simple",
            ["qty_ordered"] = 1,
            ["tax_percent"] = subtotal == 0m ? 0m : Math.Round(tax / subtotal * 100m, 4),
        };
        void Line(string field, decimal amount)
        {
            line["base_" + field] = amount;
            line[field] = Math.Round(amount * rate, 2, MidpointRounding.AwayFromZero);
        }

        Line("price", subtotal);
        Line("price_incl_tax", subtotal + tax);
        Line("original_price", catalogPricesIncludeTax ? subtotal + tax : subtotal);
        Line("row_total", subtotal);
        Line("tax_amount", tax);
        json["items"] = new JsonArray(line);
        json["extension_attributes"] = new JsonObject
        {
            ["shipping_assignments"] = new JsonArray(new JsonObject
            {
                ["shipping"] = new JsonObject { ["address"] = new JsonObject { ["address_type"] = "shipping", ["country_id"] = "US" }, ["method"] = "flatrate_flatrate" },
            }),
        };
        if (companyId is { } company)
        {
            json["extension_attributes"]!["company_order_attributes"] = new JsonObject { ["order_id"] = id, ["company_id"] = company, ["company_name"] = "Company " + company };
        }

        return Put(Orders, id, updatedAt, json);
    }

    /// <summary>A credit memo (state 1 open, 2 refunded, 3 canceled), base amounts in the base currency.</summary>
    public AdobeCommerceDataset CreditMemo(long id, long orderId, DateTimeOffset updatedAt, string baseCurrency, decimal grandTotal, decimal tax, int state = 2)
    {
        return Put(CreditMemos, id, updatedAt, new JsonObject
        {
            ["entity_id"] = id,
            ["increment_id"] = id.ToString("000000000", CultureInfo.InvariantCulture),
            ["order_id"] = orderId,
            ["state"] = state,
            ["created_at"] = Stamp(updatedAt),
            ["updated_at"] = Stamp(updatedAt),
            ["base_currency_code"] = baseCurrency,
            ["order_currency_code"] = baseCurrency,
            ["base_grand_total"] = grandTotal,
            ["grand_total"] = grandTotal,
            ["base_tax_amount"] = tax,
            ["tax_amount"] = tax,
            ["adjustment_positive"] = 0,
            ["adjustment_negative"] = 0,
            ["items"] = new JsonArray(),
        });
    }

    /// <summary>Magento's wire form of an instant: naive UTC <c>YYYY-MM-DD HH:MM:SS</c>.</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
