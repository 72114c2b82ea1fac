using System.Text.Json;
using Gapwatch.Cards;
using Gapwatch.Model;

namespace Gapwatch.Workspaces;

/// <summary>
/// Which drill rows to show: filters, an order, then a page. <paramref name="Dimension"/> is
/// <c>name:value</c> (department, location, project or customer, as on the rows); <paramref name="Sort"/>
/// is one of <see cref="RowQuery.SortKeys"/>, with a leading <c>-</c> for descending.
/// </summary>
public sealed record RowQuery(
    string? Entity = null, string? Group = null, int Offset = 0, int? Limit = null,
    string? Platform = null, string? Dimension = null, string? Sort = null)
{
    public static RowQuery All { get; } = new();

    /// <summary>The dimension names a <see cref="Dimension"/> filter may name (revenue-gap rows only).</summary>
    public static IReadOnlyList<string> DimensionNames { get; } = ["department", "location", "project", "customer"];

    /// <summary>The fields rows can be sorted by, for a card of this unit (<c>count</c>: customer rows; a currency: gap rows).</summary>
    public static IReadOnlyList<string> SortKeys(string unit) => unit == "count"
        ? ["customer", "name", "type", "group", "orders", "order_value", "expected_entity"]
        : ["commerce_order", "erp_document", "platform", "entity", "reason", "amount"];
}

/// <summary>Whether the served figures are stale: the error of the last refresh, when it failed (null: fresh).</summary>
public sealed record CardStaleness(string? Error);

