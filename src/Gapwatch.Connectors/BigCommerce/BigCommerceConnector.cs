using System.Globalization;
using System.Text.Json;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.BigCommerce;

/// <summary>
/// The BigCommerce connector: <c>customers</c> (v3), <c>companies</c> (B2B Edition, when the store
/// has it) and <c>orders</c> (v2; an order with a refunded amount brings its v3 refunds). Get it from
/// DI after <see cref="BigCommerceConnectorServices.AddBigCommerceConnector"/>.
/// </summary>
public sealed class BigCommerceConnector(IHttpClientFactory httpClients, TimeProvider clock, ConnectorMetrics metrics)
{
    public const string HttpClientName = "bigcommerce";

    /// <summary>The largest page every list accepts (v2 <c>limit</c>, v3 <c>limit</c>, B2B <c>limit</c>).</summary>
    public const int MaxPageSize = 250;

    public IReadOnlyList<IStreamSource> Streams(BigCommerceConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = new BigCommerceClient(httpClients.CreateClient(HttpClientName), connection, clock, metrics);
        var customers = new BigCommerceStream(
            "customers",
            (from, to, page, limit) => connection.V3(Query("customers",
                ("date_modified:min", from is { } f ? BigCommerceJson.IsoUtc(f) : null), ("date_modified:max", BigCommerceJson.IsoUtc(to)),
                ("sort", "date_modified:asc"), ("include", "addresses,formfields"), ("page", Number(page)), ("limit", Number(limit)))),
            async (url, ct) => V3Rows(await client.GetEnvelopeAsync(url, "customers", b2b: false, ct).ConfigureAwait(false)),
            (row, _) => Task.FromResult(BigCommerceMapper.Customer(row, connection.AccountReferenceField)));
        var companies = new BigCommerceStream(
            "companies",
            (from, _, page, limit) => connection.B2b(Query("companies",
                ("limit", Number(limit)), ("offset", Number((page - 1) * limit)), ("minModified", from is { } f ? f.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : null),
                ("sortBy", "updatedAt"), ("orderBy", "ASC"), ("isIncludeExtraFields", "1"))),
            async (url, ct) => B2bRows(await client.GetEnvelopeAsync(url, "companies", b2b: true, ct).ConfigureAwait(false)),
            (row, _) => Task.FromResult(BigCommerceMapper.Company(row, connection.AccountReferenceField)));
        var orders = new BigCommerceStream(
            "orders",
            (from, to, page, limit) => connection.V2(Query("orders",
                ("min_date_modified", from is { } f ? BigCommerceJson.Rfc2822Utc(f) : null), ("max_date_modified", BigCommerceJson.Rfc2822Utc(to)),
                // The shipping consignments carry the ship-to country; embedded, they cost no call per order.
                ("sort", "date_modified:asc"), ("include", "consignments"), ("consignment_structure", "object"), ("page", Number(page)), ("limit", Number(limit)))),
            async (url, ct) => new BigCommerceRows(await client.GetArrayAsync(url, "orders", ct).ConfigureAwait(false), null),
            (row, ct) => OrderWithRefundsAsync(client, connection, row, ct));
        return connection.B2bEdition ? [customers, companies, orders] : [customers, orders];
    }

    /// <summary>The order, and when it has a refunded amount its refunds (v3 has no modified-since filter for refunds, and a refund changes the order).</summary>
    private static async Task<NodeOutcome> OrderWithRefundsAsync(BigCommerceClient client, BigCommerceConnection connection, JsonElement row, CancellationToken cancellationToken)
    {
        var order = BigCommerceMapper.Order(row);
        if (order.Rejected is not null || order.Records is not [CommerceOrder placed])
        {
            return order;
        }

        decimal? refunded;
        try
        {
            refunded = BigCommerceJson.Decimal(row, "refunded_amount");
        }
        catch (FormatException e)
        {
            return new NodeOutcome([], order.Cursor, new RejectedRow(placed.Id, $"order {placed.Id} could not be read: {e.Message}"));
        }

        if (refunded is not > 0m)
        {
            return order;
        }

        var url = connection.V3($"orders/{Uri.EscapeDataString(placed.Id)}/payment_actions/refunds?limit={MaxPageSize}");
        var refunds = await client.GetEnvelopeAsync(url, "orders", b2b: false, cancellationToken).ConfigureAwait(false);
        var records = new List<ISourceRecord>(order.Records);
        foreach (var refund in (refunds.Data ?? []).Select(r => BigCommerceMapper.Refund(r, placed.Id, placed.Currency)))
        {
            if (refund.Rejected is { } rejected)
            {
                // The order is stored; an unreadable refund is not guessed at.
                return new NodeOutcome(records, order.Cursor, rejected);
            }

            records.AddRange(refund.Records);
        }

        return new NodeOutcome(records, order.Cursor, null);
    }

    private static BigCommerceRows V3Rows(BigCommerceEnvelope envelope) => new(
        envelope.Data ?? throw new SyncException(SyncErrorKind.Retryable, "the answer has no data array"),
        Readable(() => Pagination(envelope) is { } p && BigCommerceJson.Decimal(p, "current_page") is { } current && BigCommerceJson.Decimal(p, "total_pages") is { } total
            ? current < total
            : null));

    private static BigCommerceRows B2bRows(BigCommerceEnvelope envelope) => new(
        envelope.Data ?? throw new SyncException(SyncErrorKind.Retryable, "the answer has no data array"),
        Readable(() => Pagination(envelope) is { } p && BigCommerceJson.Decimal(p, "offset") is { } offset && BigCommerceJson.Decimal(p, "limit") is { } limit
            && BigCommerceJson.Decimal(p, "totalCount") is { } total
            ? offset + limit < total
            : null));

    private static JsonElement? Pagination(BigCommerceEnvelope envelope) =>
        envelope.Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty("pagination", out var p) && p.ValueKind == JsonValueKind.Object ? p : null;

    /// <summary>Paging metadata that cannot be read says nothing: the page size alone then tells the end.</summary>
    private static bool? Readable(Func<bool?> read)
    {
        try
        {
            return read();
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Query(string path, params (string Name, string? Value)[] parameters) =>
        path + "?" + string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}

public static class BigCommerceConnectorServices
{
    /// <summary>Registers the shared connector resilience (once) and the BigCommerce client (429 waits <c>X-Rate-Limit-Time-Reset-Ms</c>) and connector.</summary>
    public static IServiceCollection AddBigCommerceConnector(this IServiceCollection services, ConnectorHttpOptions? options = null)
    {
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient(BigCommerceConnector.HttpClientName, BigCommerceRateLimit.Signal);
        services.AddSingleton<BigCommerceConnector>();
        return services;
    }
}
