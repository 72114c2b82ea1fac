using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Simulators.BigCommerce;

/// <summary>
/// A local stand-in for one BigCommerce store on 127.0.0.1 at a random port: v3 customers
/// (<c>meta.pagination</c>), v2 orders (bare arrays, RFC 2822 dates, <c>204</c> past the last page),
/// v3 refunds per order and B2B Edition companies (<c>/api/v3/io/companies</c>, offset paging,
/// <c>X-Store-Hash</c>). It checks <c>X-Auth-Token</c> and the store hash, filters by modified date,
/// counts requests in a rate-limit window on an injectable clock (<c>X-Rate-Limit-*</c> headers on
/// every answer, 429 when the quota is spent) and serves queued faults with each API's error shape.
/// It knows nothing of Gapwatch's types. Stop it with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class BigCommerceSimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly BigCommerceHandler handler;

    private BigCommerceSimulator(WebApplication app, BigCommerceHandler handler, Uri address)
    {
        this.app = app;
        this.handler = handler;
        Address = address;
    }

    /// <summary>The base address of both APIs (<c>http://127.0.0.1:port</c>): <c>/stores/{hash}/v2|v3/…</c> and <c>/api/v3/io/…</c>.</summary>
    public Uri Address { get; }

    public BigCommerceDataset Data => handler.Data;

    public string StoreHash => handler.Options.StoreHash;

    public string AccessToken => handler.Options.AccessToken;

    public int Requests => handler.Log.Count;

    /// <summary>Every request received, faults included, in order.</summary>
    public IReadOnlyList<BigCommerceRequestLog> Log => handler.Log;

    /// <summary>Called with each request's number (from 1) before it is answered.</summary>
    public Func<int, Task>? BeforeAnswer
    {
        get => handler.BeforeAnswer;
        set => handler.BeforeAnswer = value;
    }

    public static async Task<BigCommerceSimulator> StartAsync(BigCommerceDataset data, BigCommerceSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var handler = new BigCommerceHandler(data, options ?? new BigCommerceSimulatorOptions());
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(BigCommerceSimulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/stores/{hash}/v2/orders", context => handler.HandleAsync(context, BigCommerceDataset.Orders, BigCommerceApi.V2));
        app.MapGet("/stores/{hash}/v3/customers", context => handler.HandleAsync(context, BigCommerceDataset.Customers, BigCommerceApi.V3));
        app.MapGet("/stores/{hash}/v3/orders/{id}/payment_actions/refunds", context => handler.HandleAsync(context, BigCommerceDataset.Refunds, BigCommerceApi.V3));
        app.MapGet("/api/v3/io/companies", context => handler.HandleAsync(context, BigCommerceDataset.Companies, BigCommerceApi.B2b));
        app.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsJsonAsync(new { status = 404, title = "The requested resource was not found." }, cancellationToken);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BigCommerceSimulator(app, handler, new Uri(address));
    }

    /// <summary>Queues faults for the next matching requests.</summary>
    public void Inject(params BigCommerceFault[] faults) => handler.Inject(faults);

    /// <summary>From now on every request is answered 401, as when the API account is deleted.</summary>
    public void RevokeToken() => handler.Revoked = true;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
