using System.Text.Json;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;

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
        var where = Where(stream);
        using var response = await VendorHttp.SendAsync(http, request, where, Vendor, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Magento's message, placeholders filled, quoted: it is the store's own words.
            var said = await VendorHttp.ErrorDetailAsync(response, body => Describe(body.Deserialize<MagentoError>(MagentoJson.Options)), cancellationToken).ConfigureAwait(false);
            throw VendorHttp.Refusal(response.StatusCode, where, Vendor, said.Length == 0 ? "" : $"\"{said}\"", Advice);
        }

        var result = await VendorHttp.ReadJsonAsync<SearchResult>(response, where, MagentoJson.Options, cancellationToken).ConfigureAwait(false);
        if (result.Items is null || result.TotalCount is null)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: the answer is not a search result (items and total_count are required)");
        }

        return result;
    }

    private const string Vendor = "the store";

    private static readonly RefusalAdvice Advice = new()
    {
        // Magento answers 401 both for a token it does not know and for a resource the integration may not read.
        Unauthorized = "check the integration's resources, or run 'gapwatch connect adobe_commerce' again with a valid token",
        Forbidden = "the integration needs the Customers, Sales > Orders, Credit Memos and Companies resources",
        NotFound = "check the base URL and store code (companies need Adobe Commerce B2B)",
    };

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

    internal string Where(string stream) => $"adobe_commerce {connection.BaseAddress.Host} {stream}";
}
