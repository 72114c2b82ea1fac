using System.CommandLine;
using System.Globalization;
using Gapwatch.Cli.Commands.Demo;
using Gapwatch.Files.Import;
using Gapwatch.Files.Workspace;
using Gapwatch.Generator.Demo;
using Gapwatch.Model;
using Gapwatch.Workspace;
using Gapwatch.Workspaces;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch demo</c>: generates the demo merchant, serves its storefront data from the three
/// platform simulators on loopback and syncs it through the real connectors over HTTP, imports the
/// books through the import format, refreshes and shows the card wall. <c>--import-only</c> loads
/// everything as import files instead (the path of users who bring files); the cards are the same.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Marks a folder as a demo, so a later <c>gapwatch demo</c> may replace it; any other non-empty folder is left alone.</summary>
    public const string MarkerFile = ".gapwatch-demo";

    public const string DefaultDirectory = "gapwatch-demo";

    /// <summary>The opt-out of the connectors: every record through the import format.</summary>
    public const string ImportOnlyOption = "--import-only";

    /// <summary>Stop after the card wall instead of serving the dashboard.</summary>
    public const string NoServeOption = "--no-serve";

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
        var importOnly = new Option<bool>(ImportOnlyOption)
        {
            Description = "Load the storefront data from import files too, like the books: no simulators, no HTTP (same cards, faster)",
        };
        var noServe = new Option<bool>(NoServeOption) { Description = "Stop after printing the card wall (do not serve the dashboard)" };
        var port = new Option<int>("--port") { Description = "Port of the dashboard on 127.0.0.1 (a free one when taken)", DefaultValueFactory = _ => DemoDashboard.DefaultPort };
        var command = new Command("demo", "Build a realistic demo workspace: storefront simulators synced over HTTP, the books imported; refresh it, show the card wall and serve the dashboard")
        {
            dir, seed, orders, erp, importOnly, noServe, port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var code = await RunAsync(
                context, parse.GetValue(dir)!, Options(parse.GetValue(seed), parse.GetValue(orders), parse.GetValue(erp)!), parse.GetValue(importOnly), cancellationToken).ConfigureAwait(false);
            return code != ExitCodes.Ok || parse.GetValue(noServe)
                ? code
                : await DemoDashboard.ServeAsync(context, Path.GetFullPath(parse.GetValue(dir)!), parse.GetValue(port), cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string dir, DemoOptions options, bool importOnly, CancellationToken cancellationToken)
    {
        var directory = Path.GetFullPath(dir);
        PrepareDirectory(directory);
        var demo = DemoWorkspaceGenerator.Generate(options);
        File.WriteAllText(Path.Combine(directory, MarkerFile),
            $"Written by 'gapwatch demo --seed {options.Seed} --orders {options.Orders} --erp {options.Erp.Key()}{(importOnly ? " " + ImportOnlyOption : "")}'.\n" +
            "A later 'gapwatch demo' with this folder as --dir deletes and replaces everything in it.\n");
        var settings = importOnly ? demo.Settings : StorefrontSettings(demo.Settings);
        WorkspaceFile.Save(directory, settings);
        var importFolder = Path.Combine(directory, "import");

        using var workspace = GapwatchWorkspace.Open(directory, context.Clock);
        DemoStorefronts? storefronts = null;
        DemoErp? erp = null;
        try
        {
            if (!importOnly)
            {
                storefronts = await DemoStorefronts.StartAsync(demo.Data, cancellationToken).ConfigureAwait(false);
                storefronts.Connect(directory);
                erp = await DemoErp.StartAsync(demo, cancellationToken).ConfigureAwait(false);
                erp?.Connect(directory);
                context.Console.MarkupLineInterpolated($"Shopify, BigCommerce{(erp is null ? " and " : ", ")}Adobe Commerce{(erp is null ? "" : " and " + erp.Simulators)} simulators started on loopback; one connection each stored (secrets encrypted). Syncing:");
                if (!await DemoStorefronts.SyncAsync(context, workspace, demo.Data, cancellationToken).ConfigureAwait(false))
                {
                    context.Error.WriteLine("The sync from the demo's simulators did not complete (see the table above). Please report this.");
                    return ExitCodes.SyncIncomplete;
                }
            }

            var records = importOnly ? demo.Data.All() : ImportSide(demo.Data, erp);
            var files = ImportFormatWriter.Write(importFolder, records);
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

            Describe(context, demo, options, files.Count, imported.Result!.Total, importOnly, erp);
            CardWall.Render(context, refresh.Snapshot!, workspace);
            WhatNext(context, directory, options, importOnly, erp);
            return ExitCodes.Ok;
        }
        finally
        {
            if (erp is not null)
            {
                await erp.DisposeAsync().ConfigureAwait(false);
            }

            if (storefronts is not null)
            {
                await storefronts.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// What the import brings when the storefronts (and the ERP, when <paramref name="erp"/> serves it)
    /// come through the connectors: what the ERP's API cannot carry (all of the books when no ERP
    /// simulator runs), the freshness of every source not synced, and the storefront accounts retired
    /// by a merge (no platform's API says which account survived; merchants keep that themselves).
    /// </summary>
    internal static IEnumerable<ISourceRecord> ImportSide(WorkspaceData data, DemoErp? erp = null) =>
        data.All().Where(r => r is not (CommerceCustomer or CommerceOrder or CommerceRefund)
            && !(r is SourceFreshness s && DemoStorefronts.PlatformSources.Contains(s.Source))
            && !(erp?.Carries(r) ?? false))
            .Concat(DemoStorefrontDatasets.MergeRecords(data));

    /// <summary>
    /// The field map for storefronts read through the connectors: BigCommerce and Adobe Commerce
    /// name a customer group by its id, so the simulated stores' wholesale group id is a B2B group too.
    /// </summary>
    internal static WorkspaceSettings StorefrontSettings(WorkspaceSettings settings) => settings with
    {
        B2bRule = settings.B2bRule with
        {
            CustomerGroups = [.. settings.B2bRule.CustomerGroups, DemoStorefrontDatasets.WholesaleGroupId.ToString(CultureInfo.InvariantCulture)],
        },
    };

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

    private static void Describe(CliContext context, DemoWorkspace demo, DemoOptions options, int files, int records, bool importOnly, DemoErp? erp)
    {
        var data = demo.Data;
        var settings = demo.Settings;
        context.Console.MarkupLineInterpolated(
            $"[bold]{settings.Name}[/]: {data.CommerceOrders.Count:N0} orders from Shopify, BigCommerce and Adobe Commerce in USD, CAD and EUR, {data.CommerceCustomers.Count:N0} storefront accounts, {data.ErpCustomers.Count:N0} ERP customers in {string.Join(" and ", settings.Entities)} (seed {options.Seed}).");
        if (importOnly)
        {
            context.Console.MarkupLineInterpolated($"Imported {records:N0} records from {files} files through the import format, then refreshed at the sources' aligned as-of time.");
        }
        else if (erp is null)
        {
            context.Console.MarkupLineInterpolated($"Synced the storefronts from the three simulators over HTTP, imported {records:N0} records of the books (and the storefront's merge records) from {files} files through the import format, then refreshed at the sources' aligned as-of time.");
        }
        else
        {
            context.Console.MarkupLineInterpolated($"Synced the storefronts and the books from the storefront and {erp.Simulators} simulators over HTTP, imported {records:N0} records ({erp.ImportedNote}the storefront's merge records) from {files} files through the import format, then refreshed at the sources' aligned as-of time.");
        }
    }

    private static void WhatNext(CliContext context, string directory, DemoOptions options, bool importOnly, DemoErp? erp)
    {
        var ws = directory.Contains(' ', StringComparison.Ordinal) ? $"\"{directory}\"" : directory;
        var otherErp = options.Erp == ErpKind.SageIntacct ? "business_central" : "sage_intacct";
        context.Console.WriteLine();
        context.Console.MarkupLineInterpolated($"The demo workspace is at [bold]{directory}[/]: gapwatch.yaml (the field map: entities, routing, holding customers), import/ ({(importOnly ? "the generated data" : erp is null ? "the books and the storefront's merge records" : erp.ImportedNote + "the storefront's merge records")}, one file per kind) and .gapwatch/ (the store{(importOnly ? "" : " and the encrypted connections; the simulators are stopped, so a later 'gapwatch sync' there cannot reach them")}).");
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
