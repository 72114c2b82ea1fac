using System.CommandLine;
using Gapwatch.Bench;
using Gapwatch.Bench.Matching;

namespace Gapwatch.Cli.Commands;

internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var orders = new Option<long>("--orders") { Description = "Orders to generate (with their ERP side)", DefaultValueFactory = _ => 1_000_000 };
        var seed = new Option<int>("--seed") { Description = "Generator seed", DefaultValueFactory = _ => 42 };
        var skipDuckDb = new Option<bool>("--skip-duckdb") { Description = "Measure Gapwatch only" };
        var command = new Command("bench", "Card compute time and peak memory, side by side with DuckDB on the same data") { orders, seed, skipDuckDb };
        command.SetAction(parse =>
        {
            var report = EngineBenchmark.Run(
                new BenchOptions { Orders = parse.GetValue(orders), Seed = parse.GetValue(seed), SkipDuckDb = parse.GetValue(skipDuckDb) },
                context.Out);
            return report.AllEqual ? ExitCodes.Ok : ExitCodes.Unexpected;
        });
        command.Subcommands.Add(Matching(context));
        return command;
    }

    private static Command Matching(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "Folder holding the FEBRL files", DefaultValueFactory = _ => Path.Combine("tests", "data", "febrl") };
        var command = new Command("matching", "Precision, recall and F1 of the fuzzy matcher on FEBRL dataset 4a × 4b") { data };
        command.SetAction(parse =>
        {
            var report = FebrlEvaluation.Evaluate(parse.GetValue(data)!);
            context.Out.WriteLine(report.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }
}
