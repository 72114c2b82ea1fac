using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Gapwatch.Files.Import;
using Gapwatch.Files.Workspace;
using Gapwatch.Generator.Demo;
using Gapwatch.Web;
using Gapwatch.Web.Auth;
using Gapwatch.Workspaces;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch bench serve [--rate 1000] [--seconds 10] [--orders 20000]</c>: card-API latency on
/// loopback at a fixed request rate. Builds the demo workspace (import path) in a temporary
/// folder, serves it in this process, and sends requests on a fixed schedule (an open loop: a slow
/// answer does not delay the next request), so the latency counted from each request's scheduled
/// time includes any queueing. Bounded: rate × seconds requests, then it stops.
/// </summary>
internal static class BenchServeCommand
{
    private static readonly string[] DefaultPaths =
    [
        "cards",
        "cards/revenue_gap",
        "cards/customers_absent",
        "cards/revenue_gap_breakdown?reason=pending_invoicing&sort=-amount&limit=50",
    ];

    public static Command Create(CliContext context)
    {
        var rate = new Option<int>("--rate") { Description = "Requests per second, sent on a fixed schedule", DefaultValueFactory = _ => 1000 };
        var seconds = new Option<int>("--seconds") { Description = "How long to send (after a 2-second warm-up at the same rate)", DefaultValueFactory = _ => 10 };
        var orders = new Option<int>("--orders") { Description = "Orders in the generated demo workspace", DefaultValueFactory = _ => DemoOptions.DefaultOrders };
        var paths = new Option<string[]>("--path")
        {
            Description = "A path under the workspace to request (repeat; round robin). Default: the wall, two cards and a filtered, sorted drill",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("serve", "Card API latency (p50/p95/p99) at a fixed request rate on loopback") { rate, seconds, orders, paths };
        command.SetAction((parse, cancellationToken) => RunAsync(
            context, parse.GetValue(rate), parse.GetValue(seconds), parse.GetValue(orders),
            parse.GetValue(paths) is { Length: > 0 } given ? given : DefaultPaths, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, int rate, int seconds, int orders, string[] paths, CancellationToken cancellationToken)
    {
        if (rate is < 1 or > 20_000 || seconds is < 1 or > 600)
        {
            throw new CliException(ExitCodes.Usage, "--rate must be 1–20,000 and --seconds 1–600");
        }

        var directory = Directory.CreateTempSubdirectory("gapwatch-bench-serve-").FullName;
        try
        {
            var cards = Build(directory, orders, context.Clock);
            var added = UserAdmin.Add(directory, "bench@example.test", [Roles.Owner], password: null, issueToken: true, "bench", context.Clock);
            await using var server = await GapwatchServer.StartAsync(new ServeOptions
            {
                Workspaces = [directory],
                Port = 0,
                Clock = context.Clock,
                ConfigureLogging = b => b.SetMinimumLevel(LogLevel.Warning),
                // One token sends every request: the per-caller API limit would cut the load off.
                ApiPermitsPerCaller = int.MaxValue,

                // The bench measures serving; a scheduled refresh in the middle would measure something else.
                ScheduledRefresh = false,
            }, cancellationToken).ConfigureAwait(false);
            using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = 512, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
            {
                BaseAddress = server.Address,
                Timeout = TimeSpan.FromSeconds(30),
            };
            client.DefaultRequestHeaders.Authorization = new("Bearer", added.Token);
            var prefix = $"api/v1/workspaces/{server.Workspaces.All[0].Id}/";
            context.Out.WriteLine($"Workspace: demo, {orders.ToString("N0", CultureInfo.InvariantCulture)} orders; {cards}. Serving at {server.Address}");
            context.Out.WriteLine($"Requests, round robin: {string.Join(" | ", paths)}");
            await RunScheduleAsync(client, prefix, paths, rate, 2, cancellationToken).ConfigureAwait(false);
            var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var result = await RunScheduleAsync(client, prefix, paths, rate, seconds, cancellationToken).ConfigureAwait(false);
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            Report(context, rate, seconds, result);
            context.Out.WriteLine($"CPU: {(cpu.TotalMilliseconds * 1000 / result.FromSent.Length).ToString("0", CultureInfo.InvariantCulture)} µs per request, client and server together (one process); load average {LoadAverage()}");
            return result.Failures == 0 ? ExitCodes.Ok : ExitCodes.Unexpected;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Build(string directory, int orders, TimeProvider clock)
    {
        var options = new DemoOptions { Orders = orders };
        options.Validate();
        var demo = DemoWorkspaceGenerator.Generate(options);
        WorkspaceFile.Save(directory, demo.Settings);
        var import = Path.Combine(directory, "import");
        ImportFormatWriter.Write(import, demo.Data.All());
        using var workspace = GapwatchWorkspace.Open(directory, clock);
        if (!workspace.Import(import).Succeeded || workspace.Refresh() is not { Succeeded: true } refresh)
        {
            throw new CliException(ExitCodes.Unexpected, "the generated demo workspace did not import and refresh; please report this");
        }

        return string.Join(", ", refresh.Snapshot!.Cards.Select(c => $"{c.Key} {(c.Unit == "count" ? c.CustomerRows.Count : c.GapRows.Count).ToString("N0", CultureInfo.InvariantCulture)} rows"));
    }

    private sealed record Schedule(double[] FromScheduled, double[] FromSent, int Failures, double AchievedRate);

    /// <summary>Sends rate × seconds GETs, request i due at start + i / rate; waits for all answers.</summary>
    private static async Task<Schedule> RunScheduleAsync(HttpClient client, string prefix, string[] paths, int rate, int seconds, CancellationToken cancellationToken)
    {
        var total = rate * seconds;
        var fromScheduled = new double[total];
        var fromSent = new double[total];
        var failures = 0;
        var pending = new Task[total];
        var tick = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        var next = 0;
        while (next < total)
        {
            // Send every request that is due, then sleep a timer tick (about a millisecond): no core is spent spinning.
            var now = Stopwatch.GetTimestamp();
            while (next < total && start + (long)(next * tick) <= now)
            {
                pending[next] = SendAsync(next, start + (long)(next * tick));
                next++;
            }

            if (next < total)
            {
                await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            }
        }

        async Task SendAsync(int index, long due)
        {
            var sent = Stopwatch.GetTimestamp();
            try
            {
                using var response = await client.GetAsync(prefix + paths[index % paths.Length], HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }

            var done = Stopwatch.GetTimestamp();
            fromScheduled[index] = Stopwatch.GetElapsedTime(due, done).TotalMilliseconds;
            fromSent[index] = Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds;
        }

        var sendingTook = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.WhenAll(pending).ConfigureAwait(false);
        return new Schedule(fromScheduled, fromSent, failures, total / Math.Max(sendingTook, 1e-9));
    }

    private static void Report(CliContext context, int rate, int seconds, Schedule result)
    {
        context.Out.WriteLine($"Rate asked {rate.ToString("N0", CultureInfo.InvariantCulture)}/s for {seconds} s: {result.FromScheduled.Length.ToString("N0", CultureInfo.InvariantCulture)} requests, sent at {result.AchievedRate.ToString("N0", CultureInfo.InvariantCulture)}/s, {result.Failures} failed");
        context.Out.WriteLine("latency (ms)            p50      p95      p99      max");
        context.Out.WriteLine(Line("from scheduled time", result.FromScheduled));
        context.Out.WriteLine(Line("from actual send", result.FromSent));
    }

    /// <summary>The machine's 1-minute load average (Linux), so a figure taken on a busy machine says so.</summary>
    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0] + $" on {Environment.ProcessorCount} cores";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string Line(string label, double[] values)
    {
        var sorted = values.Order().ToArray();
        string At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)].ToString("0.00", CultureInfo.InvariantCulture).PadLeft(8);
        return $"{label,-22}{At(0.50)} {At(0.95)} {At(0.99)} {sorted[^1].ToString("0.00", CultureInfo.InvariantCulture),8}";
    }
}
