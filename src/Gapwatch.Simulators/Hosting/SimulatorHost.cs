using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Simulators.Hosting;

/// <summary>
/// The web server under every simulator: Kestrel on 127.0.0.1 at a port the OS picks (never a
/// public interface, never a fixed port that two test runs could fight over), no logging, the
/// simulator's routes, and its own "no such route" answer. Stopping it ends every open request.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private SimulatorHost(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    /// <summary><c>http://127.0.0.1:port/</c>, always with the trailing slash so relative URLs resolve under it.</summary>
    public Uri Address { get; }

    /// <summary>Starts a host whose routes <paramref name="map"/> adds; anything else gets <paramref name="notFound"/>.</summary>
    public static async Task<SimulatorHost> StartAsync(Action<WebApplication> map, RequestDelegate notFound, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(notFound);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SimulatorHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        app.MapFallback(notFound);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SimulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
