using System.Collections.Concurrent;
using System.Net;
using Gapwatch.Web.Scheduling;
using Gapwatch.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Gapwatch.Web.Tests.Scheduling;

/// <summary>
/// Scheduled refresh on Quartz.NET's SQLite job store: a schedule per workspace, never two
/// refreshes of one workspace at once (refresh-now during a scheduled one answers 409), one
/// catch-up after downtime, and a failed refresh leaving the last snapshot served, stale, with its
/// error. Jobs are fired through Quartz (TriggerJob) or its misfire handling on the fake clock.
/// </summary>
public sealed class ScheduledRefreshTests : IAsyncLifetime
{
    private const string Operations = "operations@alpha.test";
    private readonly ConcurrentQueue<(string Workspace, RefreshOutcome? Outcome)> refreshes = new();
    private TaskCompletionSource<RefreshOutcome?> nextAlphaRefresh = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TestServer server = null!;

    public async Task InitializeAsync()
    {
        server = await TestServer.StartAsync(o =>
        {
            File.AppendAllText(Path.Combine(TestServer.BetaDirectory(Path.GetDirectoryName(o.Workspaces[0])!), "gapwatch.yaml"), "\nschedule:\n  refresh_every_minutes: 30\n");
            return o with { ScheduledRefresh = true, RefreshObserver = Observe };
        });
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task EachWorkspace_HasItsSchedule_OneIntervalAfterItsLastSnapshot()
    {
        var scheduler = await SchedulerAsync();
        var alpha = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(RefreshScheduling.TriggerFor("alpha")));
        var beta = Assert.IsAssignableFrom<ISimpleTrigger>(await scheduler.GetTrigger(RefreshScheduling.TriggerFor("beta")));
        Assert.Equal(TimeSpan.FromMinutes(15), alpha.RepeatInterval);
        Assert.Equal(TimeSpan.FromMinutes(30), beta.RepeatInterval);
        Assert.Equal(server.Clock.GetUtcNow() + TimeSpan.FromMinutes(15), alpha.NextFireTimeUtc);
        Assert.Equal(server.Clock.GetUtcNow() + TimeSpan.FromMinutes(30), beta.NextFireTimeUtc);
        Assert.True(File.Exists(Path.Combine(TestServer.AlphaDirectory(server.Root), ".gapwatch", RefreshScheduling.StoreFileName)));
    }

    [Fact]
    public async Task RefreshNow_DuringAScheduledRefresh_Answers409_AndNeverOverlaps()
    {
        var alpha = server.Server.Workspaces.Find("alpha")!;
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inside = 0;
        var most = 0;
        alpha.RefreshProbe = async cancellationToken =>
        {
            var now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            entered.TrySetResult();
            await release.Task.WaitAsync(cancellationToken);
            Interlocked.Decrement(ref inside);
        };
        var before = Snapshots("alpha");

        await (await SchedulerAsync()).TriggerJob(RefreshScheduling.JobFor("alpha"));
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(60));
        using (var refused = await server.SendAsync(HttpMethod.Post, "/api/v1/workspaces/alpha/refresh", Operations))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("already running", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        release.SetResult();
        var scheduled = await nextAlphaRefresh.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(scheduled!.Succeeded);
        using (var accepted = await server.SendAsync(HttpMethod.Post, "/api/v1/workspaces/alpha/refresh", Operations))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        Assert.Equal(1, most);
        Assert.Equal(before + 2, Snapshots("alpha"));
    }

    [Fact]
    public async Task AfterDowntime_TheScheduleCatchesUpOnce_NotOncePerMissedInterval()
    {
        var before = Snapshots("alpha");
        await server.RestartAsync(o =>
        {
            // Down for two hours: eight 15-minute refreshes of alpha were missed.
            server.Clock.Advance(TimeSpan.FromHours(2));
            return o;
        });
        var caughtUp = await nextAlphaRefresh.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(caughtUp!.Succeeded);

        var trigger = await (await SchedulerAsync()).GetTrigger(RefreshScheduling.TriggerFor("alpha"));
        Assert.True(trigger!.NextFireTimeUtc > server.Clock.GetUtcNow(), $"next fire {trigger.NextFireTimeUtc:O} should be after {server.Clock.GetUtcNow():O}");
        Assert.Equal(before + 1, Snapshots("alpha"));
        Assert.Single(refreshes, r => r.Workspace == "alpha");
    }

