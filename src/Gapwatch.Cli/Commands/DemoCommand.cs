using System.CommandLine;
using Gapwatch.Files.Import;
using Gapwatch.Files.Workspace;
using Gapwatch.Generator.Demo;
using Gapwatch.Model;
using Gapwatch.Workspaces;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch demo</c>: generates the demo merchant, writes it as a workspace file and import
/// files, then takes the same path a user's data takes (import, refresh) and shows the card wall.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Marks a folder as a demo, so a later <c>gapwatch demo</c> may replace it; any other non-empty folder is left alone.</summary>
    public const string MarkerFile = ".gapwatch-demo";

    public const string DefaultDirectory = "gapwatch-demo";

    public static Command Create(CliContext context)
    {
        var dir = new Option<string>("--dir") { Description = "Folder for the demo workspace (an earlier demo there is replaced)", DefaultValueFactory = _ => DefaultDirectory };
        var seed = new Option<int>("--seed") { Description = "Seed of the generator: the same seed gives the same data", DefaultValueFactory = _ => DemoOptions.DefaultSeed };
        var orders = new Option<int>("--orders")
        {
            Description = $"Commerce orders to generate ({DemoOptions.MinimumOrders}–{DemoOptions.MaximumOrders})",
            DefaultValueFactory = _ => DemoOptions.DefaultOrders,
        };
        var erp = new Option<string>("--erp") { Description = "sage_intacct | business_central | dynamics_fo", DefaultValueFactory = _ => "sage_intacct" };
        var command = new Command("demo", "Build a realistic demo workspace from a seeded generator, refresh it and show the card wall") { dir, seed, orders, erp };
        command.SetAction(parse => Run(context, parse.GetValue(dir)!, Options(parse.GetValue(seed), parse.GetValue(orders), parse.GetValue(erp)!)));
        return command;
    }

    private static int Run(CliContext context, string dir, DemoOptions options)
    {
        var directory = Path.GetFullPath(dir);
        PrepareDirectory(directory);
        var demo = DemoWorkspaceGenerator.Generate(options);
        File.WriteAllText(Path.Combine(directory, MarkerFile),
            $"Written by 'gapwatch demo --seed {options.Seed} --orders {options.Orders} --erp {options.Erp.Key()}'.\n" +
            "A later 'gapwatch demo' with this folder as --dir deletes and replaces everything in it.\n");
        WorkspaceFile.Save(directory, demo.Settings);
        var importFolder = Path.Combine(directory, "import");
        var files = ImportFormatWriter.Write(importFolder, demo.Data.All());

        using var workspace = GapwatchWorkspace.Open(directory, context.Clock);
        var imported = workspace.Import(importFolder);
        if (!imported.Succeeded)
        {
            // The generator writes only valid files; this is a bug, so say so with the evidence.
            foreach (var line in imported.ErrorLines)
            {
                context.Error.WriteLine(line);
            }

            context.Error.WriteLine($"The generated import files in {importFolder} did not validate; nothing was stored. Please report this.");
            return ExitCodes.InvalidInput;
        }

        var refresh = workspace.Refresh();
        if (!refresh.Succeeded)
        {
            context.Error.WriteLine($"Refresh failed: {refresh.Error}.");
            return ExitCodes.RefreshFailed;
        }

        Describe(context, demo, options, files.Count, imported.Result!.Total);
        CardWall.Render(context, refresh.Snapshot!, workspace);
        WhatNext(context, directory, options);
        return ExitCodes.Ok;
    }

    private static DemoOptions Options(int seed, int orders, string erp)
    {
        if (!SystemKeys.TryParseErp(erp, out var kind))
        {
            throw new CliException(ExitCodes.Usage, $"--erp: '{erp}' is not an ERP (allowed: {string.Join(", ", SystemKeys.ErpKeys)})");
        }

        var options = new DemoOptions { Seed = seed, Orders = orders, Erp = kind };
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new CliException(ExitCodes.Usage, $"--orders: {orders} is outside {DemoOptions.MinimumOrders}–{DemoOptions.MaximumOrders}");
        }

        return options;
    }

    /// <summary>An empty or missing folder is used; an earlier demo is emptied; anything else is refused, untouched.</summary>
    private static void PrepareDirectory(string directory)
    {
        if (File.Exists(directory))
        {
            throw new CliException(ExitCodes.Usage, $"--dir: '{directory}' is a file, not a folder");
        }

        if (!Directory.Exists(directory) || !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        if (!File.Exists(Path.Combine(directory, MarkerFile)))
        {
            throw new CliException(ExitCodes.Usage,
                $"--dir: '{directory}' is not empty and is not an earlier demo (it has no {MarkerFile} file); nothing was changed. Choose another --dir or empty it.");
        }

        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo folder)
            {
                folder.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    private static void Describe(CliContext context, DemoWorkspace demo, DemoOptions options, int files, int records)
    {
        var data = demo.Data;
        var settings = demo.Settings;
        context.Console.MarkupLineInterpolated(
            $"[bold]{settings.Name}[/]: {data.CommerceOrders.Count:N0} orders from Shopify, BigCommerce and Adobe Commerce in USD, CAD and EUR, {data.CommerceCustomers.Count:N0} storefront accounts, {data.ErpCustomers.Count:N0} ERP customers in {string.Join(" and ", settings.Entities)} (seed {options.Seed}).");
        context.Console.MarkupLineInterpolated($"Imported {records:N0} records from {files} files through the import format, then refreshed at the sources' aligned as-of time.");
    }

    private static void WhatNext(CliContext context, string directory, DemoOptions options)
    {
        var ws = directory.Contains(' ', StringComparison.Ordinal) ? $"\"{directory}\"" : directory;
        var otherErp = options.Erp == ErpKind.SageIntacct ? "business_central" : "sage_intacct";
        context.Console.WriteLine();
        context.Console.MarkupLineInterpolated($"The demo workspace is at [bold]{directory}[/]: gapwatch.yaml (the field map: entities, routing, holding customers), import/ (the generated data, one file per kind) and .gapwatch/ (the store).");
        context.Console.MarkupLine("Try next:");
        (string Command, string Why)[] next =
        [
            ($"gapwatch card customers_absent --workspace {ws}", "who is missing from the ERP customer master, by cohort"),
            ($"gapwatch card b2b_customers_absent_sync --workspace {ws}", "why: never synced, rejected (with the ERP's message), lagging, merged"),
            ($"gapwatch card revenue_gap --workspace {ws}", "every dollar of the gap carried by a reason"),
            ($"gapwatch card revenue_gap_breakdown --workspace {ws} --group unknown", "the controller's worklist, filtered"),
            ($"gapwatch export revenue_gap_breakdown --csv gap.csv --workspace {ws}", "the worklist as CSV"),
            ($"gapwatch cards --workspace {ws} --json", "the card wall as JSON (product spec §8)"),
            ($"gapwatch demo --erp {otherErp}", "the same merchant in another ERP's vocabulary"),
        ];
        foreach (var (command, why) in next)
        {
            context.Console.MarkupLineInterpolated($"  [bold]{command}[/]   [grey]{why}[/]");
        }

        context.Console.MarkupLine("[grey](gapwatch is 'dotnet run --project src/Gapwatch.Cli --' until you publish it.)[/]");
    }
}
