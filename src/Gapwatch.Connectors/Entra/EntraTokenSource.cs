using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;

namespace Gapwatch.Connectors.Entra;

/// <summary>
/// An app registration's client credentials for one Microsoft resource (Business Central, an F&amp;O
/// environment, a Dataverse organisation). <see cref="Scope"/> is the resource with <c>/.default</c>.
/// The secret lives only here and in the encrypted connection store; <see cref="ToString"/> hides it.
/// </summary>
public sealed record EntraCredentials(Uri Authority, string Tenant, string ClientId, string ClientSecret, string Scope)
{
    /// <summary>The public cloud's authority host.</summary>
    public static readonly Uri PublicCloud = new("https://login.microsoftonline.com/");

    public override string ToString() => $"EntraCredentials {{ Tenant = {Tenant}, ClientId = {ClientId}, Scope = {Scope} }}";
}

/// <summary>
/// Access tokens by the OAuth 2.0 client-credentials flow (<c>POST {authority}/{tenant}/oauth2/v2.0/token</c>),
/// cached until five minutes before they expire so a sync costs one token request, not one per page.
/// A token the API refuses is dropped with <see cref="Invalidate"/> and the caller replays once with a
/// fresh one (a token can be revoked before its expiry). Entra's refusals are classified: a wrong
/// client id or secret needs <c>gapwatch connect</c> again; a wrong tenant or scope is permanent.
/// </summary>
public sealed class EntraTokenSource(HttpClient http, EntraCredentials credentials, TimeProvider clock, ConnectorMetrics metrics) : IDisposable
{
    private static readonly TimeSpan EarlyRenewal = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? token;
    private DateTimeOffset renewAt;

    private string Where => $"entra {credentials.Tenant} {credentials.Scope}";

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (token is null || clock.GetUtcNow() >= renewAt)
            {
                (token, renewAt) = await RequestAsync(cancellationToken).ConfigureAwait(false);
            }

            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="refused"/> if it is still the cached token, so the next call asks Entra again.</summary>
    public void Invalidate(string refused)
    {
        gate.Wait();
        try
        {
            if (token == refused)
            {
                token = null;
            }
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<(string Token, DateTimeOffset RenewAt)> RequestAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(credentials.Authority, $"{Uri.EscapeDataString(credentials.Tenant)}/oauth2/v2.0/token");
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = credentials.ClientId,
                ["client_secret"] = credentials.ClientSecret,
                ["scope"] = credentials.Scope,
            }),
        };
        metrics.RecordRequest();
        var requestedAt = clock.GetUtcNow();
        using var response = await VendorHttp.SendAsync(http, request, Where, "Microsoft Entra ID", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw await RefusalAsync(response, cancellationToken).ConfigureAwait(false);
        }

        VendorHttp.RequireMediaType(response, "json", Where);
        var answer = await VendorHttp.ReadAsync(response, Where,
            async (body, ct) => await JsonSerializer.DeserializeAsync(body, EntraJson.Default.TokenAnswer, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        if (answer?.AccessToken is not { Length: > 0 } accessToken || answer.ExpiresIn is not > 0)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{Where}: the token answer has no access_token or expires_in");
        }

        var lifetime = TimeSpan.FromSeconds(answer.ExpiresIn.Value);
        return (accessToken, requestedAt + (lifetime > EarlyRenewal * 2 ? lifetime - EarlyRenewal : lifetime / 2));
    }

    private async Task<SyncException> RefusalAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? error = null;
        var detail = await VendorHttp.ErrorDetailAsync(response, root =>
        {
            error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            // The description's first sentence (AADSTS code and reason) is enough; the trace ids after it are noise.
            var description = root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            var cut = description?.IndexOf(" Trace ID", StringComparison.Ordinal) ?? -1;
            return cut > 0 ? description![..cut] : description ?? error;
        }, cancellationToken).ConfigureAwait(false);
        var said = detail.Length == 0 ? "" : $": {detail}";
        var code = (int)response.StatusCode;
        return error switch
        {
            "invalid_client" or "unauthorized_client" => new SyncException(SyncErrorKind.NeedsReauthentication,
                $"{Where}: Entra refused the app registration's client id or secret ({code}{said}); create a new client secret and run 'gapwatch connect' again"),
            "invalid_scope" or "invalid_resource" or "invalid_request" => new SyncException(SyncErrorKind.Permanent,
                $"{Where}: Entra refused the token request ({code}{said}); check the tenant id and that the app is registered for this resource"),
            _ when code == 429 || code >= 500 => new SyncException(SyncErrorKind.Retryable, $"{Where}: Entra answered {code.ToString(CultureInfo.InvariantCulture)}{said} after the retry budget"),
            _ => new SyncException(SyncErrorKind.Permanent, $"{Where}: Entra answered {code.ToString(CultureInfo.InvariantCulture)}{said}"),
        };
    }
}

/// <summary>The token endpoint's success answer.</summary>
internal sealed record TokenAnswer(
    [property: JsonPropertyName("access_token")] string? AccessToken,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("token_type")] string? TokenType);

[JsonSerializable(typeof(TokenAnswer))]
[JsonSourceGenerationOptions(NumberHandling = JsonNumberHandling.AllowReadingFromString)]
internal sealed partial class EntraJson : JsonSerializerContext;
