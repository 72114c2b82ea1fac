using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Gapwatch.Web.Alerts;

/// <summary>
/// The webhook HTTP clients, configured once: no redirects, no cookies, connect and attempt
/// timeouts, the outgoing-target check when the socket connects, and retries with exponential
/// backoff (honouring <c>Retry-After</c>) on transient answers. The same request message is sent
/// again on a retry, so every attempt carries the same <c>Idempotency-Key</c> and signature. The
/// factory's request logging is removed: a webhook URL often holds a secret token.
/// </summary>
internal static class WebhookHttp
{
    public const string Strict = "gapwatch-webhooks";
    public const string AllowingPrivate = "gapwatch-webhooks-private";

    public static void AddWebhookClients(IServiceCollection services, WebhookOptions options)
    {
        options.Validate();
        Add(services, Strict, options, allowPrivate: false);
        Add(services, AllowingPrivate, options, allowPrivate: true);
    }

    private static void Add(IServiceCollection services, string name, WebhookOptions options, bool allowPrivate)
    {
        services.AddHttpClient(name, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                ConnectTimeout = options.ConnectTimeout,
                MaxResponseHeadersLength = 16,
                ConnectCallback = (context, cancellationToken) => ConnectAsync(context, allowPrivate, cancellationToken),
            })
            .RemoveAllLoggers()
            .AddResilienceHandler("webhook", builder =>
            {
                builder.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryBaseDelay,
                    ShouldRetryAfterHeader = true,
                    ShouldHandle = args => ValueTask.FromResult(options.MaxRetryAttempts > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                });
                builder.AddTimeout(options.AttemptTimeout);
            });
    }

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        var (addresses, problem) = await OutgoingTargets.ResolveAsync(context.DnsEndPoint.Host, allowPrivate, cancellationToken);
        if (problem is not null)
        {
            throw new WebhookTargetRefusedException(problem);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>A webhook target refused by the outgoing-request rules (never retried).</summary>
public sealed class WebhookTargetRefusedException(string message) : IOException(message);
