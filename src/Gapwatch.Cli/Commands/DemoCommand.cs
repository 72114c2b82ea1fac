using System.CommandLine;
using Gapwatch.Files.Import;
using Gapwatch.Files.Workspace;
using Gapwatch.Generator;
using Gapwatch.Workspaces;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// Builds a realistic workspace from the seeded generator (3 platforms, 2 entities, 3 currencies),
/// imports it through the same path a user's files take, refreshes it and prints the card wall.
/// </summary>
internal static class DemoCommand
{
    private const string Marker = ".gapwatch-demo";

    public static Command Create(CliContext context)
    {
        var directory = new Option<string>("--dir") { Description = "Where to build the demo workspace", DefaultValueFactory = _ => "gapwatch-demo" };
        var orders = new Option<int>("--orders") { Description = "Orders to generate", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed (same seed, same workspace)", DefaultValueFactory = _ => 20260413 };
        var command = new Command("demo", "Build, import and refresh a demo workspace, then print the card wall") { directory, orders, seed };
        command.SetAction(parse => Run(context, Path.GetFullPath(parse.GetValue(directory)!), parse.GetValue(orders), parse.GetValue(seed)));
        return command;
    }

    private static int Run(CliContext context, string directory, int orders, int seed)
    {
        PrepareDirectory(directory);
        var generated = DemoWorkspaceGenerator.Generate(new DemoOptions { Seed = seed, Orders = orders });
        var dataFolder = Path.Combine(directory, "data");
        ImportFormatWriter.Write(dataFolder, generated.Data.All());
        WorkspaceFile.Save(directory, generated.Settings);
        File.WriteAllText(Path.Combine(directory, Marker), "Created by 'gapwatch demo'; the demo may delete and rebuild this folder.\n");

        using var workspace = GapwatchWorkspace.Open(directory, context.Clock);
        var imported = workspace.Import(dataFolder);
        if (!imported.Succeeded)
        {
            throw new CliException(ExitCodes.Unexpected, "the demo data did not import: " + string.Join(Environment.NewLine, imported.ErrorLines));
        }

        var refreshed = workspace.Refresh();
        if (!refreshed.Succeeded)
        {
            throw new CliException(ExitCodes.RefreshFailed, "the demo refresh failed: " + refreshed.Error);
        }

        context.Console.MarkupLineInterpolated($"Imported [bold]{imported.Result!.Total}[/] records from {dataFolder}");
        CardWall.Render(context, refreshed.Snapshot!, directory);
        WhatNext(context, directory);
        return ExitCodes.Ok;
    }

    /// <summary>Rebuilds only a folder the demo made itself; anything else is left alone.</summary>
    private static void PrepareDirectory(string directory)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            if (!File.Exists(Path.Combine(directory, Marker)))
            {
                throw new CliException(ExitCodes.Usage, $"'{directory}' exists and was not made by the demo; choose another --dir");
            }

            Directory.Delete(directory, recursive: true);
        }

        Directory.CreateDirectory(directory);
    }

    private static void WhatNext(CliContext context, string directory)
    {
        var ws = Markup.Escape(directory);
        context.Console.MarkupLine($"\nThe demo workspace is [bold]{ws}[/] (field map: gapwatch.yaml, import files: data/). Try next:");
        context.Console.MarkupLine($"  gapwatch card revenue_gap --workspace {ws}");
        context.Console.MarkupLine($"  gapwatch card revenue_gap_breakdown --group unknown --workspace {ws}");
        context.Console.MarkupLine($"  gapwatch card b2b_customers_absent_sync --workspace {ws}");
        context.Console.MarkupLine($"  gapwatch card customers_absent_blocked --json --limit 5 --workspace {ws}");
        context.Console.MarkupLine($"  gapwatch export revenue_gap_breakdown --csv gap.csv --workspace {ws}");
    }
}
