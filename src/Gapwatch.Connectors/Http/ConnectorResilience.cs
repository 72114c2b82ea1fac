using System.Net;
using Gapwatch.Connectors.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Retry;

namespace Gapwatch.Connectors.Http;

/// <summary>
/// A vendor's own throttle signal in an HTTP response (BigCommerce <c>X-Rate-Limit-Time-Reset-Ms</c>):
/// the wait it asks for, or null to fall back to <c>Retry-After</c> and then to backoff.
/// </summary>
public delegate TimeSpan? VendorThrottleSignal(HttpResponseMessage response);

/// <summary>
/// HTTP resilience, configured once for every connector: bounded retries with jittered exponential
/// backoff for transient failures (5xx, 408, 429, connection errors, attempt timeouts), waiting what
/// the server asks (vendor signal, then <c>Retry-After</c> in seconds or as a date) when it says.
/// A throttle wait longer than <see cref="ConnectorHttpOptions.MaxThrottleWait"/> is not retried: the
/// 429 comes back and the stream is deferred. Throttle signals that arrive in a 200 body (Shopify
/// GraphQL <c>THROTTLED</c>) are retried by the pipeline registered as <see cref="VendorThrottlePipelineKey"/>, which the same options configure.
/// </summary>
public static class ConnectorResilience
{
    public const string VendorThrottlePipelineKey = "gapwatch-vendor-throttle";

    /// <summary>Registers the shared parts once: the clock (system unless one is registered), metrics and the vendor-throttle pipeline.</summary>
    public static IServiceCollection AddConnectorResilience(this IServiceCollection services, ConnectorHttpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (services.Any(d => d.ServiceType == typeof(ConnectorMetrics)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ConnectorMetrics>();
        services.TryAddSingleton(options);
        services.AddResiliencePipeline(VendorThrottlePipelineKey, (builder, context) =>
        {
            var metrics = context.ServiceProvider.GetRequiredService<ConnectorMetrics>();
            builder.AddRetry(VendorThrottleRetry(options, metrics));
        });
        return services;
    }

    /// <summary>A named HTTP client for one connector, with the shared retry and timeout pipeline and the vendor's signal.</summary>
    public static IHttpClientBuilder AddConnectorHttpClient(this IServiceCollection services, string name, VendorThrottleSignal? vendorSignal = null)
    {
        var client = services.AddHttpClient(name, http => http.Timeout = Timeout.InfiniteTimeSpan);
        client.AddResilienceHandler("gapwatch", (builder, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<ConnectorHttpOptions>();
            var metrics = context.ServiceProvider.GetRequiredService<ConnectorMetrics>();
            var clock = context.ServiceProvider.GetRequiredService<TimeProvider>();
            builder.AddRetry(HttpRetry(options, metrics, clock, vendorSignal));
            builder.AddTimeout(options.AttemptTimeout);
        });
        return client;
    }

    internal static RetryStrategyOptions<HttpResponseMessage> HttpRetry(
        ConnectorHttpOptions options, ConnectorMetrics metrics, TimeProvider clock, VendorThrottleSignal? vendorSignal)
    {
        return new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            ShouldHandle = args => ValueTask.FromResult(
                HttpClientResiliencePredicates.IsTransient(args.Outcome)
                && !(args.Outcome.Result is { } response && ServerWait(response, clock, vendorSignal) > options.MaxThrottleWait)),
            DelayGenerator = args =>
            {
                var wait = args.Outcome.Result is { } response ? ServerWait(response, clock, vendorSignal) : null;
                if (wait is { } w && args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    metrics.RecordThrottled(w);
                }

                return ValueTask.FromResult(wait);
            },
            OnRetry = _ =>
            {
                metrics.RecordRetry();
                return ValueTask.CompletedTask;
            },
        };
    }

    internal static RetryStrategyOptions VendorThrottleRetry(ConnectorHttpOptions options, ConnectorMetrics metrics) => new()
    {
        MaxRetryAttempts = options.MaxRetryAttempts,
        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is VendorThrottledException throttled && throttled.Wait <= options.MaxThrottleWait),
        DelayGenerator = args =>
        {
            var wait = ((VendorThrottledException)args.Outcome.Exception!).Wait;
            metrics.RecordThrottled(wait);
            return ValueTask.FromResult<TimeSpan?>(wait);
        },
        OnRetry = _ =>
        {
            metrics.RecordRetry();
            return ValueTask.CompletedTask;
        },
    };

    private static TimeSpan? ServerWait(HttpResponseMessage response, TimeProvider clock, VendorThrottleSignal? vendorSignal) =>
        vendorSignal?.Invoke(response) ?? RetryAfter.Read(response, clock.GetUtcNow());
}
