using System.CommandLine;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

internal static class RefreshCommand
{
    public static Command Create(CliContext context)
    {
        var workspace = CommonOptions.Workspace();
        var asOf = CommonOptions.AsOf();
        var json = CommonOptions.Json();
        var command = new Command("refresh", "Compute every card at one as-of time and store an immutable snapshot") { workspace, asOf, json };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var outcome = ws.Refresh(CommonOptions.ParseAsOf(ws, parse.GetValue(asOf)));
            if (!outcome.Succeeded)
            {
                context.Error.WriteLine($"Refresh failed: {outcome.Error}. The last good snapshot is kept.");
                return ExitCodes.RefreshFailed;
            }

            if (parse.GetValue(json))
            {
                Output.WriteJson(context, w => Workspaces.CardJson.WriteWall(w, outcome.Snapshot!));
            }
            else
            {
                CardWall.Render(context, outcome.Snapshot!, ws);
                foreach (var alert in outcome.Alerts)
                {
                    context.Console.WriteLine(Describe(alert));
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Describe(Alerts.AlertEvent alert) => alert.Transition == Alerts.AlertTransition.Fired
        ? $"Alert fired: {alert.Title} ({alert.CardKey}) is {CardWall.Figure(alert.Figure, alert.Unit)}, above {CardWall.Figure(alert.Threshold, alert.Unit)}."
        : $"Alert re-armed: {alert.Title} ({alert.CardKey}) is back at {CardWall.Figure(alert.Figure, alert.Unit)}, within {CardWall.Figure(alert.Threshold, alert.Unit)}.";
}
