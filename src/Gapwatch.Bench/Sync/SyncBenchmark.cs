using System.Diagnostics;
using System.Globalization;
using System.Text;
using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Simulators.Shopify;
using Gapwatch.Store;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Bench.Sync;

/// <summary>The platforms <c>gapwatch bench sync</c> can run.</summary>
public static class SyncBenchPlatforms
{
    public const string Shopify = "shopify";
    public const string BigCommerce = "bigcommerce";
    public const string AdobeCommerce = "adobe_commerce";

    public static readonly IReadOnlyList<string> All = [Shopify, BigCommerce, AdobeCommerce];
}

public sealed record SyncBenchOptions
{
    public int Orders { get; init; } = 1_000_000;

    public ulong Seed { get; init; } = 42;

    public IReadOnlyList<string> Platforms { get; init; } = SyncBenchPlatforms.All;

    /// <summary>The connector's page size; <c>gapwatch sync</c> uses the <see cref="SyncOptions"/> default (100).</summary>
    public int PageSize { get; init; } = new SyncOptions().PageSize;
}

/// <summary>One stream of one platform's backfill, measured.</summary>
public sealed record SyncBenchLine(
    string Platform,
    string Stream,
    StreamStatus Status,
    string? Message,
    int Records,
    int Inserted,
    int Pages,
    long Bytes,
    int Calls,
    int MinimumCalls,
    string MinimumRule,
    TimeSpan Wall,
    TimeSpan ServerWait,
    TimeSpan Read,
    TimeSpan Store)
{
    /// <summary>Client time in page reads beyond waiting for headers: reading the body, parsing the JSON, mapping the nodes.</summary>
    public TimeSpan Parse => Read > ServerWait ? Read - ServerWait : TimeSpan.Zero;

    public double RecordsPerSecondParsed => Parse.TotalSeconds > 0 ? Records / Parse.TotalSeconds : 0;

    public double RecordsPerSecond => Wall.TotalSeconds > 0 ? Records / Wall.TotalSeconds : 0;

    public double BytesPerSecond => Wall.TotalSeconds > 0 ? Bytes / Wall.TotalSeconds : 0;
}

public sealed record SyncBenchPlatform(string Platform, int Orders, int Customers, TimeSpan Generate, IReadOnlyList<SyncBenchLine> Streams);

public sealed record SyncBenchReport(SyncBenchOptions Options, IReadOnlyList<SyncBenchPlatform> Platforms)
{
    public bool AllCompleted => Platforms.All(p => p.Streams.All(s => s.Status == StreamStatus.Completed));

    public string Format()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"gapwatch bench sync — {Options.Orders:N0} orders per platform, page size {Options.PageSize}, seed {Options.Seed}, {Environment.ProcessorCount} cores"));
        text.AppendLine(Invariant($"{"platform",-15} {"stream",-10} {"read",10} {"distinct",9} {"rec/s parsed",13} {"rec/s wall",11} {"MB",9} {"MB/s",7} {"calls",7} {"minimum",8} {"wall s",8} {"server s",9} {"parse s",8} {"store s",8}  status"));
        foreach (var platform in Platforms)
        {
            foreach (var s in platform.Streams)
            {
                text.AppendLine(Invariant($"{s.Platform,-15} {s.Stream,-10} {s.Records,10:N0} {s.Inserted,9:N0} {s.RecordsPerSecondParsed,13:N0} {s.RecordsPerSecond,11:N0} {s.Bytes / 1e6,9:N1} {s.BytesPerSecond / 1e6,7:N1} {s.Calls,7:N0} {s.MinimumCalls,8:N0} {s.Wall.TotalSeconds,8:N1} {s.ServerWait.TotalSeconds,9:N1} {s.Parse.TotalSeconds,8:N1} {s.Store.TotalSeconds,8:N1}  {s.Status}{(s.Message is null ? "" : ": " + s.Message)}"));
            }
        }

        text.AppendLine("minimum: the fewest calls the platform allows for this backfill —");
        foreach (var rule in Platforms.SelectMany(p => p.Streams).Select(s => $"  {s.Platform} {s.Stream}: {s.MinimumRule}").Distinct(StringComparer.Ordinal))
        {
            text.AppendLine(rule);
        }

        text.AppendLine("server s: waiting for response headers (the simulator, on the same cores, building its answer); parse s: the rest of the page reads");
        text.AppendLine("(body read, JSON parse, mapping); store s: page commits to SQLite. rec/s parsed = records / parse s; MB/s = response bytes / wall s;");
        text.AppendLine("read counts rows read again at a page boundary, distinct the records stored. The platform minimum is computed from distinct.");
        foreach (var platform in Platforms)
        {
            text.AppendLine(Invariant($"{platform.Platform}: {platform.Customers:N0} customers and {platform.Orders:N0} orders generated in {platform.Generate.TotalSeconds:N1} s"));
        }

        return text.ToString();
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>gapwatch bench sync</c>: per platform, a seeded dataset served by that platform's loopback
/// simulator, and the real connector's first backfill over HTTP into a SQLite workspace store in a
/// temporary folder (deleted afterwards). Counts calls and bytes per stream and sets them against
/// the platform's minimum for the same backfill. Shopify's first backfill is a bulk operation, as
/// <c>gapwatch sync</c> runs it.
/// </summary>
public static class SyncBenchmark
{
    public const int ShopifyMaxPage = 250;
    public const int BigCommerceMaxPage = 250;
    public const int AdobeCommerceMaxPage = 300;

