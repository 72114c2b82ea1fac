using System.Security.Cryptography;
using System.Text;
using Gapwatch.Web.Alerts;
using Gapwatch.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Gapwatch.Web.Scheduling;

/// <summary>
/// Scheduled refresh (product spec §6) on Quartz.NET with its persistent ADO job store on SQLite
/// (Microsoft.Data.Sqlite), in <c>.gapwatch/scheduler.db</c> of the first served workspace (its
/// tables created by Quartz on first use). One
/// job per workspace, a simple trigger every <c>schedule.refresh_every_minutes</c> (default 15),
/// repeating forever; after downtime the misfire instruction fires it once now, not once per
/// missed interval.
/// </summary>
internal static class RefreshScheduling
{
    public const string StoreFileName = "scheduler.db";

    public static void AddGapwatchRefresh(IServiceCollection services, ServeOptions options, WorkspaceRegistry registry)
    {
        services.AddSingleton(sp => new WorkspaceRefresher(
            sp.GetRequiredService<AlertDispatcher>(), sp.GetRequiredService<ILogger<WorkspaceRefresher>>(), options.RefreshObserver));
        if (!options.ScheduledRefresh)
        {
            return;
        }

        var path = StorePath(options);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // The name is part of every row's key, so it must be stable for one store file (and
        // distinct between servers in one process, as in tests).
        var name = "gapwatch-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..12];
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = name);
            q.UseTimeProvider(options.Clock);
            // Refreshes of different workspaces may run side by side, a few at a time (two cores are common).
            q.UseDefaultThreadPool(Math.Clamp(options.Workspaces.Count, 1, 4));
            q.UsePersistentStore(store =>
            {
                store.UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());

                // Quartz 4.7.3 creates its own tables when the file has none. The tables_sqlite.sql
                // script of the quartznet repository we could reach predates 4.x's schema (no
                // QRTZ_PAUSED_JOB_GRPS, no continuation or fire-progress columns) and 4.7.3 refuses
                // it at start, naming nine migrations; its built-in DDL is the one that matches.
                store.ProvisionSchema();
            });
        });
        services.AddSingleton<IHostedService>(sp => new RefreshScheduleSetup(
            sp.GetRequiredService<ISchedulerFactory>(), registry, options.Clock, sp.GetRequiredService<ILogger<RefreshScheduleSetup>>()));
        services.AddQuartzHostedService(h => h.WaitForJobsToComplete = true);
    }

    public static string StorePath(ServeOptions options) =>
        options.SchedulerStorePath ?? Path.Combine(Path.GetFullPath(options.Workspaces[0]), ".gapwatch", StoreFileName);

    public static JobKey JobFor(string workspaceId) => new(workspaceId, RefreshJob.Group);

    public static TriggerKey TriggerFor(string workspaceId) => new(workspaceId, RefreshJob.Group);
}

/// <summary>
/// Puts one refresh job per served workspace into the job store at start. A trigger already stored
/// with the same interval is left alone, so Quartz's misfire handling sees the downtime; a new one
/// starts one interval after the workspace's last snapshot (now, when that is past: the catch-up).
/// Jobs of workspaces no longer served are removed.
/// </summary>
internal sealed class RefreshScheduleSetup(ISchedulerFactory factory, WorkspaceRegistry registry, TimeProvider clock, ILogger<RefreshScheduleSetup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var scheduler = await factory.GetScheduler(cancellationToken);
        var served = registry.All.Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in (await scheduler.GetJobKeys(GroupMatcher<JobKey>.GroupEquals(RefreshJob.Group), cancellationToken)).Where(k => !served.Contains(k.Name)))
        {
            await scheduler.DeleteJob(stale, cancellationToken);
        }

        foreach (var workspace in registry.All)
        {
            var interval = workspace.Schedule.Interval;
            var key = RefreshScheduling.TriggerFor(workspace.Id);
            if (await scheduler.GetTrigger(key, cancellationToken) is ISimpleTrigger existing && existing.RepeatInterval == interval)
            {
                SchedulingLog.Scheduled(log, workspace.Id, interval, existing.NextFireTimeUtc);
                continue;
            }

            var now = clock.GetUtcNow();
            var due = (workspace.Latest?.ComputedAt ?? now) + interval;
            var job = JobBuilder.Create<RefreshJob>().WithIdentity(RefreshScheduling.JobFor(workspace.Id)).StoreDurably().Build();
            var trigger = TriggerBuilder.Create(clock).WithIdentity(key).ForJob(job)
                .StartAt(due > now ? due : now)
                .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
                .Build();
            await scheduler.DeleteJob(job.Key, cancellationToken);
            await scheduler.ScheduleJob(job, trigger, cancellationToken: cancellationToken);
            SchedulingLog.Scheduled(log, workspace.Id, interval, due > now ? due : now);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
