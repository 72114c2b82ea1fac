using Gapwatch.Connectors.Sync;
using Gapwatch.Ports;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;
using static Gapwatch.Connectors.Tests.Sync.ScriptedSource;

namespace Gapwatch.Connectors.Tests.Sync;

public sealed class StreamSyncerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-syncer-").FullName;
    private readonly FakeTimeProvider clock = new(T0);
    private readonly SqliteWorkspaceStore store;

    public StreamSyncerTests() => store = SqliteWorkspaceStore.Open(Path.Combine(directory, "store.db"), clock);

    public void Dispose()
    {
        store.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private Task<SyncSummary> Run(IStreamSource source, SyncOptions? options = null) =>
        new SyncRunner(store, store, clock, new ConnectorMetrics()).RunAsync("shopify:test", "shopify", [source], options ?? new SyncOptions(), null, CancellationToken.None);

    [Fact]
    public async Task Run_TwoPages_CommitsEachWithItsCursorAndStoresFreshness()
    {
        var source = new ScriptedSource("refunds",
            _ => Page("p2", Refund("1", T0.AddHours(-3)), Refund("2", T0.AddHours(-2))),
            _ => Page(null, Refund("3", T0.AddHours(-1))));

        var summary = await Run(source);

        var result = Assert.Single(summary.Streams);
        Assert.Equal(StreamStatus.Completed, result.Status);
        Assert.Equal((3, 2), (result.Upserted.Inserted, result.Pages));
        Assert.Equal(new SyncCursor(T0.AddHours(-1), "3"), store.Checkpoint("shopify:test", "refunds")!.Cursor);
        Assert.Equal([null, "p2"], source.Requests.Select(r => r.PageToken));
        Assert.All(source.Requests, r => Assert.Equal(T0 - new SyncOptions().SafetyLag, r.UpdatedTo));
        Assert.Equal(T0 - new SyncOptions().SafetyLag, Assert.Single(store.Load().Sources).LastSuccessfulSyncAt);
    }

    [Fact]
    public async Task Run_PageSaysRewind_TheCheckpointGoesBackToItsCursor_SoTheNextQueryReReadsFromThere()
    {
        // Page 1 committed 08:00 − 1 h; page 2 found a row of 08:00 − 3 h after it (the server broke the asked order).
        var source = new ScriptedSource("refunds",
            _ => Page("p2", Refund("1", T0.AddHours(-2)), Refund("2", T0.AddHours(-1))),
            _ => Page(null, Refund("3", T0.AddHours(-3))) with { Rewind = true });

        var summary = await Run(source);

        Assert.True(summary.Succeeded);
        Assert.Equal(new SyncCursor(T0.AddHours(-3), "3"), store.Checkpoint("shopify:test", "refunds")!.Cursor);
    }

    [Fact]
    public async Task Run_AfterCheckpoint_StartsAtCursorLessLookback()
    {
        store.CommitPage("shopify:test", "refunds", [], [], new SyncCursor(T0.AddHours(-1), "9"));
        var source = new ScriptedSource("refunds", _ => Page(null));

        await Run(source, new SyncOptions { Lookback = TimeSpan.FromMinutes(10) });

        Assert.Equal(T0.AddHours(-1).AddMinutes(-10), source.Requests.Single().UpdatedFrom);
    }

    [Fact]
    public async Task Run_FailureOnSecondPage_KeepsFirstPageAndItsCursor_AndReportsTheKind()
    {
        var source = new ScriptedSource("refunds",
            _ => Page("p2", Refund("1", T0.AddHours(-3))),
            _ => throw new SyncException(SyncErrorKind.Retryable, "orders page 2: the body was cut off"));

        var result = Assert.Single((await Run(source)).Streams);

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Retryable), (result.Status, result.ErrorKind));
        Assert.Equal(new SyncCursor(T0.AddHours(-3), "1"), store.Checkpoint("shopify:test", "refunds")!.Cursor);
        Assert.Single(store.Load().CommerceRefunds);
        Assert.Empty(store.Load().Sources);
    }

    [Fact]
    public async Task Run_InvalidRecord_IsQuarantinedAndCounted_OthersStored()
    {
        var source = new ScriptedSource("refunds", _ => Page(null, Refund("1", T0.AddHours(-3)), Refund("2", T0.AddHours(-2), currency: "XXX")));

        var result = Assert.Single((await Run(source)).Streams);

        Assert.Equal((StreamStatus.Completed, 1, 1), (result.Status, result.Upserted.Inserted, result.Quarantined));
        Assert.Equal(1, store.QuarantinedCount("shopify:test"));
        Assert.Equal(new SyncCursor(T0.AddHours(-2), "2"), result.CursorAfter);
    }

    [Fact]
    public async Task Run_SameNextTokenTwice_DetectsTheLoopAndStops()
    {
        var source = new ScriptedSource("refunds",
            _ => Page("same", Refund("1", T0.AddHours(-3))),
            _ => Page("same", Refund("2", T0.AddHours(-2))));

        var result = Assert.Single((await Run(source)).Streams);

        Assert.Equal((StreamStatus.Failed, SyncErrorKind.Permanent), (result.Status, result.ErrorKind));
        Assert.Contains("same next-page token twice", result.Message, StringComparison.Ordinal);
        Assert.Equal(2, source.Requests.Count);
    }

    [Fact]
    public async Task Run_ExpiredPageToken_RestartsFromTheCheckpoint()
    {
        var source = new ScriptedSource("refunds",
            _ => Page("p2", Refund("1", T0.AddHours(-3))),
            _ => throw new SyncException(SyncErrorKind.Retryable, "invalid cursor") { PageTokenExpired = true },
            _ => Page(null, Refund("2", T0.AddHours(-2))));

        var result = Assert.Single((await Run(source)).Streams);

        Assert.Equal(StreamStatus.Completed, result.Status);
        Assert.Equal((null, T0.AddHours(-3)), (source.Requests[2].PageToken, source.Requests[2].UpdatedFrom));
        Assert.Equal(2, store.Load().CommerceRefunds.Count);
    }

    [Fact]
    public async Task Run_CursorInTheFuture_ReadsNothingAndWarns()
    {
        var future = new SyncCursor(T0.AddDays(2), "1");
        store.CommitPage("shopify:test", "refunds", [], [], future);
        var source = new ScriptedSource("refunds", _ => Page(null, Refund("1", T0.AddHours(-3))));

        var result = Assert.Single((await Run(source)).Streams);

        Assert.Equal(StreamStatus.Skipped, result.Status);
        Assert.Contains("ahead of this run's upper bound", result.Message, StringComparison.Ordinal);
        Assert.Empty(source.Requests);
        Assert.Equal(future, store.Checkpoint("shopify:test", "refunds")!.Cursor);
    }

    [Fact]
    public async Task Run_PageLimitPerRun_IsPartialAndTheNextRunContinues()
    {
        var source = new ScriptedSource("refunds",
            _ => Page("p2", Refund("1", T0.AddHours(-3))),
            _ => Page(null, Refund("2", T0.AddHours(-2))));

        var first = Assert.Single((await Run(source, new SyncOptions { MaxPagesPerRun = 1 })).Streams);

        Assert.Equal(StreamStatus.Partial, first.Status);
        Assert.Empty(store.Load().Sources);
    }

    [Fact]
    public async Task Run_NeedsReauthentication_SkipsTheRemainingStreams()
    {
        var refused = new ScriptedSource("customers", _ => throw new SyncException(SyncErrorKind.NeedsReauthentication, "access token refused"));
        var orders = new ScriptedSource("orders", _ => Page(null));

        var summary = await new SyncRunner(store, store, clock, new ConnectorMetrics())
            .RunAsync("shopify:test", "shopify", [refused, orders], new SyncOptions(), null, CancellationToken.None);

        Assert.Equal([StreamStatus.Failed, StreamStatus.Skipped], summary.Streams.Select(s => s.Status));
        Assert.Single(summary.Streams, s => s.ErrorKind == SyncErrorKind.NeedsReauthentication);
        Assert.Empty(orders.Requests);
    }

    [Fact]
    public void Options_OutOfRange_AreRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SyncOptions { PageSize = 251 }.Validate());
}
