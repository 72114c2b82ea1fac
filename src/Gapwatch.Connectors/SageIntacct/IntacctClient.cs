using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Polly;

namespace Gapwatch.Connectors.SageIntacct;

/// <summary>A Web Services session: its id and the endpoint it is bound to.</summary>
internal sealed record IntacctSession(string Id, Uri Endpoint);

/// <summary>
/// Talks to the XML gateway: opens a session with <c>getAPISession</c> (a login, scoped to the
/// connection's entity when it has one), then sends each read in that session to the endpoint the
/// session names. Answers are parsed from the response stream, and the three levels of failure
/// that all arrive as HTTP 200 are classified: a control failure (nothing ran: a refused sender
/// needs re-authentication, <c>GW-0010</c> is throttling, anything else is permanent), an
/// authentication failure (an expired or invalid session gets one new session and one replay; a
/// refused login needs re-authentication) and a failed result (an expired <c>resultId</c> restarts
/// the query from the checkpoint, a known transient error is retryable, the rest permanent).
/// Throttling in a 200 is retried by the shared vendor-throttle pipeline with a growing wait.
/// Messages name the company and stream, never a password or session id.
/// </summary>
internal sealed class IntacctClient(
    HttpClient http, IntacctConnection connection, ResiliencePipeline throttle, ConnectorHttpOptions options, ConnectorMetrics metrics)
{
    private static readonly RefusalAdvice Advice = new()
    {
        Unauthorized = "run 'gapwatch connect sage_intacct' again",
        Forbidden = "the gateway refused the request; check that the Web Services subscription is enabled",
        NotFound = "check the gateway address",
    };

    private IntacctSession? session;
    private int consecutiveThrottles;
    private long control;

    /// <summary>The session in use, opening one when there is none.</summary>
    public async Task<IntacctSession> SessionAsync(string stream, CancellationToken cancellationToken)
    {
        if (session is { } open)
        {
            return open;
        }

        var where = Where(stream);
        var response = await PostAsync(connection.Address, IntacctRequestWriter.Login(connection, NextControlId()), where, cancellationToken).ConfigureAwait(false);
        CheckControl(response, where);
        if (response.AuthenticationFailed)
        {
            throw new SyncException(SyncErrorKind.NeedsReauthentication,
                $"{where}: Intacct refused the login ({Errors(response.AuthenticationErrors)}); check the Web Services user and its password, then run 'gapwatch connect sage_intacct' again");
        }

        var result = response.Results.FirstOrDefault()
            ?? throw new SyncException(SyncErrorKind.Retryable, $"{where}: the login answer has no result; nothing stored");
        if (!result.Succeeded)
        {
            throw new SyncException(SyncErrorKind.Permanent,
                $"{where}: getAPISession failed ({Errors(result.Errors)}){(connection.EntityId is { } e ? $"; is '{e}' an entity of this company the user may open?" : "")}");
        }

        var api = result.Data?.Rows.FirstOrDefault();
        var id = api?["sessionid"];
        var endpoint = api?["endpoint"];
        if (id is null || endpoint is null || !Uri.TryCreate(endpoint, UriKind.Absolute, out var address))
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: the login answer has no session id or endpoint; nothing stored");
        }

        session = new IntacctSession(id, Endpoint(address, where));
        return session;
    }

    /// <summary>Runs one read function in the session and returns its data; throttling is waited out within the budget.</summary>
    public async Task<IntacctData> ReadAsync(string stream, Action<XmlWriter> function, bool readMore, CancellationToken cancellationToken)
    {
        try
        {
            var data = await throttle.ExecuteAsync(
                async token => await ReadOnceAsync(stream, function, readMore, token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            consecutiveThrottles = 0;
            return data;
        }
        catch (VendorThrottledException e)
        {
            throw new SyncException(SyncErrorKind.Retryable,
                $"{Where(stream)}: deferred, still throttled ({e.Message}) after the retry budget; the next run continues from the checkpoint", e);
        }
    }

    private async Task<IntacctData> ReadOnceAsync(string stream, Action<XmlWriter> function, bool readMore, CancellationToken cancellationToken)
    {
        var where = Where(stream);
        var current = await SessionAsync(stream, cancellationToken).ConfigureAwait(false);
        var response = await SendInSessionAsync(current, function, where, cancellationToken).ConfigureAwait(false);
        if (response.AuthenticationFailed)
        {
            // The session expired or was ended: one new session, one replay.
            session = null;
            current = await SessionAsync(stream, cancellationToken).ConfigureAwait(false);
            response = await SendInSessionAsync(current, function, where, cancellationToken).ConfigureAwait(false);
            if (response.AuthenticationFailed)
            {
                session = null;
                throw new SyncException(SyncErrorKind.NeedsReauthentication,
                    $"{where}: Intacct refused a new session right after opening it ({Errors(response.AuthenticationErrors)}); run 'gapwatch connect sage_intacct' again");
            }
        }

        var result = response.Results.FirstOrDefault()
            ?? throw new SyncException(SyncErrorKind.Retryable, $"{where}: the answer has no result; nothing stored");
        if (!result.Succeeded)
        {
            throw Failure(result, readMore, where);
        }

        return result.Data ?? throw new SyncException(SyncErrorKind.Retryable, $"{where}: the answer's result has no data; nothing stored");
    }

    private async Task<IntacctResponse> SendInSessionAsync(IntacctSession current, Action<XmlWriter> function, string where, CancellationToken cancellationToken)
    {
        var body = IntacctRequestWriter.InSession(connection.SenderId, connection.SenderPassword, current.Id, NextControlId(), function);
        var response = await PostAsync(current.Endpoint, body, where, cancellationToken).ConfigureAwait(false);
        CheckControl(response, where);
        return response;
    }

    private async Task<IntacctResponse> PostAsync(Uri address, string body, string where, CancellationToken cancellationToken)
    {
        metrics.RecordRequest();
        using var request = new HttpRequestMessage(HttpMethod.Post, address);
        request.Content = new StringContent(body, new UTF8Encoding(false), "application/xml");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/xml"));
        using var response = await VendorHttp.SendAsync(http, request, where, "Sage Intacct", cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw VendorHttp.Refusal(response.StatusCode, where, "Sage Intacct", "", Advice);
        }

        VendorHttp.RequireMediaType(response, "xml", where);
        return await VendorHttp.ReadAsync(response, where, IntacctResponseParser.ParseAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A control failure means nothing ran: throttling waits, a refused sender needs re-authentication, the rest is permanent.</summary>
    private void CheckControl(IntacctResponse response, string where)
    {
        if (response.ControlSucceeded)
        {
            return;
        }

        var errors = response.ControlErrors;
        var text = Errors(errors);
        if (errors.Any(e => IsThrottle(e.Text)) || (errors.Count == 0 && text.Length == 0))
        {
            consecutiveThrottles++;
            var wait = TimeSpan.FromTicks(Math.Min(options.BaseDelay.Ticks * (1L << Math.Min(consecutiveThrottles - 1, 10)), TimeSpan.FromMinutes(1).Ticks));
            throw new VendorThrottledException(wait, errors.Count == 0 ? "gateway failure without a message" : text);
        }

        if (errors.Any(e => e.Text.Contains("sender", StringComparison.OrdinalIgnoreCase) || e.Number is "XL03000005"))
        {
            throw new SyncException(SyncErrorKind.NeedsReauthentication,
                $"{where}: Intacct refused the Web Services sender ({text}); check the sender id and password and that the sender is authorised in the company (Company > Setup > Company > Security > Web Services authorizations), then run 'gapwatch connect sage_intacct' again");
        }

        if (errors.Any(e => e.Number?.StartsWith("GW-", StringComparison.OrdinalIgnoreCase) == true))
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{where}: the gateway failed ({text}); the next run continues from the checkpoint");
        }

        throw new SyncException(SyncErrorKind.Permanent, $"{where}: Intacct refused the request ({text}); nothing ran");
    }

    private static SyncException Failure(IntacctResult result, bool readMore, string where)
    {
        var text = Errors(result.Errors);
        var function = result.Function ?? "the function";
        if (readMore && result.Errors.Any(e => IsExpiredResult(e.Text)))
        {
            return new SyncException(SyncErrorKind.Retryable, $"{where}: the result set expired ({text}); restarting the query from the checkpoint") { PageTokenExpired = true };
        }

        if (result.Errors.Any(e => IsThrottle(e.Text) || IsTransient(e.Text)))
        {
            return new SyncException(SyncErrorKind.Retryable, $"{where}: {function} failed for now ({text}); the next run continues from the checkpoint");
        }

        var hint = result.Errors.Any(e => e.Text.Contains("field", StringComparison.OrdinalIgnoreCase))
            ? "; a field named in the field map may not exist in this company (check with <lookup>)"
            : result.Errors.Any(e => e.Text.Contains("permission", StringComparison.OrdinalIgnoreCase) || e.Text.Contains("not authorized", StringComparison.OrdinalIgnoreCase))
                ? "; the Web Services user needs read-only permission on this object"
                : "";
        return new SyncException(SyncErrorKind.Permanent, $"{where}: {function} failed ({text}){hint}");
    }

    private static bool IsThrottle(string text) =>
        text.Contains("GW-0010", StringComparison.OrdinalIgnoreCase) || text.Contains("concurren", StringComparison.OrdinalIgnoreCase)
        || text.Contains("rate limit", StringComparison.OrdinalIgnoreCase) || text.Contains("too many", StringComparison.OrdinalIgnoreCase);

    private static bool IsTransient(string text) =>
        text.Contains("try again", StringComparison.OrdinalIgnoreCase) || text.Contains("temporar", StringComparison.OrdinalIgnoreCase)
        || text.Contains("timed out", StringComparison.OrdinalIgnoreCase) || text.Contains("timeout", StringComparison.OrdinalIgnoreCase);

    private static bool IsExpiredResult(string text) =>
        (text.Contains("resultId", StringComparison.OrdinalIgnoreCase) || text.Contains("result id", StringComparison.OrdinalIgnoreCase)
            || text.Contains("result set", StringComparison.OrdinalIgnoreCase) || text.Contains("readMore", StringComparison.OrdinalIgnoreCase))
        && (text.Contains("expire", StringComparison.OrdinalIgnoreCase) || text.Contains("invalid", StringComparison.OrdinalIgnoreCase)
            || text.Contains("not found", StringComparison.OrdinalIgnoreCase) || text.Contains("not valid", StringComparison.OrdinalIgnoreCase));

    private static string Errors(IReadOnlyList<IntacctError> errors)
    {
        var text = string.Join("; ", errors.Select(e => e.Text).Where(t => t.Length > 0));
        return text.Length > 300 ? text[..300] + "…" : text.Length == 0 ? "no message" : text;
    }

    /// <summary>
    /// The session's endpoint receives the sender password: it must be HTTPS on an Intacct host
    /// (loopback only when the login itself went to loopback, the simulator).
    /// </summary>
    private Uri Endpoint(Uri address, string where)
    {
        var intacct = address.Scheme == Uri.UriSchemeHttps
            && (address.Host.Equals("intacct.com", StringComparison.OrdinalIgnoreCase) || address.Host.EndsWith(".intacct.com", StringComparison.OrdinalIgnoreCase));
        var simulator = connection.Address.IsLoopback && address.IsLoopback;
        return intacct || simulator
            ? address
            : throw new SyncException(SyncErrorKind.Permanent, $"{where}: the session names an endpoint outside Intacct ({address.Scheme}://{address.Host}); refused, nothing sent there");
    }

    private string NextControlId() => string.Create(CultureInfo.InvariantCulture, $"gapwatch-{Interlocked.Increment(ref control)}");

    internal string Where(string stream) => $"sage_intacct {connection.CompanyId}{(connection.EntityId is { } e ? "/" + e : "")} {stream}";
}
