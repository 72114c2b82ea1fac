using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gapwatch.Connectors.Shopify;

// The wire shapes the connector reads. Unknown fields are ignored; numbers may arrive as strings.
// Nodes are kept as JsonElement until mapped one by one, so one bad node is quarantined, not the page.

internal sealed record GraphQlEnvelope
{
    public GraphQlData? Data { get; init; }

    /// <summary>An array of error objects, or (401 and some REST-style answers) a plain string.</summary>
    public JsonElement? Errors { get; init; }

    public GraphQlExtensions? Extensions { get; init; }
}

internal sealed record GraphQlData
{
    public Connection? Customers { get; init; }

    public Connection? Companies { get; init; }

    public Connection? Orders { get; init; }

    public BulkRunPayload? BulkOperationRunQuery { get; init; }

    public BulkOperationNode? Node { get; init; }
}

internal sealed record BulkRunPayload(BulkOperationNode? BulkOperation, List<BulkUserError>? UserErrors);

internal sealed record BulkUserError(string? Message, string? Code);

internal sealed record BulkOperationNode
{
    public string? Id { get; init; }

    public string? Status { get; init; }

    public string? ErrorCode { get; init; }

    public long? ObjectCount { get; init; }

    public string? Url { get; init; }
}

internal sealed record Connection
{
    public PageInfo? PageInfo { get; init; }

    public List<JsonElement>? Nodes { get; init; }
}

internal sealed record PageInfo(bool HasNextPage, string? EndCursor);

internal sealed record GraphQlExtensions
{
    public QueryCost? Cost { get; init; }
}

internal sealed record QueryCost
{
    public decimal RequestedQueryCost { get; init; }

    public decimal? ActualQueryCost { get; init; }

    public ThrottleStatus? ThrottleStatus { get; init; }
}

internal sealed record ThrottleStatus(decimal MaximumAvailable, decimal CurrentlyAvailable, decimal RestoreRate);

internal sealed record IdRef
{
    public string? Id { get; init; }
}

internal sealed record MoneyV2(decimal? Amount, string? CurrencyCode);

internal sealed record MoneyBag(MoneyV2? ShopMoney, MoneyV2? PresentmentMoney);

internal sealed record MailingAddress
{
    public string? Company { get; init; }

    public string? Zip { get; init; }

    public string? CountryCodeV2 { get; init; }

    public string? CountryCode { get; init; }
}

internal sealed record CustomerNode
{
    public string? Id { get; init; }

    public string? LegacyResourceId { get; init; }

    public string? Email { get; init; }

    public string? Phone { get; init; }

    public string? FirstName { get; init; }

    public string? LastName { get; init; }

    public string? DisplayName { get; init; }

    public List<string>? Tags { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public MailingAddress? DefaultAddress { get; init; }

    /// <summary>The metafield holding the customer's ERP account number (queried under this alias).</summary>
    public MetafieldValue? AccountReference { get; init; }

    /// <summary>The metafield holding the customer's VAT number (queried under this alias): Shopify customers have no VAT field.</summary>
    public MetafieldValue? VatNumber { get; init; }
}

/// <summary>A metafield as selected (<c>{ value }</c>); null when the customer has none.</summary>
internal sealed record MetafieldValue(string? Value);

internal sealed record CompanyNode
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? ExternalId { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public CompanyContact? MainContact { get; init; }

    public NodeList<CompanyLocation>? Locations { get; init; }
}

internal sealed record CompanyContact(CustomerNode? Customer);

internal sealed record NodeList<T>(List<T>? Nodes);

internal sealed record CompanyLocation
{
    public string? Id { get; init; }

    public string? ExternalId { get; init; }

    /// <summary>Deprecated since 2025-01 in favour of <see cref="TaxSettings"/>, still served; read as a fallback.</summary>
    public string? TaxRegistrationId { get; init; }

    public TaxSettings? TaxSettings { get; init; }

    public MailingAddress? BillingAddress { get; init; }
}

internal sealed record TaxSettings(string? TaxRegistrationId, bool? TaxExempt);

internal sealed record PurchasingEntity
{
    [JsonPropertyName("__typename")]
    public string? TypeName { get; init; }

    public IdRef? Company { get; init; }

    public IdRef? Location { get; init; }

    public string? Id { get; init; }
}

internal sealed record OrderNode
{
    public string? Id { get; init; }

    public string? LegacyResourceId { get; init; }

    public string? Name { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? ProcessedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public string? DisplayFulfillmentStatus { get; init; }

    public string? CurrencyCode { get; init; }

    public string? PresentmentCurrencyCode { get; init; }

    public bool? TaxesIncluded { get; init; }

    public List<string>? Tags { get; init; }

    public IdRef? Customer { get; init; }

    public PurchasingEntity? PurchasingEntity { get; init; }

    public MailingAddress? ShippingAddress { get; init; }

    public MoneyBag? SubtotalPriceSet { get; init; }

    public MoneyBag? TotalDiscountsSet { get; init; }

    public MoneyBag? TotalShippingPriceSet { get; init; }

    public MoneyBag? TotalTaxSet { get; init; }

    public MoneyBag? TotalPriceSet { get; init; }

    public List<RefundNode>? Refunds { get; init; }
}

internal sealed record RefundNode
{
    public string? Id { get; init; }

    public string? LegacyResourceId { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public MoneyBag? TotalRefundedSet { get; init; }

    public NodeList<RefundLineItem>? RefundLineItems { get; init; }
}

internal sealed record RefundLineItem(MoneyBag? TotalTaxSet);

internal static class ShopifyJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new LenientBooleanConverter() },
    };

    /// <summary>Reads <c>true</c>/<c>false</c> also when a proxy or an older client sent them as strings.</summary>
    private sealed class LenientBooleanConverter : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String when bool.TryParse(reader.GetString(), out var value) => value,
            _ => throw new JsonException($"expected a boolean, found {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }
}
