using Gapwatch.Cards;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>Renders the card wall and a card's drill as terminal tables.</summary>
internal static class CardWall
{
    public static void Render(CliContext context, RefreshSnapshot snapshot, string workspace)
    {
        var table = new Table().Title($"Gapwatch — as of {snapshot.AsOf:yyyy-MM-dd HH:mm zzz} (snapshot {snapshot.Id})")
            .AddColumn("card").AddColumn("title").AddColumn(new TableColumn("headline").RightAligned())
            .AddColumn("window").AddColumn("sentiment").AddColumn(new TableColumn("threshold").RightAligned());
        foreach (var card in snapshot.Cards)
        {
            table.AddRow(
                Markup.Escape(card.Key),
                Markup.Escape(card.Title),
                Markup.Escape(Figure(card.Headline, card.Unit)),
                $"{card.Window.Start:yyyy-MM-dd} – {card.Window.End:yyyy-MM-dd}",
                SentimentMarkup(card.Sentiment),
                Markup.Escape((card.Key is CardKeys.RevenueGap or CardKeys.RevenueGapBreakdown ? "unknown > " : "> ") + Figure(card.Threshold, card.Unit)));
        }

        context.Console.Write(table);
        context.Console.MarkupLine($"Drill into a card: [bold]gapwatch card revenue_gap --workspace {Markup.Escape(workspace)}[/]");
    }

    public static void RenderDrill(CliContext context, CardResult card, IReadOnlyList<TrendPoint> trend, Workspaces.RowQuery query)
    {
        context.Console.MarkupLine($"[bold]{Markup.Escape(card.Title)}[/] ({card.Key}) — {Markup.Escape(Figure(card.Headline, card.Unit))} {SentimentMarkup(card.Sentiment)}");
        context.Console.MarkupLine($"Window {card.Window.Start:yyyy-MM-dd} – {card.Window.End:yyyy-MM-dd}, as of {card.AsOf:yyyy-MM-dd HH:mm zzz}");
        var groups = new Table().AddColumn("group").AddColumn("label").AddColumn(new TableColumn("count").RightAligned())
            .AddColumn(new TableColumn("orders").RightAligned()).AddColumn(new TableColumn("amount").RightAligned());
        foreach (var group in card.Groups)
        {
            groups.AddRow(group.Key, Markup.Escape(group.Label), group.Count.ToString(), group.Orders.ToString(), Markup.Escape(group.Amount?.ToString() ?? ""));
        }

        context.Console.Write(groups);
        foreach (var note in card.Notes)
        {
            context.Console.MarkupLine($"[yellow]{Markup.Escape(note)}[/]");
        }

        if (card.Unit == "count")
        {
            RenderCustomers(context, Workspaces.CardJson.Filter(card.CustomerRows, query), query);
        }
        else
        {
            RenderGaps(context, Workspaces.CardJson.Filter(card.GapRows, query), query);
        }

        if (trend.Count > 1)
        {
            context.Console.MarkupLine("Trend: " + Markup.Escape(string.Join(" → ", trend.Select(t => Figure(t.Headline, card.Unit)))));
        }
    }

    private static void RenderCustomers(CliContext context, IReadOnlyList<CustomerRow> rows, Workspaces.RowQuery query)
    {
        var table = new Table().AddColumn("customer").AddColumn("name").AddColumn("type").AddColumn("group")
            .AddColumn(new TableColumn("orders").RightAligned()).AddColumn(new TableColumn("value").RightAligned())
            .AddColumn("entity").AddColumn("flags / sync");
        foreach (var row in rows.Skip(query.Offset).Take(query.Limit ?? 50))
        {
            var notes = string.Join("; ", row.Flags.Concat(row.SyncMessage is null ? [] : [row.SyncMessage]));
            table.AddRow(Markup.Escape(row.Customer), Markup.Escape(row.Name), row.Type, row.Group, row.Orders.Count.ToString(),
                Markup.Escape(row.OrderValue.ToString()), Markup.Escape(row.ExpectedEntity), Markup.Escape(notes));
        }

        context.Console.Write(table);
        context.Console.MarkupLine($"{rows.Count} rows{(rows.Count > (query.Limit ?? 50) ? $" (showing {query.Limit ?? 50}; use --limit)" : "")}");
    }

    private static void RenderGaps(CliContext context, IReadOnlyList<GapRow> rows, Workspaces.RowQuery query)
    {
        var table = new Table().AddColumn("commerce order").AddColumn("ERP document").AddColumn("entity").AddColumn("reason")
            .AddColumn(new TableColumn("amount").RightAligned()).AddColumn("department").AddColumn("location").AddColumn("flags");
        foreach (var row in rows.Skip(query.Offset).Take(query.Limit ?? 50))
        {
            table.AddRow(Markup.Escape(row.CommerceOrder ?? "—"), Markup.Escape(row.ErpDocument ?? "—"), Markup.Escape(row.Entity ?? ""),
                Markup.Escape(row.ReasonLabel), Markup.Escape(row.Amount.ToString()), Markup.Escape(row.Dimensions.Department ?? ""),
                Markup.Escape(row.Dimensions.Location ?? ""), Markup.Escape(string.Join("; ", row.Flags)));
        }

        context.Console.Write(table);
        context.Console.MarkupLine($"{rows.Count} rows{(rows.Count > (query.Limit ?? 50) ? $" (showing {query.Limit ?? 50}; use --limit)" : "")}");
    }

    public static string Figure(decimal value, string unit) =>
        Model.Currency.TryParse(unit, out var currency) ? $"{currency.Format(value)} {unit}" : value.ToString("0", System.Globalization.CultureInfo.InvariantCulture);

    private static string SentimentMarkup(Sentiment sentiment) => sentiment switch
    {
        Sentiment.Alert => "[red]alert[/]",
        Sentiment.Stale => "[grey]stale[/]",
        _ => "[green]ok[/]",
    };
}
