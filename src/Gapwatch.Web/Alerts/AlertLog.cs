using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Alerts;

/// <summary>Alert delivery log lines: webhook names, never their URLs (which often hold a token) or secrets.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Alert {Alert} ({Card}) of workspace {Workspace} delivered to webhook {Webhook} (idempotency key {Key})")]
    public static partial void Delivered(ILogger logger, long alert, string card, string workspace, string webhook, string key);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Alert {Alert} ({Card}) of workspace {Workspace} not delivered to webhook {Webhook}: {Error} ({Outcome}, round {Round} of {Rounds})")]
    public static partial void NotDelivered(ILogger logger, long alert, string card, string workspace, string webhook, string? error, string outcome, int round, int rounds);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Error, Message = "Alert outbox of workspace {Workspace} could not be delivered at start: {Error}")]
    public static partial void OutboxFailed(ILogger logger, string workspace, string error);
}
