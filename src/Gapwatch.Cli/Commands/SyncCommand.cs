using System.CommandLine;
using System.Globalization;
using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Dataverse;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch sync</c>: reads every connection (or those named) from its checkpoint, shows a live
/// line per stream, and ends with a summary: records read and upserted, pages, retries and the
/// time spent throttled. A stream that did not complete makes the exit code 7.
/// </summary>
internal static class SyncCommand
{
    public static Command Create(CliContext context)
    {
        var sources = new Option<string[]>("--source") { Description = "Only these connections (by name); all when left out", AllowMultipleArgumentsPerToken = true };
        var workspace = CommonOptions.Workspace();
        var command = new Command("sync", "Read changes from the connected platforms into the workspace store") { sources, workspace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var connections = Select(ConnectionStore.Open(ws.Directory), parse.GetValue(sources) ?? []);
            await using var services = Services(context);
            var summaries = new List<SyncSummary>();
            var failures = new List<string>();
            foreach (var (store, stored) in connections)
            {
                try
                {
                    var streams = Streams(services, store, stored);
                    summaries.Add(await RunAsync(context, ws, services, stored.Name, streams, context.Clock, cancellationToken).ConfigureAwait(false));
                    if (stored.Platform == ConnectionStore.SageIntacctPlatform
                        && services.GetRequiredService<IntacctConnector>().SyncLogStreams(store.OpenSageIntacct(stored)) is { Count: > 0 } log)
                    {
                        // The integration's log is a source of its own: its freshness is the sync_log's.
                        summaries.Add(await RunAsync(context, ws, services, stored.Name + "/" + IntacctConnector.SyncLogSource, log, context.Clock, cancellationToken,
                            IntacctConnector.SyncLogSource).ConfigureAwait(false));
                    }
                }
                catch (CredentialException e)
                {
                    failures.Add($"{stored.Name}: {e.Message}");
                }
            }

            Report(context, summaries, failures);
            return failures.Count == 0 && summaries.All(s => s.Succeeded) ? ExitCodes.Ok : ExitCodes.SyncIncomplete;
        });
        return command;
    }

    private static List<(ConnectionStore Store, StoredConnection Connection)> Select(ConnectionStore store, string[] names)
    {
        var all = store.List();
        if (all.Count == 0)
        {
            throw new CliException(ExitCodes.NotFound, "no connections in this workspace: run 'gapwatch connect' first (shopify, bigcommerce, adobe_commerce or sage_intacct)");
        }

        var unknown = names.Where(n => all.All(c => c.Name != n)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliException(ExitCodes.NotFound, $"no connection named {string.Join(", ", unknown.Select(u => $"'{u}'"))} (connections: {string.Join(", ", all.Select(c => c.Name))})");
        }

        return [.. all.Where(c => names.Length == 0 || names.Contains(c.Name)).Select(c => (store, c))];
    }

    /// <summary>The streams of one stored connection, as <c>sync</c> reads them (a first Shopify run backfills by bulk export).</summary>
    internal static IReadOnlyList<IStreamSource> Streams(ServiceProvider services, ConnectionStore store, StoredConnection stored) => stored.Platform switch
    {
        AdobeCommerceCredentials.Platform => services.GetRequiredService<AdobeCommerceConnector>().Streams(store.OpenAdobeCommerce(stored), stored.ReadsCompanies()),
        ConnectionStore.BigCommercePlatform => services.GetRequiredService<BigCommerceConnector>().Streams(store.OpenBigCommerce(stored)),
        ConnectionStore.BusinessCentralPlatform => BusinessCentralStreams(services, store.OpenBusinessCentral(stored)),
        ConnectionStore.DynamicsFoPlatform => services.GetRequiredService<DynamicsFoConnector>().Streams(store.OpenDynamicsFo(stored)),
        ConnectionStore.DataversePlatform => services.GetRequiredService<DataverseConnector>().Streams(store.OpenDataverse(stored)),
        ConnectionStore.SageIntacctPlatform => services.GetRequiredService<IntacctConnector>().Streams(store.OpenSageIntacct(stored)),
        _ => services.GetRequiredService<ShopifyConnector>().Streams(store.OpenShopify(stored), bulk: new ShopifyBulkOptions()),
    };

    private static IReadOnlyList<IStreamSource> BusinessCentralStreams(ServiceProvider services, (BusinessCentralConnection Connection, string ReportingCurrency) opened) =>
        services.GetRequiredService<BusinessCentralConnector>().Streams(opened.Connection, opened.ReportingCurrency);

    internal static ServiceProvider Services(CliContext context)
    {
        var services = new ServiceCollection();
        services.AddSingleton(context.Clock);
        services.AddShopifyConnector();
        services.AddAdobeCommerceConnector();
        services.AddBigCommerceConnector();
        services.AddBusinessCentralConnector();
        services.AddDynamicsFoConnector();
        services.AddDataverseConnector();
        services.AddSageIntacctConnector();
        return services.BuildServiceProvider();
    }

    /// <summary>One connection's run with its live lines; <paramref name="clock"/> fixes the run's upper bound (the demo pins it to its as-of time).</summary>
    internal static Task<SyncSummary> RunAsync(
        CliContext context, GapwatchWorkspace ws, ServiceProvider services, string source, IReadOnlyList<IStreamSource> streams, TimeProvider clock, CancellationToken cancellationToken,
        string? freshnessSource = null)
    {
        var runner = new SyncRunner(ws.Store, ws.SyncState, clock, services.GetRequiredService<ConnectorMetrics>());
        return context.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new SpinnerColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var reporter = new Reporter(p =>
                {
                    if (!tasks.TryGetValue(p.Stream, out var task))
                    {
                        task = tasks[p.Stream] = progress.AddTask(p.Stream);
                        task.IsIndeterminate = true;
                    }

                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{source} {p.Stream}: {p.RecordsRead:N0} read, {p.Upserted:N0} upserted, {p.Pages:N0} pages"));
                    if (p.Done)
                    {
                        task.IsIndeterminate = false;
                        task.Value = task.MaxValue;
                        task.StopTask();
                    }
                });
                return await runner.RunAsync(source, freshnessSource ?? source, streams, new SyncOptions(), reporter, cancellationToken).ConfigureAwait(false);
            });
    }

    internal static void Report(CliContext context, List<SyncSummary> summaries, List<string> failures)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("source", "stream", "status", "read", "new", "updated", "unchanged", "older (kept newer)", "quarantined", "pages", "note");
        foreach (var summary in summaries)
        {
            foreach (var s in summary.Streams)
            {
                table.AddRow(
                    Markup.Escape(summary.Source), Markup.Escape(s.Stream), Status(s), Number(s.RecordsRead), Number(s.Upserted.Inserted), Number(s.Upserted.Updated),
                    Number(s.Upserted.Unchanged), Number(s.Upserted.Stale), Number(s.Quarantined), Number(s.Pages), Markup.Escape(s.Message ?? ""));
            }
        }

        context.Console.Write(table);
        foreach (var summary in summaries)
        {
            context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Source}: {summary.RecordsRead:N0} records read, {summary.RecordsUpserted:N0} upserted, {summary.Pages:N0} pages, {summary.Retries:N0} retries, {summary.ThrottledTime.TotalSeconds:N1} s throttled, {summary.Elapsed.TotalSeconds:N1} s in all.")));
            if (summary.OutOfOrderRows > 0)
            {
                // The server broke the order the query asked for: worth a line of its own, so it is seen.
                context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{summary.Source}: {summary.OutOfOrderRows:N0} rows came after a later one although the query asked for an order; their queries' checkpoints stopped at them and the next run re-reads from there.")));
            }
        }

        foreach (var failure in failures)
        {
            context.Error.WriteLine(failure);
        }
    }

    private static string Status(StreamResult s) => s.Status switch
    {
        StreamStatus.Completed => "[green]completed[/]",
        StreamStatus.Partial => "[yellow]partial[/]",
        StreamStatus.Skipped => "[yellow]skipped[/]",
        _ => s.ErrorKind switch
        {
            SyncErrorKind.NeedsReauthentication => "[red]needs re-authentication[/]",
            SyncErrorKind.Permanent => "[red]failed (permanent)[/]",
            _ => "[red]failed (retryable)[/]",
        },
    };

    private static string Number(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private sealed class Reporter(Action<StreamProgress> report) : IProgress<StreamProgress>
    {
        public void Report(StreamProgress value) => report(value);
    }
}
