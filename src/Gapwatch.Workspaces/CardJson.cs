using System.Text.Json;
using Gapwatch.Cards;
using Gapwatch.Model;

namespace Gapwatch.Workspaces;

/// <summary>Which drill rows to show: filters, then a page.</summary>
public sealed record RowQuery(string? Entity = null, string? Group = null, int Offset = 0, int? Limit = null)
{
    public static RowQuery All { get; } = new();
}

/// <summary>
/// Writes cards in the stable JSON shape of product spec §8. Money is a string with exactly the
/// currency's minor digits, so no reader ever parses a binary float; counts are integers.
/// </summary>
public static class CardJson
{
    public static void WriteWall(Utf8JsonWriter writer, RefreshSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(snapshot);
        writer.WriteStartObject();
        writer.WriteNumber("snapshot_id", snapshot.Id);
        writer.WriteString("computed_at", snapshot.ComputedAt);
        writer.WriteString("as_of", snapshot.AsOf);
        writer.WriteStartArray("cards");
        foreach (var card in snapshot.Cards)
        {
            WriteCard(writer, card, rows: null, trend: null);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <param name="writer">Target.</param>
    /// <param name="card">The card.</param>
    /// <param name="rows">Rows to include (null: none, only the summary).</param>
    /// <param name="trend">Past headlines (null: omitted).</param>
    public static void WriteCard(Utf8JsonWriter writer, CardResult card, RowQuery? rows, IReadOnlyList<TrendPoint>? trend)
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

    public static IReadOnlyList<CustomerRow> Filter(IReadOnlyList<CustomerRow> rows, RowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. rows.Where(r => (query.Entity is null || r.ExpectedEntity.Split(", ").Contains(query.Entity))
            && (query.Group is null || r.Group == query.Group))];
    }

    public static IReadOnlyList<GapRow> Filter(IReadOnlyList<GapRow> rows, RowQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return [.. rows.Where(r => (query.Entity is null || r.Entity == query.Entity) && (query.Group is null || r.Reason == query.Group))];
    }

    private static void WriteRows(Utf8JsonWriter writer, CardResult card, RowQuery query)
    {
        if (card.Unit == "count")
        {
            var rows = Filter(card.CustomerRows, query);
            writer.WriteNumber("rows_total", rows.Count);
            writer.WriteStartArray("rows");
            foreach (var row in Page(rows, query))
            {
                WriteCustomerRow(writer, row);
            }
        }
        else
        {
            var rows = Filter(card.GapRows, query);
            writer.WriteNumber("rows_total", rows.Count);
            writer.WriteStartArray("rows");
            foreach (var row in Page(rows, query))
            {
                WriteGapRow(writer, row);
            }
        }

        writer.WriteEndArray();
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

    private static void WriteTrend(Utf8JsonWriter writer, IReadOnlyList<TrendPoint> trend, string unit)
    {
        writer.WriteStartArray("trend");
        foreach (var point in trend)
        {
            writer.WriteStartObject();
            writer.WriteNumber("snapshot_id", point.SnapshotId);
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
