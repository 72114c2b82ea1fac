using System.Globalization;
using CsvHelper;
using Gapwatch.Cards;

namespace Gapwatch.Workspaces;

/// <summary>Writes a card's drill rows as CSV: one row per worklist line, money with its currency.</summary>
public static class CardCsvExport
{
    /// <summary>Writes to a temporary file first and moves it into place, so a failure never leaves half a file.</summary>
    public static int Write(CardResult card, string path, RowQuery query)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(query);
        var full = Path.GetFullPath(path);
        var temporary = full + ".partial";
        int written;
        using (var stream = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false)))
        {
            written = Write(card, stream, query);
        }

        File.Move(temporary, full, overwrite: true);
        return written;
    }

    /// <summary>Writes the rows the query keeps (all of them: paging does not apply to an export) to a text writer.</summary>
    public static int Write(CardResult card, TextWriter target, RowQuery query)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(query);
        using var csv = new CsvWriter(target, CultureInfo.InvariantCulture, leaveOpen: true);
        return card.Unit == "count"
            ? WriteCustomers(csv, CardJson.Filter(card.CustomerRows, query))
            : WriteGaps(csv, CardJson.Filter(card.GapRows, query));
    }

    private static int WriteCustomers(CsvWriter csv, IReadOnlyList<CustomerRow> rows)
    {
        foreach (var header in new[] { "customer", "name", "type", "group", "orders_attached", "orders", "order_value", "currency", "expected_entity", "flags", "sync_message", "sync_log_id", "consequence" })
        {
            csv.WriteField(header);
        }

        csv.NextRecord();
        foreach (var row in rows)
        {
            csv.WriteField(row.Customer);
            csv.WriteField(row.Name);
            csv.WriteField(row.Type);
            csv.WriteField(row.Group);
            csv.WriteField(row.Orders.Count);
            csv.WriteField(string.Join(';', row.Orders));
            csv.WriteField(row.OrderValue.Format());
            csv.WriteField(row.OrderValue.Currency.Code);
            csv.WriteField(row.ExpectedEntity);
            csv.WriteField(string.Join("; ", row.Flags));
            csv.WriteField(row.SyncMessage);
            csv.WriteField(row.SyncLogId);
            csv.WriteField(row.Consequence);
            csv.NextRecord();
        }

        return rows.Count;
    }

    private static int WriteGaps(CsvWriter csv, IReadOnlyList<GapRow> rows)
    {
        foreach (var header in new[] { "commerce_order", "erp_document", "platform", "entity", "reason", "reason_label", "amount", "currency", "department", "location", "project", "customer", "flags" })
        {
            csv.WriteField(header);
        }

        csv.NextRecord();
        foreach (var row in rows)
        {
            csv.WriteField(row.CommerceOrder);
            csv.WriteField(row.ErpDocument);
            csv.WriteField(row.Platform);
            csv.WriteField(row.Entity);
            csv.WriteField(row.Reason);
            csv.WriteField(row.ReasonLabel);
            csv.WriteField(row.Amount.Format());
            csv.WriteField(row.Amount.Currency.Code);
            csv.WriteField(row.Dimensions.Department);
            csv.WriteField(row.Dimensions.Location);
            csv.WriteField(row.Dimensions.Project);
            csv.WriteField(row.Dimensions.Customer);
            csv.WriteField(string.Join("; ", row.Flags));
            csv.NextRecord();
        }

        return rows.Count;
    }
}
