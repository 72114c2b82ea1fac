using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml;
using Gapwatch.Connectors.Sync;
using Polly.Timeout;

namespace Gapwatch.Connectors.Http;

/// <summary>What to tell the operator when a vendor refuses a request, per status; each connector fills it with its own words.</summary>
public sealed record RefusalAdvice
{
    /// <summary>401 after the retry budget: which <c>gapwatch connect</c> to run again.</summary>
    public required string Unauthorized { get; init; }

    /// <summary>403: the read-only permissions the credentials need.</summary>
    public required string Forbidden { get; init; }

    /// <summary>404: which address, tenant, company or module to check.</summary>
    public required string NotFound { get; init; }
}

/// <summary>
/// The step every connector repeats around one HTTP exchange, after the shared resilience pipeline
/// has done its retries: send, check the status and the content type, read the body as a stream,
/// and turn whatever still fails into a classified <see cref="SyncException"/>. Messages name the
/// vendor and the stream (<c>where</c>), never a credential. Vendor-specific parts (error body
/// shapes, body-level errors in an HTTP 200) stay in each connector's client.
/// </summary>
public static class VendorHttp
{
    /// <summary>Sends with headers-read completion; transport failures left after the retries are retryable.</summary>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string where, string vendor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: could not reach {vendor} after the retry budget ({e.HttpRequestError})", e);
        }
        catch (TimeoutRejectedException e)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: {vendor} did not answer in time after the retry budget", e);
        }
    }

    /// <summary>
    /// The classified failure for a non-success status: 401 needs re-authentication, 403/404 and
    /// other 4xx are permanent, 408/429/5xx (except 507, which will not clear by itself) are retryable
    /// and resume from the checkpoint on the next run. <paramref name="detail"/> is the vendor's own
    /// short message, already extracted and trimmed, or empty.
    /// </summary>
    public static SyncException Refusal(HttpStatusCode status, string where, string vendor, string detail, RefusalAdvice advice)
    {
        ArgumentNullException.ThrowIfNull(advice);
        var code = (int)status;
        var said = string.IsNullOrEmpty(detail) ? "" : ": " + detail;
        return status switch
        {
            HttpStatusCode.Unauthorized => new SyncException(SyncErrorKind.NeedsReauthentication, $"{where}: {vendor} refused the credentials (401{said}); {advice.Unauthorized}"),
            HttpStatusCode.Forbidden => new SyncException(SyncErrorKind.Permanent, $"{where}: access denied (403{said}); {advice.Forbidden}"),
            HttpStatusCode.NotFound => new SyncException(SyncErrorKind.Permanent, $"{where}: not found (404{said}); {advice.NotFound}"),
            HttpStatusCode.TooManyRequests => new SyncException(SyncErrorKind.Retryable,
                $"{where}: deferred, still throttled (429) after the retry budget; the next run continues from the checkpoint"),
            _ when (code >= 500 && code != 507) || code == 408 => new SyncException(SyncErrorKind.Retryable, $"{where}: {vendor} answered {code}{said} after the retry budget"),
            _ => new SyncException(SyncErrorKind.Permanent, $"{where}: {vendor} answered {code}{said}"),
        };
    }

    /// <summary>Throws a retryable failure unless the answer's media type contains <paramref name="expected"/> (<c>json</c>, <c>xml</c>).</summary>
    public static void RequireMediaType(HttpResponseMessage response, string expected, string where)
    {
        ArgumentNullException.ThrowIfNull(response);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !mediaType.Contains(expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new SyncException(SyncErrorKind.Retryable,
                $"{where}: expected a {expected.ToUpperInvariant()} answer, got HTTP {(int)response.StatusCode} with content type '{mediaType ?? "none"}' (a proxy, maintenance or login page?); nothing stored");
        }
    }

    /// <summary>
    /// Reads the body as a stream with <paramref name="read"/>. A body cut off or malformed, or a
    /// connection that breaks midway, is retryable: the page was not stored, the checkpoint did not move.
    /// </summary>
    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, string where, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(read);
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
                string.Create(CultureInfo.InvariantCulture, $"{where}: the answer is not complete JSON (cut off or malformed near byte {e.BytePositionInLine?.ToString(CultureInfo.InvariantCulture) ?? "?"} of line {e.LineNumber + 1}); nothing stored"), e);
        }
        catch (XmlException e)
        {
            throw new SyncException(SyncErrorKind.Retryable,
                string.Create(CultureInfo.InvariantCulture, $"{where}: the answer is not complete XML (cut off or malformed at line {e.LineNumber}, position {e.LinePosition}); nothing stored"), e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: the connection broke while the answer was read; nothing stored", e);
        }
    }

    /// <summary>
    /// The common case of the two steps above: requires a JSON answer, then deserializes it as one
    /// <typeparamref name="T"/> from the stream. JSON <c>null</c> is retryable like a cut-off body.
    /// </summary>
    public static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, string where, JsonSerializerOptions options, CancellationToken cancellationToken)
        where T : class
    {
        RequireMediaType(response, "json", where);
        return await ReadAsync(
            response,
            where,
            async (body, ct) => await JsonSerializer.DeserializeAsync<T>(body, options, ct).ConfigureAwait(false)
                ?? throw new SyncException(SyncErrorKind.Retryable, $"{where}: the answer is JSON null"),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The vendor's message from a short JSON error body, through <paramref name="extract"/>; empty when
    /// the body is not JSON or has none. Capped so a large HTML or stack trace never floods a message.
    /// </summary>
    public static async Task<string> ErrorDetailAsync(HttpResponseMessage response, Func<JsonElement, string?> extract, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(extract);
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
                var text = extract(document.RootElement);
                return string.IsNullOrWhiteSpace(text) ? "" : text.Length > 300 ? text[..300] + "…" : text;
            }
        }
        catch (Exception e) when (e is JsonException or IOException or HttpRequestException or InvalidOperationException)
        {
            return "";
        }
    }
}
