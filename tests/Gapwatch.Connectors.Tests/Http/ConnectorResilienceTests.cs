using System.Net;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;
using Polly;
using Polly.Registry;

namespace Gapwatch.Connectors.Tests.Http;

public sealed class ConnectorResilienceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);

    private sealed class Scripted(Func<int, HttpResponseMessage> respond) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(respond(++Calls));
    }

    private static (HttpClient Client, ServiceProvider Services) Client(AutoAdvancingClock clock, Scripted handler, ConnectorHttpOptions? options = null, VendorThrottleSignal? signal = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddConnectorResilience(options ?? new ConnectorHttpOptions());
        services.AddConnectorHttpClient("test", signal).ConfigurePrimaryHttpMessageHandler(() => handler);
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<IHttpClientFactory>().CreateClient("test"), provider);
    }

    private static HttpResponseMessage TooMany(Action<HttpResponseMessage> headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        headers(response);
        return response;
    }

    [Theory]
    [InlineData("7", 7.0)]
    [InlineData("2.0", 2.0)]
    [InlineData("0.5", 0.5)]
    public async Task Send_429WithRetryAfterSeconds_WaitsAtLeastThatLong(string header, double seconds)
    {
        var clock = new AutoAdvancingClock(T0);
        var handler = new Scripted(n => n == 1 ? TooMany(r => r.Headers.TryAddWithoutValidation("Retry-After", header)) : new HttpResponseMessage(HttpStatusCode.OK));
        var (client, services) = Client(clock, handler);
        using (services)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/x"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(2, handler.Calls);
            Assert.True(clock.GetUtcNow() - T0 >= TimeSpan.FromSeconds(seconds));
            Assert.Equal(1, services.GetRequiredService<ConnectorMetrics>().Retries);
        }
    }

    [Fact]
    public async Task Send_429WithRetryAfterDate_WaitsUntilThatDate()
    {
        var clock = new AutoAdvancingClock(T0);
        var handler = new Scripted(n => n == 1 ? TooMany(r => r.Headers.RetryAfter = new(T0.AddSeconds(12))) : new HttpResponseMessage(HttpStatusCode.OK));
        var (client, services) = Client(clock, handler);
        using (services)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/x"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(clock.GetUtcNow() >= T0.AddSeconds(12));
            Assert.Equal(TimeSpan.FromSeconds(12), services.GetRequiredService<ConnectorMetrics>().ThrottledTime);
        }
    }

    [Fact]
    public async Task Send_Endless429_StopsAfterTheRetryBudgetAndReturnsThe429()
    {
        var clock = new AutoAdvancingClock(T0);
        var handler = new Scripted(_ => TooMany(r => r.Headers.TryAddWithoutValidation("Retry-After", "1")));
        var (client, services) = Client(clock, handler, new ConnectorHttpOptions { MaxRetryAttempts = 3 });
        using (services)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/x"));

            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.Equal(4, handler.Calls);
        }
    }

    [Fact]
    public async Task Send_RetryAfterBeyondTheLimit_IsNotWaitedOut()
    {
        var clock = new AutoAdvancingClock(T0);
        var handler = new Scripted(_ => TooMany(r => r.Headers.TryAddWithoutValidation("Retry-After", "3600")));
        var (client, services) = Client(clock, handler);
        using (services)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/x"));

            Assert.Equal((HttpStatusCode.TooManyRequests, 1), (response.StatusCode, handler.Calls));
            Assert.Equal(T0, clock.GetUtcNow());
        }
    }

    [Fact]
    public async Task Send_VendorSignal_WinsOverBackoff()
    {
        var clock = new AutoAdvancingClock(T0);
        var handler = new Scripted(n => n == 1 ? TooMany(r => r.Headers.TryAddWithoutValidation("X-Rate-Limit-Time-Reset-Ms", "4500")) : new HttpResponseMessage(HttpStatusCode.OK));
        VendorThrottleSignal bigCommerce = r => r.Headers.TryGetValues("X-Rate-Limit-Time-Reset-Ms", out var v) ? TimeSpan.FromMilliseconds(int.Parse(v.First(), System.Globalization.CultureInfo.InvariantCulture)) : null;
        var (client, services) = Client(clock, handler, signal: bigCommerce);
        using (services)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/x"));

            Assert.Equal(TimeSpan.FromMilliseconds(4500), Assert.Single(clock.Waits));
        }
    }

    [Fact]
    public async Task Send_5xxBurst_RetriesWithJitteredBackoffThenSucceeds()
    {
        var clock = new AutoAdvancingClock(T0);
        var handler = new Scripted(n => n <= 3 ? new HttpResponseMessage(HttpStatusCode.BadGateway) : new HttpResponseMessage(HttpStatusCode.OK));
        var (client, services) = Client(clock, handler);
        using (services)
        {
            using var response = await client.GetAsync(new Uri("http://127.0.0.1/x"));

            Assert.Equal((HttpStatusCode.OK, 4), (response.StatusCode, handler.Calls));
            Assert.Equal(3, clock.Waits.Count);
        }
    }

    [Fact]
    public async Task VendorThrottlePipeline_WaitsTheVendorsWait()
    {
        var clock = new AutoAdvancingClock(T0);
        var (_, services) = Client(clock, new Scripted(_ => new HttpResponseMessage(HttpStatusCode.OK)));
        using (services)
        {
            var pipeline = services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(ConnectorResilience.VendorThrottlePipelineKey);
            var attempts = 0;
            var result = await pipeline.ExecuteAsync(_ => ++attempts < 3 ? throw new VendorThrottledException(TimeSpan.FromSeconds(3), "THROTTLED") : ValueTask.FromResult(attempts));

            Assert.Equal(3, result);
            Assert.Equal([TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3)], clock.Waits);
        }
    }

    [Fact]
    public void RetryAfter_HttpDateInThePast_IsZero()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter = new(T0.AddSeconds(-5));
        Assert.Equal(TimeSpan.Zero, RetryAfter.Read(response, T0));
    }
}
