using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;

namespace Gapwatch.Connectors.OData;

/// <summary>One page of an OData v4 collection: its rows and the server's link to the next page (null on the last).</summary>
public sealed record ODataPage<T>(IReadOnlyList<T> Rows, Uri? NextLink);

/// <summary>
/// Reads OData v4 collections from a Microsoft service behind Entra ID (Business Central API v2.0,
/// Finance &amp; Operations data entities, the Dataverse Web API), one server-driven page at a time:
/// <c>Prefer: odata.maxpagesize</c>, the <c>@odata.nextLink</c> followed as given (its
/// <c>$skiptoken</c> is opaque), rows deserialized from the response stream. A 401 drops the
/// cached token and replays the page once with a fresh one; a second 401 needs re-authentication.
/// A next link that leaves the service's scheme, host and port is refused, so a tampered or
/// misconfigured answer can never send the bearer token elsewhere. Read-only OData actions
/// (<see cref="PostActionAsync"/>) go through the same send, replay and classification.
/// </summary>
public sealed class ODataClient(HttpClient http, EntraTokenSource tokens, ODataService service, ConnectorMetrics metrics)
{
    public async Task<ODataPage<T>> GetPageAsync<T>(Uri url, int maxPageSize, string where, Func<Stream, CancellationToken, ValueTask<ODataEnvelope<T>?>> deserialize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(deserialize);
        RequireOwned(url, where, "the service sent a next page");
        using var response = await SendAuthorizedAsync(token => Request(HttpMethod.Get, url, token, maxPageSize, null), where, cancellationToken).ConfigureAwait(false);
        var envelope = await VendorHttp.ReadAsync(response, where, (body, ct) => deserialize(body, ct).AsTask(), cancellationToken).ConfigureAwait(false);
        if (envelope?.Value is not { } rows)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: the answer is not an OData collection (no 'value' array); nothing stored");
        }

        return new ODataPage<T>(rows, envelope.NextLink is { Length: > 0 } next ? new Uri(url, next) : null);
    }

    /// <summary>
    /// Invokes an OData action that only reads (Finance &amp; Operations
    /// <c>DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.GetExecutionErrors</c>): a
    /// POST of <paramref name="jsonBody"/> with the same token, 401 replay, retries and refusal
    /// classification as a page read. Retrying it is safe because it changes nothing.
    /// </summary>
    public async Task<T> PostActionAsync<T>(Uri url, string jsonBody, string where, Func<Stream, CancellationToken, ValueTask<T?>> deserialize, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(deserialize);
        RequireOwned(url, where, "the action URL is");
        using var response = await SendAuthorizedAsync(token => Request(HttpMethod.Post, url, token, null, jsonBody), where, cancellationToken).ConfigureAwait(false);
        return await VendorHttp.ReadAsync(response, where, (body, ct) => deserialize(body, ct).AsTask(), cancellationToken).ConfigureAwait(false)
            ?? throw new SyncException(SyncErrorKind.Retryable, $"{where}: the action answered JSON null; nothing stored");
    }

    private void RequireOwned(Uri url, string where, string what)
    {
        if (!service.Owns(url))
        {
            throw new SyncException(SyncErrorKind.Permanent, $"{where}: {what} outside {service.Root.GetLeftPart(UriPartial.Authority)}; refused, nothing stored");
        }
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes for a token; a 401 drops that token and
    /// replays once with a fresh one. Any other failure is thrown classified; a success must be JSON.
    /// </summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(Func<string, HttpRequestMessage> build, string where, CancellationToken cancellationToken)
    {
        var token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
        var response = await SendAsync(build(token), where, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            response.Dispose();
            tokens.Invalidate(token);
            token = await tokens.GetAsync(cancellationToken).ConfigureAwait(false);
            response = await SendAsync(build(token), where, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            if (!response.IsSuccessStatusCode)
            {
                var detail = await VendorHttp.ErrorDetailAsync(response, ErrorMessage, cancellationToken).ConfigureAwait(false);
                throw VendorHttp.Refusal(response.StatusCode, where, service.Vendor, detail, service.Advice);
            }

            VendorHttp.RequireMediaType(response, "json", where);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private HttpRequestMessage Request(HttpMethod method, Uri url, string token, int? maxPageSize, string? jsonBody)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Add("OData-MaxVersion", "4.0");
        request.Headers.Add("OData-Version", "4.0");
        if (maxPageSize is { } size)
        {
            request.Headers.Add("Prefer", string.Create(CultureInfo.InvariantCulture, $"odata.maxpagesize={size}"));
        }

        if (jsonBody is not null)
        {
            request.Content = new StringContent(jsonBody, System.Text.Encoding.UTF8, "application/json");
        }

        foreach (var (name, value) in service.ExtraHeaders)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string where, CancellationToken cancellationToken)
    {
        using (request)
        {
            metrics.RecordRequest();
            return await VendorHttp.SendAsync(http, request, where, service.Vendor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>OData's error body: <c>{"error":{"code":"…","message":"…"}}</c> → <c>code: message</c>.</summary>
    private static string? ErrorMessage(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        return (code, message) switch
        {
            ({ Length: > 0 }, { Length: > 0 }) => $"{code}: {message}",
            _ => message ?? code,
        };
    }
}

/// <summary>
/// One OData service as a connector uses it: its root URL (next links must stay under its scheme,
/// host and port), the vendor's name for messages, the advice for refusals and any header the
/// service wants on every read (<c>Data-Access-Intent: ReadOnly</c> on Business Central).
/// </summary>
public sealed record ODataService(Uri Root, string Vendor, RefusalAdvice Advice)
{
    public IReadOnlyList<(string Name, string Value)> ExtraHeaders { get; init; } = [];

    public bool Owns(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri
            && string.Equals(url.Scheme, Root.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(url.Host, Root.Host, StringComparison.OrdinalIgnoreCase)
            && url.Port == Root.Port;
    }
}

/// <summary>An OData collection answer: <c>value</c> and, when there are more pages, <c>@odata.nextLink</c>.</summary>
public sealed class ODataEnvelope<T>
{
    [JsonPropertyName("value")]
    public List<T>? Value { get; init; }

    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}
