using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Polly;

namespace Gapwatch.Connectors.Shopify;

/// <summary>One parsed page of a GraphQL connection, with the query's cost.</summary>
internal sealed record GraphQlPage(Connection Connection, QueryCost? Cost);

/// <summary>
/// Posts one paged query to the Admin GraphQL API and parses the answer from the response stream.
/// HTTP failures were already retried by the shared HTTP pipeline; a <c>THROTTLED</c> body is
/// retried here by the shared vendor-throttle pipeline after the wait <c>throttleStatus</c> implies.
/// Everything that still fails becomes a classified <see cref="SyncException"/> that names the shop,
/// never the token.
/// </summary>
internal sealed class ShopifyGraphQlClient(
    HttpClient http,
    ShopifyConnection connection,
    ResiliencePipeline throttlePipeline,
    TimeProvider clock,
    ConnectorMetrics metrics)
{
    public async Task<GraphQlPage> QueryAsync(string document, Func<GraphQlData, Connection?> root, object variables, string stream, CancellationToken cancellationToken)
    {
        var envelope = await RunAsync(document, variables, stream, cancellationToken).ConfigureAwait(false);
        var page = envelope.Data is { } data ? root(data) : null;
        if (page?.Nodes is null || page.PageInfo is null || (page.PageInfo.HasNextPage && string.IsNullOrEmpty(page.PageInfo.EndCursor)))
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the answer has no complete page (data, nodes and pageInfo with an end cursor are required)");
        }

        return new GraphQlPage(page, envelope.Extensions?.Cost);
    }

    /// <summary>Sends one GraphQL document (retrying THROTTLED answers, pacing by cost) and returns its checked envelope.</summary>
    public async Task<GraphQlEnvelope> RunAsync(string document, object? variables, string stream, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = await throttlePipeline.ExecuteAsync(
                async ct => await SendOnceAsync(document, variables, stream, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            await PaceAsync(envelope.Extensions?.Cost, cancellationToken).ConfigureAwait(false);
            return envelope;
        }
        catch (VendorThrottledException)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: deferred, Shopify kept answering THROTTLED after the retry budget; the next run continues from the checkpoint");
        }
    }

    /// <summary>
    /// Opens a bulk operation's result file for streaming. The URL is a signed link to Shopify's
    /// storage: the access token is not sent there, and only HTTPS (or loopback) is followed.
    /// </summary>
    public async Task<HttpResponseMessage> DownloadAsync(Uri url, string stream, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback)
        {
            throw new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: the bulk result URL is not HTTPS ({url.Scheme}://{url.Host}); refused");
        }

        metrics.RecordRequest();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        var response = await SendAsync(request, stream, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var code = (int)response.StatusCode;
            response.Dispose();
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the bulk result file answered {code}; the next run starts the backfill again");
        }

        return response;
    }

    private async Task<GraphQlEnvelope> SendOnceAsync(string document, object? variables, string stream, CancellationToken cancellationToken)
    {
        metrics.RecordRequest();
        using var request = new HttpRequestMessage(HttpMethod.Post, connection.GraphQlEndpoint)
        {
            Content = JsonContent.Create(new { query = document, variables }),
        };
        request.Headers.Add("X-Shopify-Access-Token", connection.AccessToken);
        using var response = await SendAsync(request, stream, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusalAsync(response, stream, cancellationToken).ConfigureAwait(false);
        }

        var envelope = await VendorHttp.ReadJsonAsync<GraphQlEnvelope>(response, Where(stream), ShopifyJson.Options, cancellationToken).ConfigureAwait(false);
        ThrowForErrors(envelope, stream, variables);
        return envelope;
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string stream, CancellationToken cancellationToken) =>
        VendorHttp.SendAsync(http, request, Where(stream), Vendor, cancellationToken);

    /// <summary>
    /// The shared classification, plus the two statuses only Shopify uses: 402 (a frozen shop) and
    /// 423 (a locked one), both permanent until the merchant acts. The detail is Shopify's <c>errors</c> text.
    /// </summary>
    private async Task<SyncException> RefusalAsync(HttpResponseMessage response, string stream, CancellationToken cancellationToken)
    {
        var detail = await VendorHttp.ErrorDetailAsync(response, ErrorText, cancellationToken).ConfigureAwait(false);
        var said = detail.Length == 0 ? "" : ": " + detail;
        return response.StatusCode switch
        {
            HttpStatusCode.PaymentRequired => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: the shop is frozen (402 Payment Required{said})"),
            HttpStatusCode.Locked => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: the shop is locked (423{said})"),
            _ => VendorHttp.Refusal(response.StatusCode, Where(stream), Vendor, detail, new RefusalAdvice
            {
                Unauthorized = "run 'gapwatch connect shopify' again with a valid access token",
                Forbidden = "the app needs the read_customers, read_orders, read_all_orders and read_companies scopes",
                NotFound = $"check the shop address and that Admin API version {connection.ApiVersion} is still supported",
            }),
        };
    }

    /// <summary>Shopify's REST-style error body: <c>{"errors": "text"}</c> or <c>{"errors": {...}}</c>.</summary>
    private static string? ErrorText(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("errors", out var errors)
            ? errors.ValueKind == JsonValueKind.String ? errors.GetString() : errors.GetRawText()
            : null;

    private void ThrowForErrors(GraphQlEnvelope envelope, string stream, object? variables)
    {
        if (envelope.Errors is not { } errors || errors.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return;
        }

        if (errors.ValueKind == JsonValueKind.String)
        {
            throw new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: Shopify answered an error: {errors.GetString()}");
        }

        var list = errors.ValueKind == JsonValueKind.Array ? errors.EnumerateArray().Select(GraphQlError.From).ToList() : [GraphQlError.From(errors)];
        if (list.Count == 0)
        {
            return;
        }

        if (list.Any(e => e.Code == "THROTTLED"))
        {
            throw new VendorThrottledException(ThrottleWait(envelope.Extensions?.Cost), "THROTTLED");
        }

        var message = string.Join("; ", list.Select(e => e.Message));
        if (list.Any(e => e.Code == "ACCESS_DENIED"))
        {
            throw new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: access denied ({message}); check the app's scopes");
        }

        var hadCursor = variables is ShopifyVariables { After: not null };
        throw new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: Shopify answered errors: {message}")
        {
            PageTokenExpired = hadCursor && message.Contains("cursor", StringComparison.OrdinalIgnoreCase),
        };
    }

    /// <summary>Waits before the next query when the bucket holds less than this query costs, as throttleStatus tells.</summary>
    private async Task PaceAsync(QueryCost? cost, CancellationToken cancellationToken)
    {
        if (cost?.ThrottleStatus is not { } status || status.CurrentlyAvailable >= cost.RequestedQueryCost)
        {
            return;
        }

        var wait = ThrottleWait(cost);
        metrics.RecordThrottled(wait);
        await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The time the bucket needs to hold the requested cost again: (requested − available) / restore rate, at least one second.</summary>
    internal static TimeSpan ThrottleWait(QueryCost? cost)
    {
        if (cost?.ThrottleStatus is not { RestoreRate: > 0m } status)
        {
            return TimeSpan.FromSeconds(1);
        }

        var seconds = Math.Max(1m, Math.Ceiling((cost.RequestedQueryCost - status.CurrentlyAvailable) / status.RestoreRate));
        return TimeSpan.FromSeconds((long)Math.Min(seconds, 3600m));
    }

    private const string Vendor = "Shopify";

    internal string Where(string stream) => $"shopify {connection.ShopAddress.Host} {stream}";

    private sealed record GraphQlError(string Message, string? Code)
    {
        public static GraphQlError From(JsonElement error)
        {
            if (error.ValueKind != JsonValueKind.Object)
            {
                return new GraphQlError(error.ToString(), null);
            }

            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "(no message)";
            var code = error.TryGetProperty("extensions", out var x) && x.ValueKind == JsonValueKind.Object && x.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String
                ? c.GetString()
                : null;
            return new GraphQlError(message, code);
        }
    }
}

/// <summary>The variables of every paged query.</summary>
internal sealed record ShopifyVariables(int First, string? After, string? Query);