/// <summary>
/// Writes cards in the stable JSON shape of product spec §8. Money is a string with exactly the
/// currency's minor digits, so no reader ever parses a binary float; counts are integers.
/// </summary>
public static class CardJson
{
    /// <param name="writer">Target.</param>
    /// <param name="snapshot">The snapshot served.</param>
    /// <param name="staleness">When given (the API), the wall and each card say whether the last refresh failed, and why.</param>
    public static void WriteWall(Utf8JsonWriter writer, RefreshSnapshot snapshot, CardStaleness? staleness = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(snapshot);
        writer.WriteStartObject();
        writer.WriteNumber("snapshot_id", snapshot.Id);
        writer.WriteString("computed_at", snapshot.ComputedAt);
        writer.WriteString("as_of", snapshot.AsOf);
        WriteStaleness(writer, staleness);
        writer.WriteStartArray("cards");
        foreach (var card in snapshot.Cards)
        {
            WriteCard(writer, card, rows: null, trend: null, staleness);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <param name="writer">Target.</param>
    /// <param name="card">The card.</param>
    /// <param name="rows">Rows to include (null: none, only the summary).</param>
    /// <param name="trend">Past headlines (null: omitted).</param>
    /// <param name="staleness">When given (the API): <c>stale</c> and <c>refresh_error</c>.</param>
    public static void WriteCard(Utf8JsonWriter writer, CardResult card, RowQuery? rows, IReadOnlyList<TrendPoint>? trend, CardStaleness? staleness = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(card);
        writer.WriteStartObject();
        writer.WriteString("key", card.Key);
        writer.WriteString("title", card.Title);
        writer.WriteString("erp", card.Erp.Key());
        writer.WriteStartObject("window");
        writer.WriteString("start", card.Window.Start.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString("end", card.Window.End.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteEndObject();
        writer.WriteString("as_of", card.AsOf);
        WriteFigure(writer, "headline", card.Headline, card.Unit);
        writer.WriteString("unit", card.Unit);
        writer.WriteString("reporting_currency", card.ReportingCurrency);
        writer.WriteString("sentiment", card.Sentiment.ToString().ToLowerInvariant());
        WriteStaleness(writer, staleness);
        WriteFigure(writer, "threshold", card.Threshold, card.Unit);
        WriteFigure(writer, "alert_figure", card.AlertFigure, card.Unit);
        WriteStrings(writer, "roles", card.Roles);
        WriteGroups(writer, card.Groups);
        WriteMeasures(writer, card);
        WriteStrings(writer, "notes", card.Notes);
        WriteSources(writer, card.Sources);
        if (rows is not null)
        {
            WriteRows(writer, card, rows);
        }

        if (trend is not null)
        {
            WriteTrend(writer, trend, card.Unit);
        }

        writer.WriteEndObject();
    }

    /// <summary>The rows the query's filters keep, in the query's order (the card's own order when none).</summary>
    public static IReadOnlyList<CustomerRow> Filter(IReadOnlyList<CustomerRow> rows, RowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var platformPrefix = query.Platform is null ? null : query.Platform + ":";
        var kept = rows.Where(r => (query.Entity is null || r.ExpectedEntity.Split(", ").Contains(query.Entity))
            && (query.Group is null || r.Group == query.Group)
            && (platformPrefix is null || r.CommerceCustomers.Any(c => c.StartsWith(platformPrefix, StringComparison.Ordinal))));
        return [.. SortCustomers(kept, query.Sort)];
    }

    public static IReadOnlyList<GapRow> Filter(IReadOnlyList<GapRow> rows, RowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (dimension, value) = SplitDimension(query.Dimension);
        var kept = rows.Where(r => (query.Entity is null || r.Entity == query.Entity) && (query.Group is null || r.Reason == query.Group)
            && (query.Platform is null || r.Platform == query.Platform)
            && (dimension is null || DimensionOf(r.Dimensions, dimension) == value));
        return [.. SortGaps(kept, query.Sort)];
    }

    private static (string? Name, string? Value) SplitDimension(string? dimension)
    {
        if (dimension is null)
        {
            return (null, null);
        }

        var colon = dimension.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? (dimension, null) : (dimension[..colon], dimension[(colon + 1)..]);
    }

    private static string? DimensionOf(Dimensions dimensions, string name) => name switch
    {
        "department" => dimensions.Department,
        "location" => dimensions.Location,
        "project" => dimensions.Project,
        "customer" => dimensions.Customer,
        _ => null,
    };

    private static IEnumerable<CustomerRow> SortCustomers(IEnumerable<CustomerRow> rows, string? sort)
    {
        if (sort is null)
        {
            return rows;
        }

        var descending = sort.StartsWith('-');
        return sort.TrimStart('-') switch
        {
            "customer" => Order(rows, r => r.Customer, StringComparer.Ordinal, descending),
            "name" => Order(rows, r => r.Name, StringComparer.Ordinal, descending),
            "type" => Order(rows, r => r.Type, StringComparer.Ordinal, descending),
            "group" => Order(rows, r => r.Group, StringComparer.Ordinal, descending),
            "orders" => Order(rows, r => r.Orders.Count, Comparer<int>.Default, descending),
            "order_value" => Order(rows, r => r.OrderValue.Amount, Comparer<decimal>.Default, descending),
            "expected_entity" => Order(rows, r => r.ExpectedEntity, StringComparer.Ordinal, descending),
            _ => throw new ArgumentException($"rows of this card cannot be sorted by '{sort}'", nameof(sort)),
        };
    }

    private static IEnumerable<GapRow> SortGaps(IEnumerable<GapRow> rows, string? sort)
    {
        if (sort is null)
        {
            return rows;
        }

        var descending = sort.StartsWith('-');
        return sort.TrimStart('-') switch
        {
            "commerce_order" => Order(rows, r => r.CommerceOrder, StringComparer.Ordinal, descending),
            "erp_document" => Order(rows, r => r.ErpDocument, StringComparer.Ordinal, descending),
            "platform" => Order(rows, r => r.Platform, StringComparer.Ordinal, descending),
            "entity" => Order(rows, r => r.Entity, StringComparer.Ordinal, descending),
            "reason" => Order(rows, r => r.Reason, StringComparer.Ordinal, descending),
            "amount" => Order(rows, r => r.Amount.Amount, Comparer<decimal>.Default, descending),
            _ => throw new ArgumentException($"rows of this card cannot be sorted by '{sort}'", nameof(sort)),
        };
    }

    /// <summary>A stable sort: rows that tie keep the card's order.</summary>
    private static IEnumerable<T> Order<T, TKey>(IEnumerable<T> rows, Func<T, TKey> key, IComparer<TKey> comparer, bool descending) =>
        descending ? rows.OrderByDescending(key, comparer) : rows.OrderBy(key, comparer);

    private static void WriteRows(Utf8JsonWriter writer, CardResult card, RowQuery query)
    {
        if (card.Unit == "count")
        {
            var rows = Filter(card.CustomerRows, query);
            WritePaging(writer, rows.Count, query);
            writer.WriteStartArray("rows");
            foreach (var row in Page(rows, query))
            {
                WriteCustomerRow(writer, row);
            }
        }
        else
        {
            var rows = Filter(card.GapRows, query);
            WritePaging(writer, rows.Count, query);
            writer.WriteStartArray("rows");
            foreach (var row in Page(rows, query))
            {
                WriteGapRow(writer, row);
            }
        }

        writer.WriteEndArray();
    }

    private static void WritePaging(Utf8JsonWriter writer, int total, RowQuery query)
    {
        writer.WriteNumber("rows_total", total);
        writer.WriteNumber("rows_offset", query.Offset);
        if (query.Limit is { } limit)
        {
            writer.WriteNumber("rows_limit", limit);
        }
        else
        {
            writer.WriteNull("rows_limit");
        }
    }

    private static IEnumerable<T> Page<T>(IReadOnlyList<T> rows, RowQuery query) =>
        rows.Skip(query.Offset).Take(query.Limit ?? int.MaxValue);

    private static void WriteCustomerRow(Utf8JsonWriter writer, CustomerRow row)
    {
        writer.WriteStartObject();
        writer.WriteString("customer", row.Customer);
        writer.WriteString("name", row.Name);
        writer.WriteString("type", row.Type);
        writer.WriteString("group", row.Group);
        WriteStrings(writer, "commerce_customers", row.CommerceCustomers);
        writer.WriteNumber("orders_attached", row.Orders.Count);
        WriteStrings(writer, "orders", row.Orders);
        WriteMoney(writer, "order_value", row.OrderValue);
        writer.WriteStartArray("order_value_in_order_currency");
        foreach (var money in row.OrderValueInOrderCurrency)
        {
            WriteMoneyObject(writer, money);
        }

        writer.WriteEndArray();
        writer.WriteString("expected_entity", row.ExpectedEntity);
        WriteStrings(writer, "flags", row.Flags);
        WriteOptional(writer, "sync_message", row.SyncMessage);
        WriteOptional(writer, "sync_log_id", row.SyncLogId);
        WriteOptional(writer, "consequence", row.Consequence);
        writer.WriteEndObject();
    }

    private static void WriteGapRow(Utf8JsonWriter writer, GapRow row)
    {
        writer.WriteStartObject();
        WriteOptional(writer, "commerce_order", row.CommerceOrder);
        WriteOptional(writer, "erp_document", row.ErpDocument);
        WriteOptional(writer, "platform", row.Platform);
        WriteOptional(writer, "entity", row.Entity);
        writer.WriteString("reason", row.Reason);
        writer.WriteString("reason_label", row.ReasonLabel);
        WriteMoney(writer, "amount", row.Amount);
        writer.WriteStartObject("dimensions");
        WriteOptional(writer, "department", row.Dimensions.Department);
        WriteOptional(writer, "location", row.Dimensions.Location);
        WriteOptional(writer, "project", row.Dimensions.Project);
        WriteOptional(writer, "customer", row.Dimensions.Customer);
        writer.WriteEndObject();
        WriteStrings(writer, "flags", row.Flags);
        writer.WriteEndObject();
    }

    private static void WriteGroups(Utf8JsonWriter writer, IReadOnlyList<CardGroup> groups)
    {
        writer.WriteStartArray("groups");
        foreach (var group in groups)
        {
            writer.WriteStartObject();
            writer.WriteString("key", group.Key);
            writer.WriteString("label", group.Label);
            writer.WriteNumber("count", group.Count);
            writer.WriteNumber("orders", group.Orders);
            if (group.Amount is { } amount)
            {
                WriteMoney(writer, "amount", amount);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteMeasures(Utf8JsonWriter writer, CardResult card)
    {
        writer.WriteStartObject("measures");
        foreach (var (key, value) in card.Measures.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            if (MoneyMeasures.Contains(key))
            {
                writer.WriteString(key, Currency.Of(card.ReportingCurrency).Format(value));
            }
            else
            {
                writer.WriteNumber(key, value);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteSources(Utf8JsonWriter writer, IReadOnlyList<SourceStatus> sources)
    {
        writer.WriteStartArray("sources");
        foreach (var source in sources)
        {
            writer.WriteStartObject();
            writer.WriteString("source", source.Source);
            writer.WriteString("last_successful_sync_at", source.LastSuccessfulSyncAt);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>A card's headline over past snapshots, oldest first, as a property named <c>trend</c>.</summary>
    private static void WriteStaleness(Utf8JsonWriter writer, CardStaleness? staleness)
    {
        if (staleness is null)
        {
            return;
        }

        writer.WriteBoolean("stale", staleness.Error is not null);
        if (staleness.Error is { } error)
        {
            writer.WriteString("refresh_error", error);
        }
        else
        {
            writer.WriteNull("refresh_error");
        }
    }

    public static void WriteTrend(Utf8JsonWriter writer, IReadOnlyList<TrendPoint> trend, string unit)
    {
        writer.WriteStartArray("trend");
        foreach (var point in trend)
        {
            writer.WriteStartObject();
            writer.WriteNumber("snapshot_id", point.SnapshotId);
            writer.WriteString("computed_at", point.ComputedAt);
            writer.WriteString("as_of", point.AsOf);
            WriteFigure(writer, "headline", point.Headline, unit);
            writer.WriteString("sentiment", point.Sentiment.ToString().ToLowerInvariant());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>Counts as integers; money as a string with the currency's minor digits.</summary>
    private static void WriteFigure(Utf8JsonWriter writer, string name, decimal value, string unit)
    {
        if (Currency.TryParse(unit, out var currency))
        {
            writer.WriteString(name, currency.Format(value));
        }
        else
        {
            writer.WriteNumber(name, value);
        }
    }

    private static void WriteMoney(Utf8JsonWriter writer, string name, Money money) => writer.WriteString(name, money.Format());

    private static void WriteMoneyObject(Utf8JsonWriter writer, Money money)
    {
        writer.WriteStartObject();
        writer.WriteString("amount", money.Format());
        writer.WriteString("currency", money.Currency.Code);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
