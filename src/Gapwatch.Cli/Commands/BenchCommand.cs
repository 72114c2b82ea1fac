using System.CommandLine;
using System.Globalization;
using Gapwatch.Bench.Engine;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch bench [--orders N] [--seed N] [--skip-duckdb]</c>: card compute time and peak memory
/// against DuckDB on a generated workspace. The root action runs on <c>bench</c> itself, so
/// subcommands (<c>bench matching</c>) can be added beside it.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context, params Command[] subcommands)
    {
        ArgumentNullException.ThrowIfNull(subcommands);
        var orders = new Option<int>("--orders") { Description = "Commerce orders to generate (10,000,000 fits in 24 GiB)", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<ulong>("--seed") { Description = "Generator seed: the same seed gives the same workspace", DefaultValueFactory = _ => 42UL };
        var skipDuckDb = new Option<bool>("--skip-duckdb") { Description = "Measure Gapwatch only (nothing is compared)" };
        var runs = new Option<int?>("--runs") { Description = "Timed runs per step after a warm-up (default 5 up to 1M orders, else 3)" };
        orders.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0)
            {
                r.AddError("--orders must be a positive number of orders");
            }
        });
        var command = new Command("bench", "Card compute time and peak memory vs DuckDB on a generated workspace; exit 6 when the figures differ")
        {
            orders, seed, skipDuckDb, runs,
        };
        foreach (var subcommand in subcommands)
        {
            command.Subcommands.Add(subcommand);
        }

        command.SetAction(parse =>
        {
            var options = new BenchOptions
            {
                Orders = parse.GetValue(orders),
                Seed = parse.GetValue(seed),
                SkipDuckDb = parse.GetValue(skipDuckDb),
                Runs = parse.GetValue(runs),
            };
            var report = EngineBenchmark.Run(options, context.Out);
            Render(context, report);
            return !report.Compared || report.AllEqual ? ExitCodes.Ok : ExitCodes.FiguresDiffer;
        });
        return command;
    }

    internal static void Render(CliContext context, BenchReport report)
    {
        var table = new Table()
            .Title(string.Create(CultureInfo.InvariantCulture, $"gapwatch bench — {report.Counts.Orders:N0} orders, seed {report.Options.Seed}, {Environment.ProcessorCount} cores"))
            .AddColumn("step")
            .AddColumn(new TableColumn("Gapwatch ms").RightAligned())
            .AddColumn(new TableColumn("Gapwatch peak").RightAligned())
            .AddColumn(new TableColumn("DuckDB ms").RightAligned())
            .AddColumn(new TableColumn("DuckDB peak").RightAligned())
            .AddColumn(new TableColumn("speed-up").RightAligned())
            .AddColumn(new TableColumn("memory").RightAligned());
        foreach (var line in report.Lines)
        {
            var duck = line.DuckDb;
            table.AddRow(
                Markup.Escape(Short(line.Step)),
                Ms(line.Gapwatch.MedianMs),
                Measurement.Megabytes(line.Gapwatch.PeakRssBytes),
                duck is null ? "-" : Ms(duck.MedianMs),
                duck is null ? "-" : Measurement.Megabytes(duck.PeakRssBytes),
                duck is null ? "-" : Ratio(duck.MedianMs, line.Gapwatch.MedianMs),
                duck is null ? "-" : Ratio(line.Gapwatch.PeakRssBytes, duck.PeakRssBytes));
        }

        table.AddRow(
            "[bold]all cards; engine peak[/]",
            Ms(report.GapwatchCardsMs),
            Measurement.Megabytes(report.GapwatchPeakBytes),
            report.DuckDbCardsMs is { } d ? Ms(d) : "-",
            report.DuckDbPeakBytes is { } p ? Measurement.Megabytes(p) : "-",
            report.DuckDbCardsMs is { } d2 ? Ratio(d2, report.GapwatchCardsMs) : "-",
            report.DuckDbPeakBytes is { } p2 ? Ratio(report.GapwatchPeakBytes, p2) : "-");
        context.Console.Write(table);
        context.Console.MarkupLine("Time: median of warm runs (load: " + report.Options.EffectiveLoadRuns.ToString(CultureInfo.InvariantCulture)
            + " run(s)). Step peak: resident-set peak above the step's baseline, sampled in a separate run; "
            + "engine peak: the highest resident set of the engine's steps above the resident set before its load. speed-up = DuckDB ms / Gapwatch ms; memory = Gapwatch peak / DuckDB peak.");
        if (!report.Compared)
        {
            context.Console.MarkupLine("[yellow]DuckDB skipped: no figures compared.[/]");
            return;
        }

        var differing = report.Figures.Where(f => !f.Equal).ToList();
        if (differing.Count == 0)
        {
            context.Console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"[green]All {report.Figures.Count} figures identical[/] (headlines, groups, revenue-gap reasons and lines)."));
            return;
        }

        var diff = new Table().Title("[red]figures that differ[/]").AddColumn("card").AddColumn("figure")
            .AddColumn(new TableColumn("Gapwatch").RightAligned()).AddColumn(new TableColumn("DuckDB").RightAligned());
        foreach (var f in differing)
        {
            diff.AddRow(f.Card, Markup.Escape(f.Figure), f.Gapwatch.ToString(CultureInfo.InvariantCulture),
                f.DuckDb?.ToString(CultureInfo.InvariantCulture) ?? "missing");
        }

        context.Console.Write(diff);
    }

    private static string Short(string step) => step switch
    {
        BenchSteps.Load => "load (shared)",
        BenchSteps.Presence => "presence (shared)",
        _ => BenchSteps.Label(step).Split(' ')[0],
    };

    private static string Ms(double ms) => ms.ToString(ms < 100 ? "N2" : "N0", CultureInfo.InvariantCulture);

    private static string Ratio(double numerator, double denominator) =>
        denominator <= 0 ? "-" : (numerator / denominator).ToString("0.00", CultureInfo.InvariantCulture) + "×";
}
