using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Scheduling;

internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Refresh of workspace {Workspace} ({Trigger}) refused: another refresh of it is running")]
    public static partial void RefreshBusy(ILogger logger, string workspace, string trigger);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Refresh of workspace {Workspace} ({Trigger}) failed: {Error}. The last good snapshot stays, marked stale")]
    public static partial void RefreshFailed(ILogger logger, string workspace, string trigger, string? error);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "Refresh of workspace {Workspace} ({Trigger}) stored snapshot {Snapshot}")]
    public static partial void Refreshed(ILogger logger, string workspace, string trigger, long snapshot);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Alert {Transition} in workspace {Workspace}: {Card} ({Title}) is {Figure} {Unit}, threshold {Threshold}")]
    public static partial void Alert(ILogger logger, string transition, string workspace, string card, string title, decimal figure, string unit, decimal threshold);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Information, Message = "Workspace {Workspace}: scheduled refresh every {Interval}, next at {Next}")]
    public static partial void Scheduled(ILogger logger, string workspace, TimeSpan interval, DateTimeOffset? next);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Scheduled refresh of workspace {Workspace}: not served by this server; skipped")]
    public static partial void NotServed(ILogger logger, string workspace);
}
