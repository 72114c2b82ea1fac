using Gapwatch.Cards;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>Renders the card wall and a card's drill as terminal tables.</summary>
internal static class CardWall
{
    public static void Render(CliContext context, RefreshSnapshot snapshot, Workspaces.GapwatchWorkspace workspace)
    {
        var table = new Table().Title($"Gapwatch — as of {Local(workspace, snapshot.AsOf)} (snapshot {snapshot.Id})")
            .AddColumn("card").AddColumn(new TableColumn("headline").RightAligned()).AddColumn("sentiment").AddColumn("alert when");
        foreach (var card in snapshot.Cards)
        {
            var isGap = card.Key is CardKeys.RevenueGap or CardKeys.RevenueGapBreakdown;
            table.AddRow(
                new Markup($"{Markup.Escape(card.Title)}\n[grey]{card.Key} · {card.Window.Start:dd MMM} – {card.Window.End:dd MMM yyyy}[/]"),
                new Markup(Markup.Escape(Figure(card.Headline, card.Unit))),
                new Markup(SentimentMarkup(card.Sentiment)),
                new Markup(Markup.Escape((isGap ? "unknown > " : "> ") + Figure(card.Threshold, card.Unit))));
        }

        context.Console.Write(table);
        context.Console.MarkupLine($"Drill into a card: [bold]gapwatch card revenue_gap --workspace {Markup.Escape(workspace.Directory)}[/]");
    }

    public static void RenderDrill(CliContext context, Workspaces.GapwatchWorkspace workspace, CardResult card, IReadOnlyList<TrendPoint> trend, Workspaces.RowQuery query)
    {
        context.Console.MarkupLine($"[bold]{Markup.Escape(card.Title)}[/] ({card.Key}) — {Markup.Escape(Figure(card.Headline, card.Unit))} {SentimentMarkup(card.Sentiment)}");
        context.Console.MarkupLine($"Window {card.Window.Start:yyyy-MM-dd} – {card.Window.End:yyyy-MM-dd}, as of {Local(workspace, card.AsOf)}");
        if (card.Measures.TryGetValue("gap_share_of_commerce", out var share))
        {
            context.Console.MarkupLine($"Commerce {Figure(card.Measures["commerce_revenue"], card.Unit)} − GL {Figure(card.Measures["gl_booked_revenue"], card.Unit)}; the gap is {share * 100:0.00}% of commerce revenue");
        }
        var groups = new Table().AddColumn("group").AddColumn("label").AddColumn(new TableColumn("count").RightAligned())
            .AddColumn(new TableColumn("orders").RightAligned()).AddColumn(new TableColumn("amount").RightAligned());
        foreach (var group in card.Groups)
        {
            groups.AddRow(group.Key, Markup.Escape(group.Label), group.Count.ToString(), group.Orders.ToString(),
                Markup.Escape(group.Amount is { } amount ? Figure(amount.Amount, amount.Currency.Code) : ""));
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
                Markup.Escape(Figure(row.OrderValue.Amount, row.OrderValue.Currency.Code)), Markup.Escape(row.ExpectedEntity), Markup.Escape(notes));
        }

        context.Console.Write(table);
        context.Console.MarkupLine($"{rows.Count} rows{(rows.Count > (query.Limit ?? 50) ? $" (showing {query.Limit ?? 50}; use --limit)" : "")}");
    }

    private static void RenderGaps(CliContext context, IReadOnlyList<GapRow> rows, Workspaces.RowQuery query)
    {
        var table = new Table().AddColumn("commerce order").AddColumn("ERP document").AddColumn("entity").AddColumn("reason")
            .AddColumn(new TableColumn("amount").RightAligned()).AddColumn("dimensions");
        foreach (var row in rows.Skip(query.Offset).Take(query.Limit ?? 50))
        {
            var dimensions = string.Join(" ", new[] { row.Dimensions.Department, row.Dimensions.Location, row.Dimensions.Project }.OfType<string>())
                + (row.Flags.Count > 0 ? " · " + string.Join("; ", row.Flags) : "");
            table.AddRow(Markup.Escape(row.CommerceOrder ?? "—"), Markup.Escape(row.ErpDocument ?? "—"), Markup.Escape(row.Entity ?? ""),
                Markup.Escape(row.ReasonLabel), Markup.Escape(Figure(row.Amount.Amount, row.Amount.Currency.Code)), Markup.Escape(dimensions));
        }

        context.Console.Write(table);
        context.Console.MarkupLine($"{rows.Count} rows{(rows.Count > (query.Limit ?? 50) ? $" (showing {query.Limit ?? 50}; use --limit)" : "")}");
    }

    private static string Local(Workspaces.GapwatchWorkspace workspace, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(workspace.Settings.TimeZone)).ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>For people: thousands separated, the currency's minor digits, the code after.</summary>
    public static string Figure(decimal value, string unit) =>
        Model.Currency.TryParse(unit, out var currency)
            ? currency.Round(value).ToString("N" + currency.MinorDigits.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture) + " " + unit
            : value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    private static string SentimentMarkup(Sentiment sentiment) => sentiment switch
    {
        Sentiment.Alert => "[red]alert[/]",
        Sentiment.Stale => "[grey]stale[/]",
        _ => "[green]ok[/]",
    };
}