    /// <summary>bulkOperationRunQuery, one node() poll that finds it complete, the download.</summary>
    public const int ShopifyBulkMinimum = 3;

    public static int Pages(int records, int pageSize) => Math.Max(1, (records + pageSize - 1) / pageSize);

    public static async Task<SyncBenchReport> RunAsync(SyncBenchOptions options, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var platforms = new List<SyncBenchPlatform>();
        foreach (var platform in options.Platforms)
        {
            log?.WriteLine($"{platform}: generating {options.Orders:N0} orders…");
            platforms.Add(platform switch
            {
                SyncBenchPlatforms.Shopify => await ShopifyAsync(options, log, cancellationToken).ConfigureAwait(false),
                SyncBenchPlatforms.BigCommerce => await BigCommerceAsync(options, log, cancellationToken).ConfigureAwait(false),
                SyncBenchPlatforms.AdobeCommerce => await AdobeCommerceAsync(options, log, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(options), platform, "unknown platform"),
            });
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }

        return new SyncBenchReport(options, platforms);
    }

    private static async Task<SyncBenchPlatform> ShopifyAsync(SyncBenchOptions options, TextWriter? log, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var data = SyncBenchData.Shopify(options.Orders, options.Seed);
        var generate = Stopwatch.GetElapsedTime(started);
        var simulator = await ShopifySimulator.StartAsync(data, new ShopifySimulatorOptions(), cancellationToken).ConfigureAwait(false);
        await using (simulator.ConfigureAwait(false))
        {
            var streams = await BackfillAsync(
                SyncBenchPlatforms.Shopify,
                ShopifyConnector.HttpClientName,
                s => s.AddShopifyConnector(),
                p => p.GetRequiredService<ShopifyConnector>().Streams(
                    new ShopifyConnection(simulator.ShopAddress, simulator.AccessToken), includeCompanies: false, new ShopifyBulkOptions { PollInterval = TimeSpan.FromMilliseconds(10) }),
                (stream, records) => (ShopifyBulkMinimum, Invariant($"a bulk operation: create, poll until complete, download = {ShopifyBulkMinimum} (paged GraphQL at {ShopifyMaxPage} per page would be ceil(records/{ShopifyMaxPage}) = {Pages(records, ShopifyMaxPage):N0})")),
                options,
                log,
                cancellationToken).ConfigureAwait(false);
            return new SyncBenchPlatform(SyncBenchPlatforms.Shopify, options.Orders, SyncBenchData.CustomersFor(options.Orders), generate, streams);
        }
    }

    private static async Task<SyncBenchPlatform> BigCommerceAsync(SyncBenchOptions options, TextWriter? log, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var data = SyncBenchData.BigCommerce(options.Orders, options.Seed);
        var generate = Stopwatch.GetElapsedTime(started);
        // No rate-limit window: the bench measures the connector, not the 150 requests per 30 s a store allows.
        var simulator = await BigCommerceSimulator.StartAsync(data, new BigCommerceSimulatorOptions { RequestsQuota = int.MaxValue }, cancellationToken).ConfigureAwait(false);
        await using (simulator.ConfigureAwait(false))
        {
            var streams = await BackfillAsync(
                SyncBenchPlatforms.BigCommerce,
                BigCommerceConnector.HttpClientName,
                s => s.AddBigCommerceConnector(),
                p => p.GetRequiredService<BigCommerceConnector>().Streams(
                    new BigCommerceConnection(simulator.StoreHash, simulator.AccessToken, simulator.Address, simulator.Address, b2bEdition: false)),
                (stream, records) => (Pages(records, BigCommerceMaxPage), stream == "orders"
                    ? Invariant($"v2 /orders at limit={BigCommerceMaxPage}: ceil(records/{BigCommerceMaxPage})")
                    : Invariant($"v3 /customers at limit={BigCommerceMaxPage}: ceil(records/{BigCommerceMaxPage})")),
                options,
                log,
                cancellationToken).ConfigureAwait(false);
            return new SyncBenchPlatform(SyncBenchPlatforms.BigCommerce, options.Orders, SyncBenchData.CustomersFor(options.Orders), generate, streams);
        }
    }

