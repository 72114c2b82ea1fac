using System.Globalization;
using System.Net;
using System.Text.Json;
using Gapwatch.Connectors.Sync;
using Polly.Timeout;

namespace Gapwatch.Connectors.BigCommerce;

/// <summary>
/// GETs one page from the BigCommerce v2, v3 or B2B Edition API and parses it from the response
/// stream: a v2 bare array element by element (<c>204 No Content</c> is an empty page), a v3 or B2B
/// <c>{data, meta}</c> envelope. HTTP failures were already retried by the shared pipeline (429
/// waits <c>X-Rate-Limit-Time-Reset-Ms</c>); after a page that leaves no request in the window
/// (<c>X-Rate-Limit-Requests-Left: 0</c>) the next request waits for the window to reset. What
/// still fails becomes a classified <see cref="SyncException"/> that names the store, never the token.
/// </summary>
internal sealed class BigCommerceClient(HttpClient http, BigCommerceConnection connection, TimeProvider clock, ConnectorMetrics metrics)
{
    private TimeSpan pendingWait = TimeSpan.Zero;

    /// <summary>The rows of a v2 list (a bare JSON array; 204 is an empty page).</summary>
    public Task<List<JsonElement>> GetArrayAsync(Uri url, string stream, CancellationToken cancellationToken) =>
        GetAsync(url, stream, false, async (body, ct) =>
        {
            var rows = new List<JsonElement>();
            await foreach (var row in JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(body, BigCommerceJson.Options, ct).ConfigureAwait(false))
            {
                rows.Add(row);
            }

            return rows;
        }, () => [], cancellationToken);

    /// <summary>A v3 or B2B envelope (<c>{data: [...], meta: {...}}</c>); 204 is an empty page.</summary>
    public Task<BigCommerceEnvelope> GetEnvelopeAsync(Uri url, string stream, bool b2b, CancellationToken cancellationToken) =>
        GetAsync(url, stream, b2b, async (body, ct) =>
            await JsonSerializer.DeserializeAsync<BigCommerceEnvelope>(body, BigCommerceJson.Options, ct).ConfigureAwait(false)
                ?? throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the answer is JSON null"),
            () => new BigCommerceEnvelope(), cancellationToken);

    private async Task<T> GetAsync<T>(Uri url, string stream, bool b2b, Func<Stream, CancellationToken, Task<T>> read, Func<T> empty, CancellationToken cancellationToken)
    {
        if (pendingWait > TimeSpan.Zero)
        {
            var wait = pendingWait;
            pendingWait = TimeSpan.Zero;
            metrics.RecordThrottled(wait);
            await Task.Delay(wait, clock, cancellationToken).ConfigureAwait(false);
        }

        metrics.RecordRequest();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Auth-Token", connection.AccessToken);
        request.Headers.Add("Accept", "application/json");
        if (b2b)
        {
            request.Headers.Add("X-Store-Hash", connection.StoreHash);
        }

        using var response = await SendAsync(request, stream, cancellationToken).ConfigureAwait(false);
        pendingWait = BigCommerceRateLimit.WaitBeforeNext(response) ?? TimeSpan.Zero;
        await ThrowUnlessSuccessAsync(response, stream, b2b, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return empty();
        }

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
                return await read(body, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (JsonException e)
        {
            throw new SyncException(SyncErrorKind.Retryable,
                $"{Where(stream)}: the answer is not complete JSON (cut off or malformed near line {e.LineNumber + 1}); nothing stored", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the connection broke while the answer was read; nothing stored", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string stream, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: could not reach BigCommerce after the retry budget ({e.HttpRequestError})", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: BigCommerce did not answer in time after the retry budget", e);
        }
    }

    private async Task ThrowUnlessSuccessAsync(HttpResponseMessage response, string stream, bool b2b, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = (int)response.StatusCode;
        var detail = await ErrorDetailAsync(response, cancellationToken).ConfigureAwait(false);
        throw response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => new SyncException(SyncErrorKind.NeedsReauthentication,
                $"{Where(stream)}: BigCommerce refused the access token (401); run 'gapwatch connect bigcommerce' again with a valid token"),
            HttpStatusCode.Forbidden => new SyncException(SyncErrorKind.Permanent,
                $"{Where(stream)}: access denied (403{detail}); the API account needs Customers read-only, Orders read-only{(b2b ? " and B2B Edition read-only" : "")}"),
            HttpStatusCode.NotFound => new SyncException(SyncErrorKind.Permanent,
                b2b ? $"{Where(stream)}: not found (404{detail}); is B2B Edition enabled on this store? (connect with --no-b2b if not)"
                    : $"{Where(stream)}: not found (404{detail}); check the store hash"),
            HttpStatusCode.TooManyRequests => new SyncException(SyncErrorKind.Retryable,
                $"{Where(stream)}: deferred, still rate-limited (429) after the retry budget; the next run continues from the checkpoint"),
            _ when code >= 500 && code != 507 || code == 408 => new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: BigCommerce answered {code}{detail} after the retry budget"),
            _ => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: BigCommerce answered {code}{detail}"),
        };
    }

    /// <summary>The title or message of a v2 (<c>[{status, message}]</c>), v3 (<c>{status, title}</c>) or B2B (<c>{code, message}</c>) error body, when short and JSON.</summary>
    private static async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return "";
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
                var root = document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0 ? document.RootElement[0] : document.RootElement;
                var text = root.ValueKind == JsonValueKind.Object
                    ? BigCommerceJson.Text(root, "title") ?? BigCommerceJson.Text(root, "message") ?? (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object ? BigCommerceJson.Text(meta, "message") : null)
                    : null;
                return string.IsNullOrWhiteSpace(text) ? "" : ": " + (text.Length > 200 ? text[..200] : text);
            }
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            return "";
        }
    }

    internal string Where(string stream) => string.Create(CultureInfo.InvariantCulture, $"bigcommerce {connection.StoreHash} {stream}");
}

/// <summary>A v3 or B2B Edition answer: the rows and the paging metadata.</summary>
internal sealed record BigCommerceEnvelope
{
    public List<JsonElement>? Data { get; init; }

    public JsonElement? Meta { get; init; }
}
