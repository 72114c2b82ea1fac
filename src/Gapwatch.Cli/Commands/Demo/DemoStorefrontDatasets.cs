using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Model;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Cli.Commands.Demo;

/// <summary>
/// The one place the demo turns the generator's commerce records (Gapwatch's model) into what each
/// platform's API serves, so the simulators keep knowing nothing of Gapwatch. Each record is written
/// in the wire shape its connector reads, field by field. A record's version on the wire is when it
/// last changed (an account's creation, an order's placing or latest refund), capped at the moment
/// its platform was last read (<c>lastSync</c>), so a sync whose window ends there reads all of it,
/// and the versions spread like a real store's (one shared instant would defeat keyset paging).
/// </summary>
/// <remarks>
/// Values a platform has no field for are where merchants keep them, under the connectors' default
/// names: the ERP account number in a Shopify customer metafield, a BigCommerce customer form field
/// and an Adobe Commerce customer attribute; a Shopify buyer's VAT number in a customer metafield.
/// A merged account is not served: no platform's API says which account survived a merge (the
/// platform deletes the retired one), so the demo imports it from the merchant's merge records
/// (<see cref="MergeRecords"/>) while its orders, which keep its id, are served.
/// </remarks>
internal static class DemoStorefrontDatasets
{
    /// <summary>The customer group id the simulated BigCommerce and Adobe Commerce stores use for trade accounts ("Wholesale").</summary>
    public const int WholesaleGroupId = 2;

    /// <summary>The storefront accounts retired by a merge: imported with their survivor's id, never served.</summary>
    public static IEnumerable<CommerceCustomer> MergeRecords(WorkspaceData data) => data.CommerceCustomers.Where(c => c.MergedIntoId is not null);

    private static IEnumerable<CommerceCustomer> Served(WorkspaceData data, Platform platform) =>
        data.CommerceCustomers.Where(c => c.Platform == platform && c.MergedIntoId is null);

    public static ShopifyDataset Shopify(WorkspaceData data, DateTimeOffset lastSync)
    {
        var dataset = new ShopifyDataset();
        foreach (var c in Served(data, Platform.Shopify))
        {
            var id = Long(c.Id);
            var version = Version(c.CreatedAt, lastSync);
            dataset.Put(ShopifyDataset.Customers, c.Id, version, new JsonObject
            {
                ["id"] = ShopifyDataset.Gid("Customer", id),
                ["legacyResourceId"] = c.Id,
                ["email"] = c.Email,
                ["phone"] = c.Phone,
                ["firstName"] = First(c.Name),
                ["lastName"] = Last(c.Name),
                ["displayName"] = c.Name,
                ["tags"] = Strings(c.Tags),
                ["createdAt"] = ShopifyDataset.Stamp(c.CreatedAt),
                ["updatedAt"] = ShopifyDataset.Stamp(version),
                ["taxExempt"] = false,
                ["defaultAddress"] = new JsonObject { ["company"] = c.CompanyName, ["zip"] = c.Postcode, ["countryCodeV2"] = c.Country },
                ["metafields"] = ShopifyDataset.Metafields(
                    (Metafields.AccountReference.Namespace, Metafields.AccountReference.Key, c.AccountReference),
                    (Metafields.VatNumber.Namespace, Metafields.VatNumber.Key, c.VatNumber)),
            });
        }

        var refunds = data.CommerceRefunds.Where(r => r.Platform == Platform.Shopify).ToLookup(r => r.OrderId);
        foreach (var o in data.CommerceOrders.Where(o => o.Platform == Platform.Shopify))
        {
            JsonObject Bag(decimal amount) => new()
            {
                ["shopMoney"] = new JsonObject { ["amount"] = Money(amount), ["currencyCode"] = o.Currency },
                ["presentmentMoney"] = new JsonObject { ["amount"] = Money(amount), ["currencyCode"] = o.Currency },
            };
            var version = OrderVersion(o, refunds[o.Id], lastSync);
            dataset.Put(ShopifyDataset.Orders, o.Id, version, new JsonObject
            {
                ["id"] = ShopifyDataset.Gid("Order", Long(o.Id)),
                ["legacyResourceId"] = o.Id,
                ["name"] = o.Number,
                ["createdAt"] = ShopifyDataset.Stamp(o.PlacedAt),
                ["processedAt"] = ShopifyDataset.Stamp(o.PlacedAt),
                ["updatedAt"] = ShopifyDataset.Stamp(version),
                ["cancelledAt"] = o.Status == CommerceOrderStatus.Cancelled ? ShopifyDataset.Stamp(o.PlacedAt) : null,
                ["cancelReason"] = o.Status == CommerceOrderStatus.Cancelled ? "CUSTOMER" : null,
                ["displayFinancialStatus"] = "PAID",
                ["displayFulfillmentStatus"] = o.Status == CommerceOrderStatus.Fulfilled ? "FULFILLED" : "UNFULFILLED",
                ["currencyCode"] = o.Currency,
                ["presentmentCurrencyCode"] = o.Currency,
                ["taxesIncluded"] = o.TaxesIncluded,
                ["tags"] = Strings(o.Tags),
                ["customer"] = o.CustomerId is { } buyer ? new JsonObject { ["id"] = ShopifyDataset.Gid("Customer", Long(buyer)) } : null,
                ["purchasingEntity"] = o.CustomerId is { } purchaser ? new JsonObject { ["__typename"] = "Customer", ["id"] = ShopifyDataset.Gid("Customer", Long(purchaser)) } : null,
                ["shippingAddress"] = o.ShipToCountry is null ? null : new JsonObject { ["countryCodeV2"] = o.ShipToCountry },
                // Shopify's subtotal is after discounts; its total is the original total (refunds are apart).
                ["subtotalPriceSet"] = Bag(o.Subtotal - o.Discounts),
                ["totalDiscountsSet"] = Bag(o.Discounts),
                ["totalShippingPriceSet"] = Bag(o.Shipping),
                ["totalTaxSet"] = Bag(o.Tax),
                ["totalPriceSet"] = Bag(o.Total),
                ["refunds"] = new JsonArray([.. refunds[o.Id].Select(r => (JsonNode)new JsonObject
                {
                    ["id"] = ShopifyDataset.Gid("Refund", Long(r.Id)),
                    ["legacyResourceId"] = r.Id,
                    ["createdAt"] = ShopifyDataset.Stamp(r.CreatedAt),
                    ["updatedAt"] = ShopifyDataset.Stamp(Version(r.CreatedAt, lastSync)),
                    ["totalRefundedSet"] = Bag(r.Amount),
                    ["refundLineItems"] = new JsonObject { ["nodes"] = new JsonArray(new JsonObject { ["totalTaxSet"] = Bag(r.Tax) }) },
                })]),
            });
        }

        return dataset;
    }

