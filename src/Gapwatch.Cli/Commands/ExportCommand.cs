using System.CommandLine;
using Gapwatch.Workspaces;

namespace Gapwatch.Cli.Commands;

internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var key = new Argument<string>("key") { Description = "The card whose drill rows to export" };
        var csv = new Option<string>("--csv") { Description = "Output CSV file", Required = true };
        var workspace = CommonOptions.Workspace();
        var asOf = CommonOptions.AsOf();
        var entity = new Option<string?>("--entity") { Description = "Only rows of this entity" };
        var group = new Option<string?>("--group") { Description = "Only rows of this group" };
        var command = new Command("export", "Export a card's drill rows as CSV") { key, csv, workspace, asOf, entity, group };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var snapshot = Output.LatestOrFail(ws, CommonOptions.ParseAsOf(ws, parse.GetValue(asOf)));
            var card = Output.FindCard(snapshot, parse.GetValue(key)!);
            var path = parse.GetValue(csv)!;
            var rows = CardCsvExport.Write(card, path, new RowQuery(parse.GetValue(entity), parse.GetValue(group)));
            context.Out.WriteLine($"Wrote {rows} rows of {card.Key} to {Path.GetFullPath(path)}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
