using System.CommandLine;

namespace Gapwatch.Cli.Commands;

internal static class CardsCommand
{
    public static Command Create(CliContext context)
    {
        var workspace = CommonOptions.Workspace();
        var asOf = CommonOptions.AsOf();
        var json = CommonOptions.Json();
        var command = new Command("cards", "Show the card wall of the latest snapshot (at or before --as-of)") { workspace, asOf, json };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var snapshot = Output.LatestOrFail(ws, CommonOptions.ParseAsOf(ws, parse.GetValue(asOf)));
            if (parse.GetValue(json))
            {
                Output.WriteJson(context, w => Workspaces.CardJson.WriteWall(w, snapshot));
            }
            else
            {
                CardWall.Render(context, snapshot, ws);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