    public static BigCommerceDataset BigCommerce(WorkspaceData data, DateTimeOffset lastSync)
    {
        var dataset = new BigCommerceDataset();
        foreach (var c in Served(data, Platform.BigCommerce))
        {
            var id = Long(c.Id);
            var fields = new JsonArray();
            if (c.VatNumber is not null)
            {
                fields.Add(new JsonObject { ["name"] = "VAT number", ["value"] = c.VatNumber });
            }

            if (c.AccountReference is not null)
            {
                fields.Add(new JsonObject { ["name"] = BigCommerceConnection.DefaultAccountReferenceField, ["value"] = c.AccountReference });
            }

            var version = Version(c.CreatedAt, lastSync);
            dataset.Put(BigCommerceDataset.Customers, c.Id, version, new JsonObject
            {
                ["id"] = id,
                ["email"] = c.Email,
                ["first_name"] = First(c.Name),
                ["last_name"] = Last(c.Name),
                ["company"] = c.CompanyName ?? "",
                ["phone"] = c.Phone ?? "",
                // A trade account on BigCommerce is a customer in the wholesale customer group.
                ["customer_group_id"] = c.CompanyAccount || IsWholesale(c) ? WholesaleGroupId : 0,
                ["date_created"] = BigCommerceDataset.Iso(c.CreatedAt),
                ["date_modified"] = BigCommerceDataset.Iso(version),
                ["addresses"] = new JsonArray(new JsonObject { ["id"] = id * 10, ["customer_id"] = id, ["postal_code"] = c.Postcode ?? "", ["country_code"] = c.Country ?? "" }),
                ["form_fields"] = fields,
                ["channel_ids"] = new JsonArray(1),
            });
        }

        var refunds = data.CommerceRefunds.Where(r => r.Platform == Platform.BigCommerce).ToLookup(r => r.OrderId);
        foreach (var o in data.CommerceOrders.Where(o => o.Platform == Platform.BigCommerce))
        {
            var id = Long(o.Id);
            var mine = refunds[o.Id].ToList();
            var version = OrderVersion(o, mine, lastSync);
            // The helper files the order's refunds; the order itself is then written field by field.
            dataset.Order(id, version, 0, o.Currency, 0m, 0m, 0m, refundList: [.. mine.Select(r => (Long(r.Id), r.Amount, r.Tax, r.CreatedAt))]);
            var ex = o.TaxesIncluded ? o.Subtotal - o.Tax : o.Subtotal;
            var inc = o.TaxesIncluded ? o.Subtotal : o.Subtotal + o.Tax;
            dataset.Put(BigCommerceDataset.Orders, o.Id, version, new JsonObject
            {
                ["id"] = id,
                ["customer_id"] = o.CustomerId is { } buyer ? Long(buyer) : 0,
                ["date_created"] = BigCommerceDataset.Rfc2822(o.PlacedAt),
                ["date_modified"] = BigCommerceDataset.Rfc2822(version),
                ["date_shipped"] = "",
                ["status_id"] = o.Status switch
                {
                    CommerceOrderStatus.Cancelled => 5,
                    CommerceOrderStatus.Draft => 0,
                    CommerceOrderStatus.Fulfilled => 10,
                    _ => 11,
                },
                ["subtotal_ex_tax"] = BigCommerceDataset.Money(ex),
                ["subtotal_inc_tax"] = BigCommerceDataset.Money(inc),
                ["subtotal_tax"] = BigCommerceDataset.Money(o.Tax),
                ["shipping_cost_ex_tax"] = BigCommerceDataset.Money(o.Shipping),
                ["shipping_cost_inc_tax"] = BigCommerceDataset.Money(o.Shipping),
                ["shipping_cost_tax"] = BigCommerceDataset.Money(0m),
                ["handling_cost_ex_tax"] = BigCommerceDataset.Money(0m),
                ["handling_cost_inc_tax"] = BigCommerceDataset.Money(0m),
                ["wrapping_cost_ex_tax"] = BigCommerceDataset.Money(0m),
                ["wrapping_cost_inc_tax"] = BigCommerceDataset.Money(0m),
                ["total_ex_tax"] = BigCommerceDataset.Money(o.Total - o.Tax),
                ["total_inc_tax"] = BigCommerceDataset.Money(o.Total),
                ["total_tax"] = BigCommerceDataset.Money(o.Tax),
                ["is_tax_inclusive_pricing"] = o.TaxesIncluded,
                ["refunded_amount"] = BigCommerceDataset.Money(mine.Sum(r => r.Amount)),
                ["discount_amount"] = BigCommerceDataset.Money(0m),
                ["coupon_discount"] = BigCommerceDataset.Money(o.Discounts),
                ["currency_code"] = o.Currency,
                ["default_currency_code"] = o.Currency,
                ["order_is_digital"] = false,
                ["is_deleted"] = false,
                ["billing_address"] = new JsonObject { ["country_iso2"] = o.ShipToCountry ?? "" },
                ["consignments"] = BigCommerceDataset.Consignments(id, o.ShipToCountry),
            });
        }

        return dataset;
    }

