using System.Globalization;
using System.Text;
using System.Text.Json;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.AdobeCommerce;

/// <summary>
/// One Adobe Commerce stream over a searchCriteria list. Incremental streams page by keyset on
/// <c>(updated_at, entity_id)</c> within the run's window, always asking for page 1:
/// <c>updated_at gteq from</c> AND <c>updated_at lteq to</c> AND, after the first page,
/// <c>updated_at gteq T</c> AND (<c>updated_at gt T</c> OR <c>entity_id gt id</c>) (filters in one group
/// are OR'd, groups AND'd), sorted by updated_at then entity_id. The stream ends when a page holds all
/// the <c>total_count</c> rows still matching, never on a repeated page (Magento serves the last page
/// again past the end). The page token is the last row's <c>(updated_at, entity_id)</c>, so it never expires.
/// A stream without <c>updated_at</c> (companies) is re-read whole every run by keyset on entity_id, as a
/// snapshot; its checkpoint holds no time (the Unix epoch and the highest id read), so no clock can put it
/// "in the future" and skip it.
/// </summary>
internal sealed class AdobeCommerceStream(
    string name,
    string path,
    string idProperty,
    bool incremental,
    Func<JsonElement, NodeOutcome> map,
    AdobeCommerceClient client) : IStreamSource
{
    public string Name => name;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await client.SearchAsync(path, Query(request), name, cancellationToken).ConfigureAwait(false);
        var items = result.Items!;
        var records = new List<ISourceRecord>();
        var rejected = new List<RejectedRow>();
        SyncCursor? cursor = null;
        foreach (var outcome in items.Select(map))
        {
            records.AddRange(outcome.Records);
            cursor = SyncCursor.Max(cursor, outcome.Cursor);
            if (outcome.Rejected is { } row)
            {
                rejected.Add(row);
            }
        }

        var done = items.Count == 0 || items.Count >= result.TotalCount;
        if (!incremental)
        {
            var lastId = items.Count > 0 ? Raw(items[^1], idProperty) : null;
            return new SourcePage(records, rejected, items.Count, done ? new SyncCursor(DateTimeOffset.UnixEpoch, lastId ?? request.PageToken ?? "0") : null, done ? null : lastId)
            {
                Snapshot = true,
            };
        }

        string? next = null;
        if (!done)
        {
            var last = items[^1];
            var lastAt = Parsed(Raw(last, "updated_at"));
            var lastId = Raw(last, idProperty);
            var key = lastAt is { } at && lastId is not null ? new SyncCursor(at, lastId) : cursor;
            next = key is null
                ? throw new SyncException(SyncErrorKind.Permanent, $"{client.Where(name)}: no row of a page has a readable updated_at and id; cannot page on")
                : $"{AdobeCommerceMapper.Stamp(key.UpdatedAt)}|{key.Id}";
        }

        return new SourcePage(records, rejected, items.Count, cursor, next);
    }

    /// <summary>The searchCriteria query string of one page (snake_case, as Magento's docs spell it).</summary>
    internal string Query(PageRequest request)
    {
        var groups = new List<List<(string Field, string Value, string Condition)>>();
        if (incremental)
        {
            if (request.UpdatedFrom is { } from)
            {
                groups.Add([("updated_at", AdobeCommerceMapper.Stamp(from), "gteq")]);
            }

            groups.Add([("updated_at", AdobeCommerceMapper.Stamp(request.UpdatedTo), "lteq")]);
            if (request.PageToken is { } token)
            {
                var bar = token.LastIndexOf('|');
                var (at, id) = (token[..bar], token[(bar + 1)..]);
                groups.Add([("updated_at", at, "gteq")]);
                groups.Add([("updated_at", at, "gt"), ("entity_id", id, "gt")]);
            }
        }
        else if (request.PageToken is { } lastId)
        {
            groups.Add([("entity_id", lastId, "gt")]);
        }

        var query = new StringBuilder();
        void Add(string key, string value) =>
            query.Append(query.Length == 0 ? "" : "&").Append(Uri.EscapeDataString("searchCriteria" + key)).Append('=').Append(Uri.EscapeDataString(value));
        for (var g = 0; g < groups.Count; g++)
        {
            for (var f = 0; f < groups[g].Count; f++)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"[filter_groups][{g}][filters][{f}]");
                Add(prefix + "[field]", groups[g][f].Field);
                Add(prefix + "[value]", groups[g][f].Value);
                Add(prefix + "[condition_type]", groups[g][f].Condition);
            }
        }

        var sorts = incremental ? new[] { "updated_at", "entity_id" } : ["entity_id"];
        for (var s = 0; s < sorts.Length; s++)
        {
            Add(string.Create(CultureInfo.InvariantCulture, $"[sortOrders][{s}][field]"), sorts[s]);
            Add(string.Create(CultureInfo.InvariantCulture, $"[sortOrders][{s}][direction]"), "ASC");
        }

        Add("[pageSize]", request.PageSize.ToString(CultureInfo.InvariantCulture));
        Add("[currentPage]", "1");
        return query.ToString();
    }

    internal static string? Raw(JsonElement item, string property) =>
        item.ValueKind == JsonValueKind.Object && item.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
            _ => null,
        } : null;

    private static DateTimeOffset? Parsed(string? text)
    {
        try
        {
            return AdobeCommerceMapper.Instant(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

/// <summary>The item mappers of the four streams; an item that cannot be read is rejected with its reason.</summary>
internal static class AdobeCommerceItems
{
    /// <summary>The customer mapper of a store that keeps the ERP account number in the attribute <paramref name="accountReferenceAttribute"/>.</summary>
    public static Func<JsonElement, NodeOutcome> Customer(string accountReferenceAttribute) =>
        item => Versioned<MagentoCustomer>(item, "customer", "id", (c, id, at) => [AdobeCommerceMapper.Customer(c, id, at, accountReferenceAttribute)]);

    public static NodeOutcome Order(JsonElement item) => Versioned<MagentoOrder>(item, "order", "entity_id", (o, id, at) => [AdobeCommerceMapper.Order(o, id, at)]);

    public static NodeOutcome CreditMemo(JsonElement item) => Versioned<MagentoCreditMemo>(item, "credit memo", "entity_id", (m, id, at) =>
        m.OrderId is { } order
            ? [AdobeCommerceMapper.Refund(m, id, AdobeCommerceMapper.Id(order), at)]
            : throw new FormatException($"credit memo {id} has no order_id"));

    public static NodeOutcome Company(JsonElement item)
    {
        var id = AdobeCommerceStream.Raw(item, "id");
        if (id is null)
        {
            return NodeOutcome.Reject(null, "company has no id");
        }

        try
        {
            var company = item.Deserialize<MagentoCompany>(MagentoJson.Options) ?? throw new FormatException("company is null");
            return new NodeOutcome([AdobeCommerceMapper.Company(company, id)], null, null);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return NodeOutcome.Reject(AdobeCommerceMapper.CompanyPrefix + id, $"company could not be read: {e.Message}");
        }
    }

    private static NodeOutcome Versioned<T>(JsonElement item, string what, string idProperty, Func<T, string, DateTimeOffset, IReadOnlyList<ISourceRecord>> records)
        where T : class
    {
        var id = AdobeCommerceStream.Raw(item, idProperty);
        if (id is null)
        {
            return NodeOutcome.Reject(null, $"{what} has no {idProperty}");
        }

        DateTimeOffset? updatedAt = null;
        try
        {
            updatedAt = AdobeCommerceMapper.Instant(AdobeCommerceStream.Raw(item, "updated_at"));
            if (updatedAt is not { } at)
            {
                return NodeOutcome.Reject(id, $"{what} {id} has no updated_at");
            }

            var node = item.Deserialize<T>(MagentoJson.Options) ?? throw new FormatException($"{what} is null");
            return new NodeOutcome(records(node, id, at), new SyncCursor(at, id), null);
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return NodeOutcome.Reject(id, $"{what} {id} could not be read: {e.Message}", updatedAt);
        }
    }
}
