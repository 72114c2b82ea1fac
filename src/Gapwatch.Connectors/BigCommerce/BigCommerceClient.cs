using System.Globalization;
using System.Net;
using System.Text.Json;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;

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

        var where = Where(stream);
        using var response = await VendorHttp.SendAsync(http, request, where, Vendor, cancellationToken).ConfigureAwait(false);
        pendingWait = BigCommerceRateLimit.WaitBeforeNext(response) ?? TimeSpan.Zero;
        if (!response.IsSuccessStatusCode)
        {
            var detail = await VendorHttp.ErrorDetailAsync(response, ErrorText, cancellationToken).ConfigureAwait(false);
            throw VendorHttp.Refusal(response.StatusCode, where, Vendor, detail, b2b ? B2bAdvice : StoreAdvice);
        }

        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return empty();
        }

        VendorHttp.RequireMediaType(response, "json", where);
        return await VendorHttp.ReadAsync(response, where, read, cancellationToken).ConfigureAwait(false);
    }

    private const string Vendor = "BigCommerce";

    private static readonly RefusalAdvice StoreAdvice = new()
    {
        Unauthorized = "run 'gapwatch connect bigcommerce' again with a valid access token",
        Forbidden = "the API account needs Customers read-only and Orders read-only",
        NotFound = "check the store hash",
    };

    private static readonly RefusalAdvice B2bAdvice = StoreAdvice with
    {
        Forbidden = "the API account needs Customers read-only, Orders read-only and B2B Edition read-only",
        NotFound = "is B2B Edition enabled on this store? (connect with --no-b2b if not)",
    };

    /// <summary>The title or message of a v2 (<c>[{status, message}]</c>), v3 (<c>{status, title}</c>) or B2B (<c>{code, message}</c>) error body.</summary>
    private static string? ErrorText(JsonElement body)
    {
        var root = body.ValueKind == JsonValueKind.Array && body.GetArrayLength() > 0 ? body[0] : body;
        return root.ValueKind == JsonValueKind.Object
            ? BigCommerceJson.Text(root, "title") ?? BigCommerceJson.Text(root, "message") ?? (root.TryGetProperty("meta", out var meta) && meta.ValueKind == JsonValueKind.Object ? BigCommerceJson.Text(meta, "message") : null)
            : null;
    }

    internal string Where(string stream) => string.Create(CultureInfo.InvariantCulture, $"bigcommerce {connection.StoreHash} {stream}");
}

/// <summary>A v3 or B2B Edition answer: the rows and the paging metadata.</summary>
internal sealed record BigCommerceEnvelope
{
    public List<JsonElement>? Data { get; init; }

    public JsonElement? Meta { get; init; }
}
