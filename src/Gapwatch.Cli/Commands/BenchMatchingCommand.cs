using System.CommandLine;
using Gapwatch.Bench.Matching;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch bench matching</c>: the fuzzy matcher's quality on FEBRL 4a × 4b (docs/matching.md),
/// and with <c>--tune</c> the search on files 2 and 3 that chose its weights and threshold.
/// </summary>
internal static class BenchMatchingCommand
{
    /// <summary>Where the FEBRL files live in the repository.</summary>
    public const string DefaultDataFolder = "tests/data/febrl";

    public static Command Create(CliContext context)
    {
        var data = new Option<string?>("--data")
        {
            Description = $"The folder holding the FEBRL CSV files (default: {DefaultDataFolder}, found by walking up from the current folder)",
        };
        var tune = new Option<bool>("--tune") { Description = "Also rerun the weight and threshold search on FEBRL files 2 and 3" };
        var command = new Command("matching", "Measure the fuzzy secondary-key matcher on FEBRL: link 4a to 4b on name and address only") { data, tune };
        command.SetAction(parse =>
        {
            var folder = DataFolder(parse.GetValue(data));
            if (parse.GetValue(tune))
            {
                context.Out.WriteLine(FebrlTuning.Tune(folder, context.Clock).Format());
            }

            context.Out.Write(FebrlEvaluation.LinkDataset4(folder, context.Clock).Format());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string DataFolder(string? given)
    {
        if (given is not null)
        {
            return File.Exists(Path.Combine(given, FebrlFile.Dataset4A))
                ? given
                : throw new CliException(ExitCodes.NotFound, $"no {FebrlFile.Dataset4A} in '{Path.GetFullPath(given)}'");
        }

        for (var directory = new DirectoryInfo(Directory.GetCurrentDirectory()); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, DefaultDataFolder);
            if (File.Exists(Path.Combine(candidate, FebrlFile.Dataset4A)))
            {
                return candidate;
            }
        }

        throw new CliException(ExitCodes.NotFound, $"no {DefaultDataFolder} above '{Directory.GetCurrentDirectory()}': pass --data <dir>");
    }
}
