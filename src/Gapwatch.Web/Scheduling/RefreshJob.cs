using Gapwatch.Web.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gapwatch.Web.Scheduling;

/// <summary>
/// The scheduled refresh of one workspace (the job's name is the workspace id). Quartz never runs
/// two of one job at once; the workspace's own refresh gate, shared with refresh-now from the API,
/// keeps a scheduled and a manual refresh from overlapping.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RefreshJob(WorkspaceRegistry registry, WorkspaceRefresher refresher, ILogger<RefreshJob> log) : IJob
{
    public const string Group = "gapwatch-refresh";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var id = context.JobDetail.Key.Name;
        if (registry.Find(id) is not { } served)
        {
            SchedulingLog.NotServed(log, id);
            return;
        }

        await refresher.TryRefreshAsync(served, WorkspaceRefresher.ScheduleTrigger, cancellationToken);
    }
}
