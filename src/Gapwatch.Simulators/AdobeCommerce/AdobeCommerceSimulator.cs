using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Simulators.AdobeCommerce;

/// <summary>
/// A local stand-in for one Adobe Commerce (Magento 2) store's admin REST API, on 127.0.0.1 at a
/// random port: <c>GET /rest/{store}/V1/customers/search</c>, <c>/V1/orders</c>, <c>/V1/creditmemos</c>
/// and <c>/V1/company/</c> with searchCriteria (both spellings), an integration token as Bearer, 1-based
/// pages where a page past the end repeats the last one, <c>total_count</c>, Magento's error bodies
/// (<c>{"message","parameters"}</c>) and queued faults (429/503 with <c>Retry-After</c>, resets, cut
/// bodies, HTML, 401, a repeated page, a hang). It knows nothing of Gapwatch. Stop it with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class AdobeCommerceSimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly AdobeCommerceHandler handler;

    private AdobeCommerceSimulator(WebApplication app, AdobeCommerceHandler handler, Uri address)
    {
        this.app = app;
        this.handler = handler;
        BaseAddress = address;
    }

    /// <summary>The store's base address (<c>http://127.0.0.1:port/</c>); the API is under <c>rest/{store}/V1</c>.</summary>
    public Uri BaseAddress { get; }

    public AdobeCommerceDataset Data => handler.Data;

    public string AccessToken => handler.Options.AccessToken;

    public int Requests => handler.Log.Count;

    public IReadOnlyList<AdobeCommerceRequestLog> Log => handler.Log;

    /// <summary>Called with each request's number (from 1) before it is answered.</summary>
    public Func<int, Task>? BeforeAnswer
    {
        get => handler.BeforeAnswer;
        set => handler.BeforeAnswer = value;
    }

    public static async Task<AdobeCommerceSimulator> StartAsync(AdobeCommerceDataset data, AdobeCommerceSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var handler = new AdobeCommerceHandler(data, options ?? new AdobeCommerceSimulatorOptions());
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(AdobeCommerceSimulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/rest/{store}/V1/customers/search", context => handler.HandleAsync(context, AdobeCommerceDataset.Customers));
        app.MapGet("/rest/{store}/V1/orders", context => handler.HandleAsync(context, AdobeCommerceDataset.Orders));
        app.MapGet("/rest/{store}/V1/creditmemos", context => handler.HandleAsync(context, AdobeCommerceDataset.CreditMemos));
        app.MapGet("/rest/{store}/V1/company", context => handler.HandleAsync(context, AdobeCommerceDataset.Companies));
        app.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsJsonAsync(new { message = "Request does not match any route.", parameters = Array.Empty<string>() }, cancellationToken);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdobeCommerceSimulator(app, handler, new Uri(address.TrimEnd('/') + "/"));
    }

    /// <summary>Queues faults for the next matching requests.</summary>
    public void Inject(params AdobeCommerceFault[] faults) => handler.Inject(faults);

    /// <summary>From now on every request is answered 401, as when the integration is deleted or its token reissued.</summary>
    public void RevokeToken() => handler.Revoked = true;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
