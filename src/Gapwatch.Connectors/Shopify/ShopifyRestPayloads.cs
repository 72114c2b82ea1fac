using System.Text.Json;
using System.Text.Json.Serialization;
using Gapwatch.Model;

namespace Gapwatch.Connectors.Shopify;

/// <summary>What a REST-shaped payload held: records, or the error Shopify answered.</summary>
public sealed record ShopifyRestPayload(IReadOnlyList<ISourceRecord> Records, string? Error);

/// <summary>
/// Reads Shopify's REST shapes — <c>{"order"}</c>, <c>{"orders":[…]}</c>, <c>{"refund"}</c>,
/// <c>{"customer"}</c> and <c>{"errors"}</c> — which are also the shapes of Shopify webhooks. The
/// same rules as the GraphQL mapper apply: shop money (<c>*_set.shop_money</c> when present, the
/// plain strings otherwise), lines before discounts, refunds as the sum of successful refund
/// transactions. The body is parsed from the stream, not read into a string first.
/// </summary>
public static class ShopifyRestPayloads
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
    };

    public static async Task<ShopifyRestPayload> ReadAsync(Stream body, CancellationToken cancellationToken = default)
    {
        var root = await JsonSerializer.DeserializeAsync<RestRoot>(body, Options, cancellationToken).ConfigureAwait(false)
            ?? throw new JsonException("the payload is JSON null");
        if (root.Errors is { } errors)
        {
            return new ShopifyRestPayload([], ErrorText(errors));
        }

        var records = new List<ISourceRecord>();
        foreach (var order in (root.Orders ?? []).Append(root.Order).OfType<RestOrder>())
        {
            records.Add(Order(order));
            records.AddRange((order.Refunds ?? []).Select(r => Refund(r, order.Currency)));
        }

        if (root.Refund is { } refund)
        {
            records.Add(Refund(refund, null));
        }

        if (root.Customer is { } customer)
        {
            records.Add(Customer(customer));
        }

        return new ShopifyRestPayload(records, null);
    }

    private static CommerceOrder Order(RestOrder o)
    {
        var currency = o.Currency ?? o.TotalPriceSet?.ShopMoney?.CurrencyCode ?? "";
        var shipping = Shop(o.TotalShippingPriceSet) ?? (o.ShippingLines ?? []).Sum(l => l.Price ?? 0m);
        var status = o.CancelledAt is not null ? CommerceOrderStatus.Cancelled
            : o.FulfillmentStatus == "fulfilled" ? CommerceOrderStatus.Fulfilled
            : CommerceOrderStatus.Open;
        return new CommerceOrder(
            Platform.Shopify, Id(o.Id), o.Name, o.Customer?.Id is { } c ? Id(c) : null, o.ProcessedAt ?? o.CreatedAt ?? default, status, currency,
            Shop(o.TotalLineItemsPriceSet) ?? o.TotalLineItemsPrice ?? 0m, Shop(o.TotalDiscountsSet) ?? o.TotalDiscounts ?? 0m, shipping,
            Shop(o.TotalTaxSet) ?? o.TotalTax ?? 0m, o.TaxesIncluded ?? false, Shop(o.TotalPriceSet) ?? o.TotalPrice ?? 0m,
            o.ShippingAddress?.CountryCode, Tags(o.Tags), o.UpdatedAt);
    }

    private static CommerceRefund Refund(RestRefund r, string? orderCurrency)
    {
        var refunds = (r.Transactions ?? []).Where(t => t.Kind == "refund" && t.Status is null or "success").ToList();
        var tax = (r.RefundLineItems ?? []).Sum(l => Shop(l.TotalTaxSet) ?? l.TotalTax ?? 0m);
        var currency = refunds.Select(t => t.Currency).FirstOrDefault(c => c is not null) ?? orderCurrency ?? "";
        // A refund is not edited after it is created: its creation is its version.
        return new CommerceRefund(Platform.Shopify, Id(r.Id), Id(r.OrderId), r.CreatedAt ?? default, refunds.Sum(t => t.Amount ?? 0m), tax, currency, r.ProcessedAt ?? r.CreatedAt);
    }

    private static CommerceCustomer Customer(RestCustomer c)
    {
        var name = string.Join(' ', new[] { c.FirstName, c.LastName }.Where(p => !string.IsNullOrWhiteSpace(p)));
        return new CommerceCustomer(
            Platform.Shopify, Id(c.Id), c.Email, c.Phone, name.Length == 0 ? null : name, c.DefaultAddress?.Company, CompanyAccount: false,
            CustomerGroup: null, Tags(c.Tags), VatNumber: null, AccountReference: null, c.DefaultAddress?.Zip, c.DefaultAddress?.CountryCode,
            c.CreatedAt ?? default, MergedIntoId: null, c.UpdatedAt);
    }

    private static string ErrorText(JsonElement errors) => errors.ValueKind switch
    {
        JsonValueKind.String => errors.GetString() ?? "",
        JsonValueKind.Object => string.Join("; ", errors.EnumerateObject().Select(p =>
            $"{p.Name}: {(p.Value.ValueKind == JsonValueKind.Array ? string.Join(", ", p.Value.EnumerateArray().Select(m => m.ToString())) : p.Value.ToString())}")),
        _ => errors.ToString(),
    };

    private static string Id(long? id) => id?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "";

    private static decimal? Shop(RestMoneySet? set) => set?.ShopMoney?.Amount;

    private static IReadOnlyList<string> Tags(string? tags) =>
        string.IsNullOrWhiteSpace(tags) ? [] : [.. tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private sealed record RestRoot(RestOrder? Order, List<RestOrder>? Orders, RestRefund? Refund, RestCustomer? Customer, JsonElement? Errors);

    private sealed record RestMoney(decimal? Amount, string? CurrencyCode);

    private sealed record RestMoneySet(RestMoney? ShopMoney, RestMoney? PresentmentMoney);

    private sealed record RestRef(long? Id);

    private sealed record RestAddress(string? Company, string? Zip, string? CountryCode);

    private sealed record RestShippingLine(decimal? Price);

    private sealed record RestOrder
    {
        public long? Id { get; init; }

        public string? Name { get; init; }

        public DateTimeOffset? CreatedAt { get; init; }

        public DateTimeOffset? ProcessedAt { get; init; }

        public DateTimeOffset? UpdatedAt { get; init; }

        public DateTimeOffset? CancelledAt { get; init; }

        public string? FulfillmentStatus { get; init; }

        public string? Currency { get; init; }

        public bool? TaxesIncluded { get; init; }

        public string? Tags { get; init; }

        public decimal? TotalLineItemsPrice { get; init; }

        public decimal? TotalDiscounts { get; init; }

        public decimal? TotalTax { get; init; }

        public decimal? TotalPrice { get; init; }

        public RestMoneySet? TotalLineItemsPriceSet { get; init; }

        public RestMoneySet? TotalDiscountsSet { get; init; }

        public RestMoneySet? TotalShippingPriceSet { get; init; }

        public RestMoneySet? TotalTaxSet { get; init; }

        public RestMoneySet? TotalPriceSet { get; init; }

        public List<RestShippingLine>? ShippingLines { get; init; }

        public RestAddress? ShippingAddress { get; init; }

        public RestRef? Customer { get; init; }

        public List<RestRefund>? Refunds { get; init; }
    }

    private sealed record RestRefund
    {
        public long? Id { get; init; }

        public long? OrderId { get; init; }

        public DateTimeOffset? CreatedAt { get; init; }

        public DateTimeOffset? ProcessedAt { get; init; }

        public List<RestTransaction>? Transactions { get; init; }

        public List<RestRefundLine>? RefundLineItems { get; init; }
    }

    private sealed record RestTransaction(string? Kind, string? Status, decimal? Amount, string? Currency);

    private sealed record RestRefundLine(decimal? TotalTax, RestMoneySet? TotalTaxSet);

    private sealed record RestCustomer
    {
        public long? Id { get; init; }

        public string? Email { get; init; }

        public string? Phone { get; init; }

        public string? FirstName { get; init; }

        public string? LastName { get; init; }

        public string? Tags { get; init; }

        public DateTimeOffset? CreatedAt { get; init; }

        public DateTimeOffset? UpdatedAt { get; init; }

        public RestAddress? DefaultAddress { get; init; }
    }
}
