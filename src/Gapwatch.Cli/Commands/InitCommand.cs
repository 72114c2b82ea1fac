using System.CommandLine;
using Gapwatch.Files.Workspace;

namespace Gapwatch.Cli.Commands;

internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Argument<string>("dir") { Description = "Folder for the new workspace" };
        var erp = new Option<string>("--erp") { Description = "sage_intacct | business_central | dynamics_fo", DefaultValueFactory = _ => "sage_intacct" };
        var name = new Option<string?>("--name") { Description = "Merchant name (default: the folder name)" };
        var currency = new Option<string>("--currency") { Description = "Reporting currency (ISO 4217)", DefaultValueFactory = _ => "USD" };
        var command = new Command("init", "Write a readable workspace file (gapwatch.yaml) with the field map and its defaults")
        {
            directory, erp, name, currency,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(directory)!;
            var path = WorkspaceFile.Init(dir, new WorkspaceInitOptions
            {
                Name = parse.GetValue(name) ?? new DirectoryInfo(Path.GetFullPath(dir)).Name,
                Erp = parse.GetValue(erp)!,
                ReportingCurrency = parse.GetValue(currency)!,
            });
            context.Out.WriteLine($"Wrote {path}. Edit the field map, then: gapwatch import <folder> --workspace {dir}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