    public static AdobeCommerceDataset AdobeCommerce(WorkspaceData data, DateTimeOffset lastSync)
    {
        var dataset = new AdobeCommerceDataset();
        foreach (var c in Served(data, Platform.AdobeCommerce))
        {
            var id = Long(c.Id);
            var address = new JsonObject
            {
                ["id"] = id * 10,
                ["customer_id"] = id,
                ["country_id"] = c.Country,
                ["postcode"] = c.Postcode,
                ["telephone"] = c.Phone,
                ["default_billing"] = true,
            };
            if (c.CompanyName is not null)
            {
                address["company"] = c.CompanyName;
            }

            var version = Version(c.CreatedAt, lastSync);
            var json = new JsonObject
            {
                ["id"] = id,
                ["group_id"] = c.CompanyAccount || IsWholesale(c) ? WholesaleGroupId : 1,
                ["created_at"] = AdobeCommerceDataset.Stamp(c.CreatedAt),
                ["updated_at"] = AdobeCommerceDataset.Stamp(version),
                ["created_in"] = "Default Store View",
                ["email"] = c.Email,
                ["firstname"] = First(c.Name),
                ["lastname"] = Last(c.Name),
                ["store_id"] = 1,
                ["website_id"] = 1,
                ["addresses"] = new JsonArray(address),
                ["disable_auto_group_change"] = 0,
                ["extension_attributes"] = new JsonObject { ["is_subscribed"] = false },
            };
            if (c.VatNumber is not null)
            {
                json["taxvat"] = c.VatNumber;
            }

            if (c.AccountReference is not null)
            {
                json["custom_attributes"] = new JsonArray(new JsonObject { ["attribute_code"] = AdobeCommerceConnection.DefaultAccountReferenceAttribute, ["value"] = c.AccountReference });
            }

            dataset.Put(AdobeCommerceDataset.Customers, id, version, json);
        }

        var orders = data.CommerceOrders.Where(o => o.Platform == Platform.AdobeCommerce).ToList();
        var memos = data.CommerceRefunds.Where(r => r.Platform == Platform.AdobeCommerce).ToLookup(r => r.OrderId);
        foreach (var o in orders)
        {
            var id = Long(o.Id);
            var version = OrderVersion(o, memos[o.Id], lastSync);
            // Magento keeps both: lines and shipping without tax, and with it; the connector picks by the lines' catalog price.
            var linesExcl = o.TaxesIncluded ? o.Subtotal - o.Tax : o.Subtotal;
            var linesIncl = o.TaxesIncluded ? o.Subtotal : o.Subtotal + o.Tax;
            var state = o.Status switch { CommerceOrderStatus.Cancelled => "canceled", CommerceOrderStatus.Fulfilled => "complete", _ => "processing" };
            var json = new JsonObject
            {
                ["entity_id"] = id,
                ["increment_id"] = o.Number,
                ["state"] = state,
                ["status"] = state,
                ["created_at"] = AdobeCommerceDataset.Stamp(o.PlacedAt),
                ["updated_at"] = AdobeCommerceDataset.Stamp(version),
                ["customer_id"] = o.CustomerId is { } buyer ? Long(buyer) : null,
                ["customer_is_guest"] = o.CustomerId is null ? 1 : 0,
                ["base_currency_code"] = o.Currency,
                ["order_currency_code"] = o.Currency,
                ["global_currency_code"] = o.Currency,
                ["base_to_order_rate"] = 1m,
            };
            void Both(string field, decimal amount)
            {
                json["base_" + field] = amount;
                json[field] = amount;
            }

            Both("subtotal", linesExcl);
            Both("subtotal_incl_tax", linesIncl);
            Both("discount_amount", -o.Discounts);
            Both("shipping_amount", o.Shipping);
            Both("shipping_incl_tax", o.Shipping);
            Both("tax_amount", o.Tax);
            Both("grand_total", o.Total);
            Both("total_paid", o.Total);
            var line = new JsonObject
            {
                ["item_id"] = id * 10,
                ["parent_item_id"] = null,
                ["sku"] = "SKU-" + o.Id,
                ["product_type"] = "simple",
                ["qty_ordered"] = 1,
                ["tax_percent"] = linesExcl == 0m ? 0m : Math.Round(o.Tax / linesExcl * 100m, 4),
            };
            void Line(string field, decimal amount)
            {
                line["base_" + field] = amount;
                line[field] = amount;
            }

            Line("price", linesExcl);
            Line("price_incl_tax", linesIncl);
            Line("original_price", o.TaxesIncluded ? linesIncl : linesExcl);
            Line("row_total", linesExcl);
            Line("tax_amount", o.Tax);
            json["items"] = new JsonArray(line);
            json["extension_attributes"] = new JsonObject
            {
                ["shipping_assignments"] = new JsonArray(new JsonObject
                {
                    ["shipping"] = new JsonObject { ["address"] = new JsonObject { ["address_type"] = "shipping", ["country_id"] = o.ShipToCountry }, ["method"] = "flatrate_flatrate" },
                }),
            };
            dataset.Put(AdobeCommerceDataset.Orders, id, version, json);
        }

        var served = orders.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var r in data.CommerceRefunds.Where(r => r.Platform == Platform.AdobeCommerce && served.Contains(r.OrderId)))
        {
            var id = Long(r.Id);
            var version = Version(r.CreatedAt, lastSync);
            dataset.Put(AdobeCommerceDataset.CreditMemos, id, version, new JsonObject
            {
                ["entity_id"] = id,
                ["increment_id"] = r.Id,
                ["order_id"] = Long(r.OrderId),
                ["state"] = 2,
                ["created_at"] = AdobeCommerceDataset.Stamp(r.CreatedAt),
                ["updated_at"] = AdobeCommerceDataset.Stamp(version),
                ["base_currency_code"] = r.Currency,
                ["order_currency_code"] = r.Currency,
                ["base_grand_total"] = r.Amount,
                ["grand_total"] = r.Amount,
                ["base_tax_amount"] = r.Tax,
                ["tax_amount"] = r.Tax,
                ["adjustment_positive"] = 0,
                ["adjustment_negative"] = 0,
                ["items"] = new JsonArray(),
            });
        }

        return dataset;
    }

    private static ShopifyCustomerMetafields Metafields => ShopifyCustomerMetafields.Default;

    /// <summary>A record's version: when it last changed, never after its platform was last read (so the sync's window holds it).</summary>
    private static DateTimeOffset Version(DateTimeOffset changed, DateTimeOffset lastSync) => changed < lastSync ? changed : lastSync;

    /// <summary>An order last changed when it was placed or at its latest refund.</summary>
    private static DateTimeOffset OrderVersion(CommerceOrder order, IEnumerable<CommerceRefund> refunds, DateTimeOffset lastSync) =>
        Version(refunds.Select(r => r.CreatedAt).Append(order.PlacedAt).Max(), lastSync);

    private static bool IsWholesale(CommerceCustomer c) => string.Equals(c.CustomerGroup, "Wholesale", StringComparison.OrdinalIgnoreCase);

    private static long Long(string id) => long.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);

    private static string? First(string? name) => name is null ? null : name.Split(' ', 2)[0];

    private static string? Last(string? name) => name is null ? null : name.Split(' ', 2) is { Length: 2 } parts ? parts[1] : null;
}
