using System.Globalization;
using System.Text.Json;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Shopify;

/// <summary>What one node became: its records and cursor, or why it was rejected.</summary>
internal sealed record NodeOutcome(IReadOnlyList<ISourceRecord> Records, SyncCursor? Cursor, RejectedRow? Rejected)
{
    public static NodeOutcome Reject(string? id, string reason, DateTimeOffset? updatedAt = null) =>
        new([], updatedAt is { } at && id is not null ? new SyncCursor(at, id) : null, new RejectedRow(id, reason));
}

/// <summary>
/// One Shopify stream (customers, companies or orders with their refunds): builds the
/// <c>updated_at</c> search for the page's window and maps every node on its own, so a node that
/// cannot be read is quarantined with its reason while the rest of the page is stored.
/// </summary>
internal sealed class ShopifyStream(
    string name,
    string document,
    Func<GraphQlData, Connection?> root,
    Func<JsonElement, NodeOutcome> map,
    ShopifyGraphQlClient client,
    ShopifyBulkStream? bulk = null) : IStreamSource
{
    public string Name => name;

    /// <summary>The first backfill (no lower bound) goes through the bulk export when one is configured; every later run pages.</summary>
    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (bulk is not null && request.UpdatedFrom is null && (request.PageToken is null || request.PageToken.StartsWith("bulk:", StringComparison.Ordinal)))
        {
            return await bulk.ReadPageAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var variables = new ShopifyVariables(request.PageSize, request.PageToken, Search(request));
        var page = await client.QueryAsync(document, root, variables, name, cancellationToken).ConfigureAwait(false);
        var records = new List<ISourceRecord>();
        var rejected = new List<RejectedRow>();
        SyncCursor? cursor = null;
        foreach (var outcome in page.Connection.Nodes!.Select(map))
        {
            records.AddRange(outcome.Records);
            cursor = SyncCursor.Max(cursor, outcome.Cursor);
            if (outcome.Rejected is { } row)
            {
                rejected.Add(row);
            }
        }

        var next = page.Connection.PageInfo!.HasNextPage ? page.Connection.PageInfo.EndCursor : null;
        return new SourcePage(records, rejected, page.Connection.Nodes!.Count, cursor, next);
    }

    /// <summary>The search string: <c>updated_at:&gt;='…' AND updated_at:&lt;='…'</c>, quoted UTC instants to the second (both inclusive).</summary>
    internal static string Search(PageRequest request)
    {
        var upper = $"updated_at:<='{Instant(request.UpdatedTo)}'";
        return request.UpdatedFrom is { } from ? $"updated_at:>='{Instant(from)}' AND {upper}" : upper;
    }

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>The node mappers of the three streams.</summary>
internal static class ShopifyNodes
{
    public static NodeOutcome Customer(JsonElement element) => Map<CustomerNode>(element, "customer", node =>
    {
        var id = ShopifyMapper.LegacyId(node.Id, node.LegacyResourceId);
        return Keyed(id, node.UpdatedAt, "customer", () => [ShopifyMapper.Customer(node, id!)]);
    });

    public static NodeOutcome Company(JsonElement element) => Map<CompanyNode>(element, "company", node =>
    {
        var id = ShopifyMapper.LegacyId(node.Id);
        return Keyed(id is null ? null : ShopifyMapper.CompanyPrefix + id, node.UpdatedAt, "company", () => [ShopifyMapper.Company(node, id!)]);
    });

    public static NodeOutcome Order(JsonElement element) => Map<OrderNode>(element, "order", node =>
    {
        var id = ShopifyMapper.LegacyId(node.Id, node.LegacyResourceId);
        return Keyed(id, node.UpdatedAt, "order", () =>
        {
            var order = ShopifyMapper.Order(node, id!);
            var refunds = (node.Refunds ?? [])
                .Select(r => (Refund: r, Id: ShopifyMapper.LegacyId(r.Id, r.LegacyResourceId)))
                .Where(r => r.Id is not null)
                .Select(r => (ISourceRecord)ShopifyMapper.Refund(r.Refund, r.Id!, id!, order.Currency, node.UpdatedAt));
            return [order, .. refunds];
        });
    });

    private static NodeOutcome Map<T>(JsonElement element, string what, Func<T, NodeOutcome> accept)
        where T : class
    {
        T? node;
        try
        {
            node = element.Deserialize<T>(ShopifyJson.Options);
        }
        catch (JsonException e)
        {
            return NodeOutcome.Reject(IdOf(element), $"{what} could not be read: {e.Message}");
        }

        return node is null ? NodeOutcome.Reject(null, $"{what} is null") : accept(node);
    }

    private static NodeOutcome Keyed(string? id, DateTimeOffset? updatedAt, string what, Func<IReadOnlyList<ISourceRecord>> records)
    {
        if (id is null)
        {
            return NodeOutcome.Reject(null, $"{what} has no id");
        }

        if (updatedAt is not { } at)
        {
            return NodeOutcome.Reject(id, $"{what} {id} has no updatedAt");
        }

        return new NodeOutcome(records(), new SyncCursor(at, id), null);
    }

    private static string? IdOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? ShopifyMapper.LegacyId(id.GetString())
            : null;
}
