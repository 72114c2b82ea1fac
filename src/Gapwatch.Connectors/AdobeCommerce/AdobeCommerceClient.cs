using System.Net;
using System.Text.Json;
using Gapwatch.Connectors.Sync;
using Polly.Timeout;

namespace Gapwatch.Connectors.AdobeCommerce;

/// <summary>
/// Sends one searchCriteria GET and parses the answer from the response stream. HTTP failures were
/// already retried by the shared pipeline (5xx, 429 with <c>Retry-After</c>, timeouts); what still
/// fails becomes a classified <see cref="SyncException"/> that names the store, never the token, and
/// carries Magento's own message (<c>{"message","parameters"}</c>) with its placeholders filled in.
/// </summary>
internal sealed class AdobeCommerceClient(HttpClient http, AdobeCommerceConnection connection, ConnectorMetrics metrics)
{
    public async Task<SearchResult> SearchAsync(string path, string query, string stream, CancellationToken cancellationToken)
    {
        metrics.RecordRequest();
        using var request = new HttpRequestMessage(HttpMethod.Get, connection.Resource(path, query));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", connection.AccessToken);
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await SendAsync(request, stream, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, stream, cancellationToken).ConfigureAwait(false);
        }

        var result = await ReadAsync<SearchResult>(response, stream, cancellationToken).ConfigureAwait(false);
        if (result.Items is null || result.TotalCount is null)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the answer is not a search result (items and total_count are required)");
        }

        return result;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string stream, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: could not reach the store after the retry budget ({e.HttpRequestError})", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the store did not answer in time after the retry budget", e);
        }
    }

    private async Task<T> ReadAsync<T>(HttpResponseMessage response, string stream, CancellationToken cancellationToken)
        where T : class
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
                return await JsonSerializer.DeserializeAsync<T>(body, MagentoJson.Options, cancellationToken).ConfigureAwait(false)
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

    private async Task<SyncException> FailureAsync(HttpResponseMessage response, string stream, CancellationToken cancellationToken)
    {
        var code = (int)response.StatusCode;
        var said = await MessageAsync(response, cancellationToken).ConfigureAwait(false);
        var detail = said is null ? "" : $": \"{said}\"";
        return response.StatusCode switch
        {
            // Magento answers 401 both for a token it does not know and for a resource the integration may not read.
            HttpStatusCode.Unauthorized => new SyncException(SyncErrorKind.NeedsReauthentication,
                $"{Where(stream)}: the store refused the integration token (401{detail}); check the integration's resources, or run 'gapwatch connect adobe_commerce' again with a valid token"),
            HttpStatusCode.Forbidden => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: access denied (403{detail}); the integration needs the Customers, Sales > Orders, Credit Memos and Companies resources"),
            HttpStatusCode.NotFound => new SyncException(SyncErrorKind.Permanent,
                $"{Where(stream)}: not found (404{detail}); check the base URL and store code (companies need Adobe Commerce B2B)"),
            HttpStatusCode.TooManyRequests => new SyncException(SyncErrorKind.Retryable,
                $"{Where(stream)}: deferred, still throttled (429) after the retry budget; the next run continues from the checkpoint"),
            _ when code >= 500 || code == 408 => new SyncException(SyncErrorKind.Retryable, $"{Where(stream)}: the store answered {code}{detail} after the retry budget"),
            _ => new SyncException(SyncErrorKind.Permanent, $"{Where(stream)}: the store answered {code}{detail}"),
        };
    }

    /// <summary>Magento's message with <c>%1</c>/<c>%name</c> filled from <c>parameters</c> (an array or an object); null when the body is not such an error.</summary>
    internal static string? Describe(MagentoError? error)
    {
        if (error?.Message is not { } message)
        {
            return null;
        }

        if (error.Parameters is { ValueKind: JsonValueKind.Array } list)
        {
            var i = 1;
            foreach (var value in list.EnumerateArray())
            {
                message = message.Replace("%" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Text(value), StringComparison.Ordinal);
                i++;
            }
        }
        else if (error.Parameters is { ValueKind: JsonValueKind.Object } named)
        {
            foreach (var property in named.EnumerateObject().OrderByDescending(p => p.Name.Length))
            {
                message = message.Replace("%" + property.Name, Text(property.Value), StringComparison.Ordinal);
            }
        }

        return message.Length > 300 ? message[..300] + "…" : message;
    }

    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();

    private static async Task<string?> MessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }

        try
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                return Describe(await JsonSerializer.DeserializeAsync<MagentoError>(body, MagentoJson.Options, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException)
        {
            return null;
        }
    }

    internal string Where(string stream) => $"adobe_commerce {connection.BaseAddress.Host} {stream}";
}
