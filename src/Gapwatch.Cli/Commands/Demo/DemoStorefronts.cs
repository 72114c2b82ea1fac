using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Simulators.Shopify;
using Gapwatch.Workspaces;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Cli.Commands.Demo;

/// <summary>
/// The demo's storefronts: the three simulators on loopback, each serving its platform's share of the
/// generated commerce data, one stored connection per platform (tokens encrypted as <c>connect</c>
/// stores them, never printed) and the real sync into the demo workspace.
/// </summary>
internal sealed class DemoStorefronts : IAsyncDisposable
{
    public static readonly string[] PlatformSources = ["shopify", ConnectionStore.BigCommercePlatform, AdobeCommerceCredentials.Platform];

    private readonly ShopifySimulator shopify;
    private readonly BigCommerceSimulator bigCommerce;
    private readonly AdobeCommerceSimulator adobeCommerce;

    private DemoStorefronts(ShopifySimulator shopify, BigCommerceSimulator bigCommerce, AdobeCommerceSimulator adobeCommerce)
    {
        this.shopify = shopify;
        this.bigCommerce = bigCommerce;
        this.adobeCommerce = adobeCommerce;
    }

    /// <summary>Starts the simulators with the generated data, each record versioned no later than its platform's last-sync time in the generated freshness rows.</summary>
    public static async Task<DemoStorefronts> StartAsync(WorkspaceData data, CancellationToken cancellationToken)
    {
        var shopify = await ShopifySimulator.StartAsync(DemoStorefrontDatasets.Shopify(data, LastSync(data, "shopify")), cancellationToken: cancellationToken).ConfigureAwait(false);
        BigCommerceSimulator? bigCommerce = null;
        try
        {
            // The store's request window is shared by all apps; the demo store has no other app, so it is wide.
            bigCommerce = await BigCommerceSimulator.StartAsync(
                DemoStorefrontDatasets.BigCommerce(data, LastSync(data, ConnectionStore.BigCommercePlatform)),
                new BigCommerceSimulatorOptions { RequestsQuota = 1_000_000 }, cancellationToken).ConfigureAwait(false);
            var adobe = await AdobeCommerceSimulator.StartAsync(
                DemoStorefrontDatasets.AdobeCommerce(data, LastSync(data, AdobeCommerceCredentials.Platform)), cancellationToken: cancellationToken).ConfigureAwait(false);
            return new DemoStorefronts(shopify, bigCommerce, adobe);
        }
        catch
        {
            if (bigCommerce is not null)
            {
                await bigCommerce.DisposeAsync().ConfigureAwait(false);
            }

            await shopify.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The instant a platform was last read in the generated workspace: the sync's window ends there, so the refresh computes at the same as-of time.</summary>
    public static DateTimeOffset LastSync(WorkspaceData data, string source) => data.Sources.Single(s => s.Source == source).LastSuccessfulSyncAt;

    /// <summary>One connection per platform, stored encrypted in the workspace like <c>gapwatch connect</c> does.</summary>
    public IReadOnlyList<StoredConnection> Connect(string workspaceDirectory)
    {
        var store = ConnectionStore.Open(workspaceDirectory);
        return
        [
            store.SaveShopify("shopify", new ShopifyConnection(shopify.ShopAddress, shopify.AccessToken)),
            store.SaveBigCommerce(ConnectionStore.BigCommercePlatform, new BigCommerceConnection(bigCommerce.StoreHash, bigCommerce.AccessToken, bigCommerce.Address, bigCommerce.Address, b2bEdition: false)),
            store.SaveAdobeCommerce(AdobeCommerceCredentials.Platform, new AdobeCommerceConnection(adobeCommerce.BaseAddress, adobeCommerce.AccessToken), b2b: false),
        ];
    }

    /// <summary>
    /// Runs <c>gapwatch sync</c>'s code over every connection (the storefronts' and the ERP's), with its live lines and summary. Each
    /// connection's run is pinned to its platform's last-sync time (plus the safety lag), so the
    /// freshness it stores is the generated one; waits and timings use the real clock.
    /// </summary>
    public static async Task<bool> SyncAsync(CliContext context, GapwatchWorkspace workspace, WorkspaceData data, CancellationToken cancellationToken)
    {
        var store = ConnectionStore.Open(workspace.Directory);
        await using var services = SyncCommand.Services(context);
        var summaries = new List<SyncSummary>();
        var lag = new SyncOptions().SafetyLag;
        foreach (var stored in store.List())
        {
            var clock = new PinnedWallClock(context.Clock, LastSync(data, stored.Name) + lag);
            summaries.Add(await SyncCommand.RunAsync(context, workspace, services, stored.Name, SyncCommand.Streams(services, store, stored), clock, cancellationToken).ConfigureAwait(false));
            if (stored.Platform == ConnectionStore.SageIntacctPlatform
                && services.GetRequiredService<IntacctConnector>().SyncLogStreams(store.OpenSageIntacct(stored)) is { Count: > 0 } log)
            {
                // As 'sync' does: the integration's log is a source of its own, pinned to its own last-sync time.
                var logClock = new PinnedWallClock(context.Clock, LastSync(data, IntacctConnector.SyncLogSource) + lag);
                summaries.Add(await SyncCommand.RunAsync(context, workspace, services, stored.Name + "/" + IntacctConnector.SyncLogSource, log, logClock, cancellationToken,
                    IntacctConnector.SyncLogSource).ConfigureAwait(false));
            }
        }

        SyncCommand.Report(context, summaries, []);
        return summaries.All(s => s.Succeeded);
    }

    public async ValueTask DisposeAsync()
    {
        await adobeCommerce.DisposeAsync().ConfigureAwait(false);
        await bigCommerce.DisposeAsync().ConfigureAwait(false);
        await shopify.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>A clock whose wall time stands still at one instant; timestamps and timers are the inner clock's.</summary>
    private sealed class PinnedWallClock(TimeProvider inner, DateTimeOffset now) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override DateTimeOffset GetUtcNow() => now;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => inner.CreateTimer(callback, state, dueTime, period);
    }
}