    [Fact]
    public async Task FailedRefresh_KeepsTheLastSnapshot_ServedStale_WithTheError()
    {
        var (_, before) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        var snapshot = before.RootElement.GetProperty("snapshot_id").GetInt64();
        Assert.False(before.RootElement.GetProperty("stale").GetBoolean());
        ImportOrderWithoutExchangeRate(TestServer.AlphaDirectory(server.Root), before.RootElement.GetProperty("as_of").GetDateTimeOffset().AddDays(-2));

        await (await SchedulerAsync()).TriggerJob(RefreshScheduling.JobFor("alpha"));
        var failed = await nextAlphaRefresh.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.False(failed!.Succeeded);

        var (_, wall) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        Assert.Equal(snapshot, wall.RootElement.GetProperty("snapshot_id").GetInt64());
        Assert.True(wall.RootElement.GetProperty("stale").GetBoolean());
        Assert.Contains("exchange rate", wall.RootElement.GetProperty("refresh_error").GetString(), StringComparison.Ordinal);
        Assert.All(wall.RootElement.GetProperty("cards").EnumerateArray(), c =>
        {
            Assert.True(c.GetProperty("stale").GetBoolean());
            Assert.Equal("stale", c.GetProperty("sentiment").GetString());
        });
        var (_, card) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards/revenue_gap", "finance@alpha.test");
        Assert.True(card.RootElement.GetProperty("stale").GetBoolean());
        Assert.Contains("exchange rate", card.RootElement.GetProperty("refresh_error").GetString(), StringComparison.Ordinal);
        var (_, workspace) = await server.GetJsonAsync("/api/v1/workspaces/alpha", "finance@alpha.test");
        Assert.Contains("exchange rate", workspace.RootElement.GetProperty("last_refresh_error").GetString(), StringComparison.Ordinal);

        // The failure is on record in the store: a restarted server still serves the cards stale, with the error.
        await server.RestartAsync();
        var (_, restarted) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        Assert.Equal(snapshot, restarted.RootElement.GetProperty("snapshot_id").GetInt64());
        Assert.True(restarted.RootElement.GetProperty("stale").GetBoolean());
        Assert.Contains("exchange rate", restarted.RootElement.GetProperty("refresh_error").GetString(), StringComparison.Ordinal);
    }

    private void Observe(string workspace, RefreshOutcome? outcome)
    {
        refreshes.Enqueue((workspace, outcome));
        if (workspace == "alpha")
        {
            Interlocked.Exchange(ref nextAlphaRefresh, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(outcome);
        }
    }

    private async Task<IScheduler> SchedulerAsync() =>
        await server.Server.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    private long Snapshots(string id)
    {
        using var workspace = GapwatchWorkspace.Open(Path.Combine(server.Root, id), server.Clock);
        return workspace.LatestSnapshotId();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    /// <summary>An order in a currency the workspace has no rate for, inside the revenue gap's window: the next refresh cannot compute.</summary>
    private void ImportOrderWithoutExchangeRate(string directory, DateTimeOffset placedAt)
    {
        var at = placedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var folder = Path.Combine(server.Root, "nzd");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "commerce_orders.csv"), string.Join('\n',
            "platform,id,number,customer_id,placed_at,status,currency,subtotal,discounts,shipping,tax,taxes_included,total,ship_to_country,tags,updated_at",
            $"shopify,S-NZD-1,#S-NZD-1,90000,{at},fulfilled,NZD,100.00,0,0,0,false,100.00,NZ,,{at}") + "\n");
        using var workspace = GapwatchWorkspace.Open(directory, server.Clock);
        Assert.True(workspace.Import(folder).Succeeded);
    }
}
