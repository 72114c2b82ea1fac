using System.CommandLine;
using Gapwatch.Bench.Sync;
using Gapwatch.Connectors.Sync;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch bench sync [--orders N] [--platform shopify|bigcommerce|adobe_commerce|all]</c>: the
/// connectors' first backfill from the loopback simulators into a temporary SQLite store — records
/// per second parsed, bytes per second and API calls per stream against the platform's minimum
/// (docs/performance.md, "Sync throughput"). Exit 7 when a stream did not complete.
/// </summary>
internal static class BenchSyncCommand
{
    public const string AllPlatforms = "all";

    public static Command Create(CliContext context)
    {
        var orders = new Option<int>("--orders") { Description = "Orders to generate per platform (with a quarter as many customers)", DefaultValueFactory = _ => 1_000_000 };
        var platform = new Option<string>("--platform") { Description = "shopify, bigcommerce, adobe_commerce or all", DefaultValueFactory = _ => AllPlatforms };
        platform.AcceptOnlyFromAmong([.. SyncBenchPlatforms.All, AllPlatforms]);
        var seed = new Option<ulong>("--seed") { Description = "Generator seed: the same seed gives the same data", DefaultValueFactory = _ => 42UL };
        var pageSize = new Option<int>("--page-size") { Description = "The connector's page size (default: what gapwatch sync uses)", DefaultValueFactory = _ => new SyncOptions().PageSize };
        orders.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() <= 0)
            {
                r.AddError("--orders must be a positive number of orders");
            }
        });
        pageSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 250)
            {
                r.AddError("--page-size must be between 1 and 250");
            }
        });
        var command = new Command("sync", "Connector backfill throughput and API calls against each platform's minimum, from the loopback simulators")
        {
            orders, platform, seed, pageSize,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var chosen = parse.GetValue(platform) ?? AllPlatforms;
            var options = new SyncBenchOptions
            {
                Orders = parse.GetValue(orders),
                Seed = parse.GetValue(seed),
                PageSize = parse.GetValue(pageSize),
                Platforms = chosen == AllPlatforms ? SyncBenchPlatforms.All : [chosen],
            };
            var report = await SyncBenchmark.RunAsync(options, context.Error, cancellationToken).ConfigureAwait(false);
            await context.Out.WriteAsync(report.Format()).ConfigureAwait(false);
            return report.AllCompleted ? ExitCodes.Ok : ExitCodes.SyncIncomplete;
        });
        return command;
    }
}
