using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gapwatch.Connectors.Sync;
using Polly;
using Polly.Timeout;

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
        ThrowUnlessSuccess(response, stream);
        var envelope = await ReadAsync(response, stream, cancellationToken).ConfigureAwait(false);
        ThrowForErrors(envelope, stream, variables);
        return envelope;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string stream, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: could not reach Shopify after the retry budget ({e.HttpRequestError})", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: Shopify did not answer in time after the retry budget", e);
        }
    }

    private async Task<GraphQlEnvelope> ReadAsync(HttpResponseMessage response, string stream, CancellationToken cancellationToken)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            throw new SyncException(SyncErrorKind.Retryable,
                $"{Where(stream)}: expected a JSON answer, got HTTP {(int)response.StatusCode} with content type '{mediaType ?? "none"}' (a proxy, maintenance or login page?); nothing stored");
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return await JsonSerializer.DeserializeAsync<GraphQlEnvelope>(body, ShopifyJson.Options, cancellationToken).ConfigureAwait(false)
                    ?? throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the answer is JSON null");
            }
        }
        catch (JsonException e)
        {
            throw new SyncException(SyncErrorKind.Retryable,
                $"{Where(stream)}: the answer is not complete JSON (cut off or malformed near byte {e.BytePositionInLine?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} of line {e.LineNumber + 1}); nothing stored", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the connection broke while the answer was read; nothing stored", e);
        }
    }

    private void ThrowUnlessSuccess(HttpResponseMessage response, string stream)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = (int)response.StatusCode;
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new SyncException(SyncErrorKind.NeedsReauthentication,
                $"{Where(stream)}: Shopify refused the access token (401); run 'gapwatch connect shopify' again with a valid token"),
            HttpStatusCode.Forbidden => new SyncException(SyncErrorKind.Permanent,
                $"{Where(stream)}: access denied (403); the app needs the read_customers, read_orders, read_all_orders and read_companies scopes"),
            HttpStatusCode.PaymentRequired => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: the shop is frozen (402 Payment Required)"),
            HttpStatusCode.NotFound => new SyncException(SyncErrorKind.Permanent,
                $"{Where(stream)}: not found (404); check the shop address and that Admin API version {connection.ApiVersion} is still supported"),
            HttpStatusCode.Locked => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: the shop is locked (423)"),
            HttpStatusCode.TooManyRequests => new SyncException(SyncErrorKind.Retryable,
                $"{Where(stream)}: deferred, still throttled (429) after the retry budget; the next run continues from the checkpoint"),
            _ when code >= 500 || code == 408 => new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: Shopify answered {code} after the retry budget"),
            _ => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: Shopify answered {code}"),
        };
    }

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
