using Gapwatch.Web.Alerts;
using Gapwatch.Web.Hosting;
using Gapwatch.Workspaces;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Scheduling;

/// <summary>
/// The one path every refresh takes, scheduled or asked for through the API: refresh under the
/// workspace's gate (a refresh already running means this one is refused, not queued), log the
/// outcome and the alerts it fired, then deliver what the alert outbox holds (a scheduled refresh
/// waits for that round; refresh-now starts it in the background and answers at once).
/// </summary>
public sealed class WorkspaceRefresher
{
    public const string ApiTrigger = "api";
    public const string ScheduleTrigger = "schedule";

    private readonly AlertDispatcher dispatcher;
    private readonly ILogger<WorkspaceRefresher> log;
    private readonly Action<string, RefreshOutcome?>? observer;

    internal WorkspaceRefresher(AlertDispatcher dispatcher, ILogger<WorkspaceRefresher> log, Action<string, RefreshOutcome?>? observer)
    {
        this.dispatcher = dispatcher;
        this.log = log;
        this.observer = observer;
    }

    /// <summary>Refreshes now, or answers null when a refresh of this workspace is already running.</summary>
    public async Task<RefreshOutcome?> TryRefreshAsync(ServedWorkspace served, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(served);
        var outcome = await served.TryRefreshAsync(cancellationToken);
        if (outcome is null)
        {
            SchedulingLog.RefreshBusy(log, served.Id, trigger);
        }
        else if (!outcome.Succeeded)
        {
            SchedulingLog.RefreshFailed(log, served.Id, trigger, outcome.Error);
        }
        else
        {
            SchedulingLog.Refreshed(log, served.Id, trigger, outcome.Snapshot!.Id);
            foreach (var alert in outcome.Alerts)
            {
                var transition = alert.Transition == Gapwatch.Alerts.AlertTransition.Fired ? "fired" : "re-armed";
                SchedulingLog.Alert(log, transition, served.Id, alert.CardKey, alert.Title, alert.Figure, alert.Unit, alert.Threshold);
            }
        }

        if (outcome is not null && trigger == ApiTrigger)
        {
            // The caller gets its answer now; the webhooks get theirs in the background.
            dispatcher.DeliverInBackground(served);
        }
        else if (outcome is not null)
        {
            await dispatcher.DeliverPendingAsync(served, cancellationToken);
        }

        observer?.Invoke(served.Id, outcome);
        return outcome;
    }
}