    private static async Task<SyncBenchPlatform> AdobeCommerceAsync(SyncBenchOptions options, TextWriter? log, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var data = SyncBenchData.AdobeCommerce(options.Orders, options.Seed);
        var generate = Stopwatch.GetElapsedTime(started);
        var simulator = await AdobeCommerceSimulator.StartAsync(data, new AdobeCommerceSimulatorOptions(), cancellationToken).ConfigureAwait(false);
        await using (simulator.ConfigureAwait(false))
        {
            var streams = await BackfillAsync(
                SyncBenchPlatforms.AdobeCommerce,
                AdobeCommerceConnector.HttpClientName,
                s => s.AddAdobeCommerceConnector(),
                p => p.GetRequiredService<AdobeCommerceConnector>().Streams(new AdobeCommerceConnection(simulator.BaseAddress, simulator.AccessToken), includeCompanies: false),
                (stream, records) => (Pages(records, AdobeCommerceMaxPage), Invariant($"searchCriteria[pageSize]={AdobeCommerceMaxPage}: ceil(records/{AdobeCommerceMaxPage})")),
                options,
                log,
                cancellationToken).ConfigureAwait(false);
            return new SyncBenchPlatform(SyncBenchPlatforms.AdobeCommerce, options.Orders, SyncBenchData.CustomersFor(options.Orders), generate, streams);
        }
    }

    private static async Task<IReadOnlyList<SyncBenchLine>> BackfillAsync(
        string platform,
        string httpClientName,
        Action<IServiceCollection> addConnector,
        Func<IServiceProvider, IReadOnlyList<IStreamSource>> streams,
        Func<string, int, (int Minimum, string Rule)> minimum,
        SyncBenchOptions options,
        TextWriter? log,
        CancellationToken cancellationToken)
    {
        var traffic = new SyncTraffic();
        var collection = new ServiceCollection();
        collection.AddSingleton(TimeProvider.System);
        collection.AddSingleton(traffic);
        addConnector(collection);
        collection.AddHttpClient(httpClientName).AddHttpMessageHandler(p => new CountingHandler(p.GetRequiredService<SyncTraffic>()));
        var services = collection.BuildServiceProvider();
        await using (services.ConfigureAwait(false))
        {
            var directory = Directory.CreateTempSubdirectory("gapwatch-bench-sync-");
            try
            {
                using var store = SqliteWorkspaceStore.Open(Path.Combine(directory.FullName, "store.db"), TimeProvider.System);
                var state = traffic.Wrap(store);
                // A whole backfill in one run: gapwatch sync stops a stream after MaxPagesPerRun pages and continues next run.
                var sync = new SyncOptions { PageSize = options.PageSize, MaxPagesPerRun = int.MaxValue };
                var results = new List<SyncBenchLine>();
                foreach (var stream in streams(services))
                {
                    var runner = new SyncRunner(store, state, TimeProvider.System, services.GetRequiredService<ConnectorMetrics>());
                    var started = Stopwatch.GetTimestamp();
                    var summary = await runner.RunAsync("bench:" + platform, platform, [traffic.Wrap(stream)], sync, null, cancellationToken).ConfigureAwait(false);
                    var wall = Stopwatch.GetElapsedTime(started);
                    var result = summary.Streams[0];
                    var counted = traffic[stream.Name];
                    // The minimum is for the distinct records the backfill must bring (rows re-read at a page boundary are not new).
                    var (least, rule) = minimum(stream.Name, result.Upserted.Inserted);
                    results.Add(new SyncBenchLine(
                        platform, stream.Name, result.Status, result.Message, result.RecordsRead, result.Upserted.Inserted, result.Pages,
                        counted.Bytes, counted.Calls, least, rule, wall, counted.ServerWait, counted.Read, counted.Store));
                    log?.WriteLine(Invariant($"{platform} {stream.Name}: {result.RecordsRead:N0} records, {counted.Calls:N0} calls in {wall.TotalSeconds:N1} s ({result.Status})"));
                }

                if (traffic.Has(SyncTraffic.Unattributed))
                {
                    throw new InvalidOperationException($"{platform}: {traffic[SyncTraffic.Unattributed].Calls} calls made outside a stream's page read");
                }

                return results;
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                directory.Delete(recursive: true);
            }
        }
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
