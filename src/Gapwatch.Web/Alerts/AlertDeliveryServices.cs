using Gapwatch.Web.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Alerts;

/// <summary>The door: webhook clients, the dispatcher, and one delivery round per workspace at start (what a crash left in the outbox).</summary>
internal static class AlertDeliveryServices
{
    public static IServiceCollection AddGapwatchAlerts(this IServiceCollection services, ServeOptions options)
    {
        WebhookHttp.AddWebhookClients(services, options.Webhooks);
        services.AddSingleton(sp => new AlertDispatcher(
            sp.GetRequiredService<IHttpClientFactory>(), options.Webhooks, options.Clock, sp.GetRequiredService<ILogger<AlertDispatcher>>(),
            () => ListeningAddress(sp), options.Environment));
        services.AddHostedService<OutboxAtStart>();
        return services;
    }

    /// <summary>Where Kestrel listens (known once it has started): the base of alert links when no dashboard_url is set.</summary>
    private static Uri? ListeningAddress(IServiceProvider services) =>
        services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() is { } address
            ? new Uri(address.TrimEnd('/') + "/")
            : null;

    private sealed class OutboxAtStart(WorkspaceRegistry registry, AlertDispatcher dispatcher, IHostApplicationLifetime lifetime, ILogger<AlertDispatcher> log) : IHostedService
    {
        private Task? running;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            // After the server listens (links use its address), without holding up the start.
            lifetime.ApplicationStarted.Register(() => running = Task.Run(() => DrainAsync(lifetime.ApplicationStopping)));
            return Task.CompletedTask;
        }

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            await dispatcher.StopAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (running is { } task)
            {
                await task.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        private async Task DrainAsync(CancellationToken stopping)
        {
            try
            {
                await DrainAllAsync(stopping);
            }
            finally
            {
                dispatcher.StartRoundDone();
            }
        }

        private async Task DrainAllAsync(CancellationToken stopping)
        {
            foreach (var served in registry.All)
            {
                try
                {
                    await dispatcher.DeliverPendingAsync(served, stopping);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
                {
                    AlertLog.OutboxFailed(log, served.Id, e.Message);
                }
            }
        }
    }
}
