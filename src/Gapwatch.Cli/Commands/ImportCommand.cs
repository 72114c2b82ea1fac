using System.CommandLine;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

internal static class ImportCommand
{
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("folder") { Description = "Folder of import files (docs/import-format.md)" };
        var workspace = CommonOptions.Workspace();
        var command = new Command("import", "Validate every file, then store all records in one transaction (or none)") { folder, workspace };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var outcome = ws.Import(parse.GetValue(folder)!);
            if (!outcome.Succeeded)
            {
                foreach (var line in outcome.ErrorLines)
                {
                    context.Error.WriteLine(line);
                }

                context.Error.WriteLine("Nothing was stored.");
                return ExitCodes.InvalidInput;
            }

            var result = outcome.Result!;
            context.Console.MarkupLineInterpolated(
                $"Imported [bold]{result.Total}[/] records: {result.Inserted} new, {result.Updated} updated, {result.Unchanged} unchanged, {result.Stale} older than stored (kept the newer).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
