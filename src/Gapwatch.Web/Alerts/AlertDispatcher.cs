using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Gapwatch.Store;
using Gapwatch.Web.Hosting;
using Gapwatch.Workspace;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Alerts;

/// <summary>
/// Delivers the alert outbox: each pending delivery (written with its alert, in the refresh's own
/// transaction) is posted to its webhook, signed, with its stored idempotency key; a 2xx marks it
/// delivered. A crash between sending and marking means the next round sends it again with the
/// same key (at-least-once; the receiver deduplicates on the key). One round at a time per workspace.
/// </summary>
public sealed class AlertDispatcher : IDisposable
{
    private readonly IHttpClientFactory clients;
    private readonly WebhookOptions options;
    private readonly TimeProvider clock;
    private readonly ILogger<AlertDispatcher> log;
    private readonly Func<Uri?> serverAddress;
    private readonly Func<string, string?> environment;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> rounds = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource startRound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, Task> background = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();

    internal AlertDispatcher(
        IHttpClientFactory clients, WebhookOptions options, TimeProvider clock, ILogger<AlertDispatcher> log, Func<Uri?> serverAddress, Func<string, string?> environment)
    {
        this.clients = clients;
        this.options = options;
        this.clock = clock;
        this.log = log;
        this.serverAddress = serverAddress;
        this.environment = environment;
    }

    /// <summary>
    /// Starts a delivery round without waiting for it (refresh-now answers at once; a dead webhook's
    /// retries must not hold the request). Rounds of one workspace run one after another.
    /// </summary>
    public void DeliverInBackground(ServedWorkspace served)
    {
        ArgumentNullException.ThrowIfNull(served);
        background.AddOrUpdate(
            served.Id,
            _ => Task.Run(() => BackgroundRoundAsync(served)),
            (_, previous) => previous.ContinueWith(_ => BackgroundRoundAsync(served), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap());
    }

    /// <summary>Completes when the workspace's background rounds started so far are over (tests, and shutdown).</summary>
    public Task Idle(string workspaceId) => background.TryGetValue(workspaceId, out var task) ? task : Task.CompletedTask;

    public void Dispose()
    {
        stopping.Dispose();
        foreach (var gate in rounds.Values)
        {
            gate.Dispose();
        }
    }

    /// <summary>Cancels background rounds and waits for them (server stop).</summary>
    internal async Task StopAsync()
    {
        await stopping.CancelAsync();
        await Task.WhenAll(background.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task BackgroundRoundAsync(ServedWorkspace served)
    {
        try
        {
            await DeliverPendingAsync(served, stopping.Token);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or ObjectDisposedException)
        {
            AlertLog.OutboxFailed(log, served.Id, e.Message);
        }
    }

    /// <summary>Completes when the round made at server start (what a crash left in the outbox) is over.</summary>
    internal Task StartRound => startRound.Task;

    internal void StartRoundDone() => startRound.TrySetResult();

    /// <summary>The card's page on the served dashboard: the configured base URL, else the server's own address.</summary>
    public Uri LinkFor(ServedWorkspace served, string cardKey)
    {
        ArgumentNullException.ThrowIfNull(served);
        var root = served.AlertDelivery.DashboardUrl ?? serverAddress() ?? new Uri("http://127.0.0.1/");
        var baseUrl = root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
        return new Uri(baseUrl, $"workspaces/{Uri.EscapeDataString(served.Id)}/cards/{Uri.EscapeDataString(cardKey)}");
    }

    public async Task DeliverPendingAsync(ServedWorkspace served, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(served);
        var gate = rounds.GetOrAdd(served.Id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            foreach (var delivery in served.PendingDeliveries(options.BatchSize))
            {
                await DeliverAsync(served, delivery, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task DeliverAsync(ServedWorkspace served, AlertDelivery delivery, CancellationToken cancellationToken)
    {
        var settings = served.AlertDelivery;
        var target = settings.Webhooks.FirstOrDefault(w => w.Name == delivery.Webhook);
        var (status, code, error) = target is null
            ? (DeliveryStatus.Failed, (int?)null, $"webhook '{delivery.Webhook}' is no longer configured")
            : await SendAsync(served, delivery, target, settings.AllowPrivateTargets, cancellationToken);
        if (status == DeliveryStatus.Pending && delivery.Attempts + 1 >= options.MaxRounds)
        {
            status = DeliveryStatus.Failed;
        }

        served.RecordDeliveryAttempt(delivery.Id, status, code, error);
        var e = delivery.Alert.Event;
        if (status == DeliveryStatus.Delivered)
        {
            AlertLog.Delivered(log, delivery.Alert.Id, e.CardKey, served.Id, delivery.Webhook, delivery.IdempotencyKey);
        }
        else
        {
            AlertLog.NotDelivered(log, delivery.Alert.Id, e.CardKey, served.Id, delivery.Webhook, error,
                status == DeliveryStatus.Failed ? "given up" : "will retry", delivery.Attempts + 1, options.MaxRounds);
        }
    }

    private async Task<(DeliveryStatus Status, int? Code, string? Error)> SendAsync(
        ServedWorkspace served, AlertDelivery delivery, WebhookTarget target, bool allowPrivate, CancellationToken cancellationToken)
    {
        if (OutgoingTargets.SchemeProblem(target.Url, allowPrivate) is { } schemeProblem)
        {
            return (DeliveryStatus.Failed, null, schemeProblem);
        }

        var (_, refused) = await OutgoingTargets.ResolveAsync(target.Url.IdnHost, allowPrivate, cancellationToken);
        if (refused is not null)
        {
            return (DeliveryStatus.Failed, null, refused);
        }

        if (environment(target.SecretEnvironmentVariable) is not { Length: > 0 } secret)
        {
            return (DeliveryStatus.Pending, null, $"the environment variable {target.SecretEnvironmentVariable} holding the webhook's secret is not set");
        }

        var body = WebhookPayload.Render(served.Id, served.Name, delivery.Alert, LinkFor(served, delivery.Alert.Event.CardKey));
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookPayload.IdempotencyHeader, delivery.IdempotencyKey);
        request.Headers.Add(WebhookPayload.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookPayload.SignatureHeader, WebhookPayload.Sign(secret, timestamp, body));
        request.Headers.UserAgent.ParseAdd("Gapwatch-Webhook/1");
        try
        {
            using var client = clients.CreateClient(allowPrivate ? WebhookHttp.AllowingPrivate : WebhookHttp.Strict);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return (DeliveryStatus.Delivered, code, null);
            }

            var excerpt = await ExcerptAsync(response, cancellationToken);
            var permanent = code is >= 300 and < 500 && code is not 408 and not 429;
            return (permanent ? DeliveryStatus.Failed : DeliveryStatus.Pending, code, $"the webhook answered {code}{(permanent ? " (not retried)" : "")}{excerpt}");
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException refusedAtConnect)
        {
            return (DeliveryStatus.Failed, null, refusedAtConnect.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException or Polly.Timeout.TimeoutRejectedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The message names the failure (connection refused, timeout), never the URL.
            return (DeliveryStatus.Pending, null, $"the webhook could not be reached: {e.GetType().Name}");
        }
    }

    /// <summary>At most <see cref="WebhookOptions.MaxResponseBytes"/> of the answer, as text, for the history.</summary>
    private async Task<string> ExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (options.MaxResponseBytes == 0)
        {
            return "";
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[options.MaxResponseBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), cancellationToken) is var n and > 0)
        {
            read += n;
        }

        var text = System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim();
        return text.Length == 0 ? "" : ": " + text;
    }
}
