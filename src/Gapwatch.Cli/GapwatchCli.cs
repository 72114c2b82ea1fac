using System.CommandLine;
using Gapwatch.Cli.Commands;
using Gapwatch.Files.Workspace;

namespace Gapwatch.Cli;

/// <summary>The command line: a table of contents of the commands.</summary>
public static class GapwatchCli
{
    public static int Run(string[] args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new RootCommand("Gapwatch: what fell between the storefront and the books, and why.\n" + ExitCodes.Help)
        {
            DemoCommand.Create(context),
            InitCommand.Create(context),
            ImportCommand.Create(context),
            RefreshCommand.Create(context),
            CardsCommand.Create(context),
            CardCommand.Create(context),
            ExportCommand.Create(context),
            ConnectCommand.Create(context),
            SyncCommand.Create(context),
            ServeCommand.Create(context),
            UserCommand.Create(context),
            BenchCommand.Create(context, BenchMatchingCommand.Create(context), BenchSyncCommand.Create(context), BenchServeCommand.Create(context)),
        };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine(error.Message);
            }

            context.Error.WriteLine("Run 'gapwatch --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            var code = parse.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
            if (code == ExitCodes.Ok && parse.CommandResult.Command.Parents.OfType<Command>().Any(p => p.Name == "connect"))
            {
                AuditTrail.CredentialChanged(parse, context);
            }

            return code;
        }
        catch (CliException e)
        {
            context.Error.WriteLine(e.Message);
            return e.ExitCode;
        }
        catch (WorkspaceFileException e)
        {
            context.Error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
    }
}
