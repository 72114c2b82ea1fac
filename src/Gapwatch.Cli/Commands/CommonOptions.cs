using System.CommandLine;
using Gapwatch.Files.Workspace;
using Gapwatch.Workspaces;

namespace Gapwatch.Cli.Commands;

/// <summary>Options every workspace command shares, and opening the workspace they name.</summary>
internal static class CommonOptions
{
    public static Option<string> Workspace() => new("--workspace", "-w")
    {
        Description = "The workspace folder (holding gapwatch.yaml)",
        DefaultValueFactory = _ => ".",
    };

    public static Option<bool> Json() => new("--json") { Description = "Print JSON (the stable shape of the product spec §8)" };

    public static Option<string?> AsOf() => new("--as-of")
    {
        Description = "A date (yyyy-MM-dd: the end of that day in the workspace time zone) or a timestamp with offset",
    };

    public static GapwatchWorkspace Open(string directory, CliContext context)
    {
        if (!File.Exists(Path.Combine(directory, WorkspaceFile.FileName)))
        {
            throw new CliException(ExitCodes.NotFound, $"no workspace at '{Path.GetFullPath(directory)}': run 'gapwatch init {directory}' first");
        }

        return GapwatchWorkspace.Open(directory, context.Clock);
    }

    public static DateTimeOffset? ParseAsOf(GapwatchWorkspace workspace, string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return workspace.ParseAsOf(text);
        }
        catch (FormatException e)
        {
            throw new CliException(ExitCodes.Usage, e.Message);
        }
    }
}
