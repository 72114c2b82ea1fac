using System.CommandLine;
using Gapwatch.Workspaces;

namespace Gapwatch.Cli.Commands;

internal static class CardCommand
{
    public static Command Create(CliContext context)
    {
        var key = new Argument<string>("key") { Description = "customers_absent | b2b_customers_absent_sync | customers_absent_blocked | revenue_gap | revenue_gap_breakdown" };
        var workspace = CommonOptions.Workspace();
        var asOf = CommonOptions.AsOf();
        var json = CommonOptions.Json();
        var entity = new Option<string?>("--entity") { Description = "Only rows of this entity" };
        var group = new Option<string?>("--group") { Description = "Only rows of this group (cohort, cause, customer type or reason key)" };
        var limit = new Option<int?>("--limit") { Description = "At most this many rows" };
        var offset = new Option<int>("--offset") { Description = "Skip this many rows (paging)" };
        var command = new Command("card", "Show one card with its drill-down worklist and trend") { key, workspace, asOf, json, entity, group, limit, offset };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var snapshot = Output.LatestOrFail(ws, CommonOptions.ParseAsOf(ws, parse.GetValue(asOf)));
            var card = Output.FindCard(snapshot, parse.GetValue(key)!);
            var query = new RowQuery(parse.GetValue(entity), parse.GetValue(group), parse.GetValue(offset), parse.GetValue(limit));
            var trend = ws.Store.Trend(card.Key, 30);
            if (parse.GetValue(json))
            {
                Output.WriteJson(context, w => CardJson.WriteCard(w, card, query, trend));
            }
            else
            {
                CardWall.RenderDrill(context, ws, card, trend, query);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
