using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Testing.Time;

/// <summary>
/// A fake clock that moves itself forward when code waits: every timer shorter than
/// <see cref="AutoAdvanceLimit"/> (retry delays, throttle waits) makes the fake time jump by its
/// due time, so waits take no real time and are recorded. Longer timers (attempt timeouts, run
/// limits) are left alone, so they fire only when a test advances the clock itself.
/// </summary>
public sealed class AutoAdvancingClock(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> waits = new();

    public FakeTimeProvider Fake { get; } = new(start);

    public TimeSpan AutoAdvanceLimit { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Every wait that moved the clock, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. waits];

    public TimeSpan TotalWaited => Waits.Aggregate(TimeSpan.Zero, (sum, w) => sum + w);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = Fake.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= AutoAdvanceLimit)
        {
            waits.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => Fake.Advance(dueTime));
        }

        return timer;
    }

    public void Advance(TimeSpan by) => Fake.Advance(by);
}
