using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gapwatch.Connectors.AdobeCommerce;

// The wire shapes the connector reads (Magento 2 REST, snake_case). Unknown fields are ignored,
// numbers may arrive as strings, every key is optional (unset fields are omitted by Magento).
// Items are kept as JsonElement until mapped one by one, so one bad item is quarantined, not the page.

/// <summary>A searchCriteria answer: <c>{"items":[…],"search_criteria":{…},"total_count":N}</c>.</summary>
internal sealed record SearchResult
{
    public List<JsonElement>? Items { get; init; }

    public long? TotalCount { get; init; }
}

/// <summary>Magento's error body: <c>{"message":"… %1 …","parameters":[…] or {…}}</c>.</summary>
internal sealed record MagentoError
{
    public string? Message { get; init; }

    public JsonElement? Parameters { get; init; }
}

internal sealed record MagentoAddress
{
    public string? Company { get; init; }

    public string? Postcode { get; init; }

    public string? CountryId { get; init; }

    public string? Telephone { get; init; }

    public string? VatId { get; init; }

    public bool? DefaultBilling { get; init; }
}

internal sealed record MagentoCustomer
{
    public long? Id { get; init; }

    public long? GroupId { get; init; }

    public string? Email { get; init; }

    public string? Firstname { get; init; }

    public string? Lastname { get; init; }

    public string? Taxvat { get; init; }

    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }

    public List<MagentoAddress>? Addresses { get; init; }

    public CustomerExtension? ExtensionAttributes { get; init; }

    /// <summary>The store's own customer attributes (EAV): <c>[{"attribute_code","value"}]</c>.</summary>
    public List<MagentoCustomAttribute>? CustomAttributes { get; init; }
}

/// <summary>A custom attribute's value may be a string, a number or (multiselect) an array: kept as JSON until read.</summary>
internal sealed record MagentoCustomAttribute(string? AttributeCode, JsonElement? Value);

internal sealed record CustomerExtension(CompanyAttributes? CompanyAttributes);

internal sealed record CompanyAttributes(long? CompanyId, long? CustomerId);

internal sealed record MagentoCompany
{
    public long? Id { get; init; }

    public int? Status { get; init; }

    public string? CompanyName { get; init; }

    public string? LegalName { get; init; }

    public string? CompanyEmail { get; init; }

    public string? VatTaxId { get; init; }

    public string? ResellerId { get; init; }

    public long? CustomerGroupId { get; init; }

    public string? Postcode { get; init; }

    public string? CountryId { get; init; }

    public string? Telephone { get; init; }

    /// <summary>Not in the 2.4 company object; read when an extension adds it.</summary>
    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }
}

internal sealed record MagentoOrder
{
    public long? EntityId { get; init; }

    public string? IncrementId { get; init; }

    public string? State { get; init; }

    public string? Status { get; init; }

    public long? CustomerId { get; init; }

    public bool? CustomerIsGuest { get; init; }

    public string? BaseCurrencyCode { get; init; }

    public string? OrderCurrencyCode { get; init; }

    public decimal? BaseSubtotal { get; init; }

    public decimal? BaseDiscountAmount { get; init; }

    public decimal? BaseShippingAmount { get; init; }

    public decimal? BaseTaxAmount { get; init; }

    public decimal? BaseGrandTotal { get; init; }

    public decimal? BaseSubtotalInclTax { get; init; }

    public decimal? BaseShippingInclTax { get; init; }

    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }

    public List<MagentoOrderItem>? Items { get; init; }

    public OrderExtension? ExtensionAttributes { get; init; }
}

/// <summary>An order line: only what tells whether catalog prices included tax.</summary>
internal sealed record MagentoOrderItem
{
    public long? ParentItemId { get; init; }

    public decimal? BaseOriginalPrice { get; init; }

    public decimal? BasePrice { get; init; }

    public decimal? BasePriceInclTax { get; init; }

    public decimal? TaxPercent { get; init; }
}

internal sealed record OrderExtension
{
    public List<ShippingAssignment>? ShippingAssignments { get; init; }

    /// <summary>B2B: the company an order was placed for (Magento_CompanyOrder). Assumed shape, not in the reference.</summary>
    public CompanyOrderAttributes? CompanyOrderAttributes { get; init; }
}

internal sealed record CompanyOrderAttributes(long? CompanyId, string? CompanyName);

internal sealed record ShippingAssignment(ShippingInfo? Shipping);

internal sealed record ShippingInfo(MagentoAddress? Address);

internal sealed record MagentoCreditMemo
{
    public long? EntityId { get; init; }

    public long? OrderId { get; init; }

    public int? State { get; init; }

    public string? BaseCurrencyCode { get; init; }

    public decimal? BaseGrandTotal { get; init; }

    public decimal? BaseTaxAmount { get; init; }

    public string? CreatedAt { get; init; }

    public string? UpdatedAt { get; init; }
}

internal static class MagentoJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new LenientBooleanConverter(), new LenientStringConverter() },
    };

    /// <summary>Magento sends flags as 0/1 (<c>customer_is_guest</c>), sometimes as strings or booleans.</summary>
    private sealed class LenientBooleanConverter : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.Number when reader.TryGetInt64(out var n) => n != 0,
            JsonTokenType.String when reader.GetString() is { } s => s == "1" || (bool.TryParse(s, out var b) && b),
            _ => throw new JsonException($"expected a flag, found {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }

    /// <summary>Text fields (postcodes, tax ids, region ids) sometimes arrive as numbers.</summary>
    private sealed class LenientStringConverter : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"expected text, found {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
