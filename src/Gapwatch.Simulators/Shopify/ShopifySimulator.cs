using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Simulators.Shopify;

/// <summary>
/// A local stand-in for one shop's Admin GraphQL API, on 127.0.0.1 at a random port: it checks
/// <c>X-Shopify-Access-Token</c> and the API version, filters and sorts by <c>updated_at</c>, pages
/// with opaque cursors, charges a cost bucket (answering <c>THROTTLED</c> in a 200 when empty) and
/// serves injected faults; bulk operations (<c>bulkOperationRunQuery</c> with <c>groupObjects</c>)
/// produce a JSONL file, out of <c>updated_at</c> order, served at <c>/bulk/{id}.jsonl</c> without the
/// token as Shopify's signed links are. It is a test double of the API, not of Gapwatch: it knows nothing of
/// Gapwatch's types. Stop it with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class ShopifySimulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ShopifyGraphQlHandler handler;

    private ShopifySimulator(WebApplication app, ShopifyGraphQlHandler handler, Uri address)
    {
        this.app = app;
        this.handler = handler;
        ShopAddress = address;
    }

    /// <summary>The shop's base address (<c>http://127.0.0.1:port</c>); the API is under <c>/admin/api/{version}/graphql.json</c>.</summary>
    public Uri ShopAddress { get; }

    public ShopifyDataset Data => handler.Data;

    public string AccessToken => handler.Options.AccessToken;

    /// <summary>Requests received so far, faults included.</summary>
    public int Requests => handler.Requests;

    /// <summary>Every request received: resource, <c>after</c> cursor and search query, in order.</summary>
    public IReadOnlyList<ShopifyRequestLog> Log => handler.Log;

    /// <summary>Called with each request's number (from 1) before it is answered: a test can kill a client process here.</summary>
    public Func<int, Task>? BeforeAnswer
    {
        get => handler.BeforeAnswer;
        set => handler.BeforeAnswer = value;
    }

    public static async Task<ShopifySimulator> StartAsync(ShopifyDataset data, ShopifySimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var handler = new ShopifyGraphQlHandler(data, options ?? new ShopifySimulatorOptions());
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ShopifySimulator).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/admin/api/{version}/graphql.json", handler.HandleAsync);
        app.MapGet("/bulk/{id}.jsonl", handler.DownloadAsync);
        app.MapFallback(context =>
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return context.Response.WriteAsJsonAsync(new { errors = "Not Found" }, cancellationToken);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ShopifySimulator(app, handler, new Uri(address));
    }

    /// <summary>Queues faults for the next matching requests.</summary>
    public void Inject(params ShopifyFault[] faults) => handler.Inject(faults);

    /// <summary>From now on every request is answered 401, as when the merchant uninstalls the app or rotates the token.</summary>
    public void RevokeToken() => handler.Revoked = true;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>One request as the simulator saw it.</summary>
public sealed record ShopifyRequestLog(int Number, string? Resource, string? After, string? Query, int First);
