using System.Collections.Concurrent;
using System.Net;
using Gapwatch.Web.Alerts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Tests.Alerts;

/// <summary>One POST the receiver got: its headers, body, whether its HMAC verified, and what it answered.</summary>
public sealed record ReceivedWebhook(string IdempotencyKey, string Timestamp, string Signature, byte[] Body, bool SignatureValid, int Answered);

/// <summary>
/// A webhook receiver on Kestrel at 127.0.0.1 (a port the OS picks). It verifies each request's
/// signature with the shared secret and answers the scripted status for the n-th request (200
/// after the script runs out).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ReceivedWebhook> received = new();
    private readonly ConcurrentQueue<int> script;
    private TaskCompletionSource firstDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebhookReceiver(string secret, IEnumerable<int> statuses)
    {
        script = new ConcurrentQueue<int>(statuses);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        app = builder.Build();
        app.MapPost("/hooks/{**rest}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var timestamp = http.Request.Headers[WebhookPayload.TimestampHeader].ToString();
            var signature = http.Request.Headers[WebhookPayload.SignatureHeader].ToString();
            var status = script.TryDequeue(out var scripted) ? scripted : 200;
            received.Enqueue(new ReceivedWebhook(
                http.Request.Headers[WebhookPayload.IdempotencyHeader].ToString(), timestamp, signature, body,
                WebhookPayload.Verify(secret, timestamp, signature, body), status));
            if (status == 200)
            {
                firstDelivered.TrySetResult();
            }

            return Results.StatusCode(status);
        });
    }

    public IReadOnlyList<ReceivedWebhook> Received => [.. received];

    public Uri Address { get; private set; } = null!;

    /// <summary>Completes when a request has been answered 200.</summary>
    public Task Delivered => firstDelivered.Task;

    public static async Task<WebhookReceiver> StartAsync(string secret, params int[] statuses)
    {
        var receiver = new WebhookReceiver(secret, statuses);
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Address = new Uri(address.TrimEnd('/') + "/");
        return receiver;
    }

    public void ResetDelivered() => firstDelivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
