using System.CommandLine;
using Gapwatch.Files.Workspace;
using Gapwatch.Store.Sqlite;

namespace Gapwatch.Cli;

/// <summary>Audit lines for what the command line changes outside the web app (a stored connection's credentials).</summary>
internal static class AuditTrail
{
    /// <summary>After a successful <c>gapwatch connect …</c>: which connector's credentials changed, by whom (never the secret).</summary>
    public static void CredentialChanged(ParseResult parse, CliContext context)
    {
        var directory = parse.GetValue<string>("--workspace") ?? ".";
        if (!File.Exists(Path.Combine(directory, WorkspaceFile.FileName)))
        {
            return;
        }

        using var access = SqliteAccessStore.Open(WorkspaceFile.StorePath(Path.GetFullPath(directory)), context.Clock);
        var name = parse.CommandResult.Command.Options.Any(o => o.Name == "--name") ? parse.GetValue<string>("--name") : null;
        access.Append(Commands.UserCommand.Actor(), "credential.changed", parse.CommandResult.Command.Name,
            $"connection{(name is null ? "" : " '" + name + "'")} stored with its secret encrypted");
    }
}
