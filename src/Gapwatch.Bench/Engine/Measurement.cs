using System.Diagnostics;
using System.Globalization;

namespace Gapwatch.Bench.Engine;

/// <summary>What one step of one engine cost: the median warm time and the memory of a separate, sampled run.</summary>
/// <param name="MedianMs">Median wall time of the timed runs, milliseconds.</param>
/// <param name="MinMs">Fastest timed run.</param>
/// <param name="Runs">Timed runs (after one warm-up run when there is more than one).</param>
/// <param name="PeakRssBytes">Peak resident set size during the sampled run above the resident set before it (after a full, compacting GC).</param>
/// <param name="ManagedAllocatedBytes">Managed bytes allocated during the sampled run (0 for work done in native code).</param>
/// <param name="PeakRssAbsoluteBytes">The absolute resident-set peak of the sampled run, to relate it to an engine's baseline.</param>
public sealed record StepCost(double MedianMs, double MinMs, int Runs, long PeakRssBytes, long ManagedAllocatedBytes, long PeakRssAbsoluteBytes);

/// <summary>
/// Times and measures a step. Time: one warm-up run, then <c>runs</c> timed runs with
/// <see cref="Stopwatch"/>, the median reported. Memory: one more run with a sampler thread
/// reading the process resident set (<c>/proc/self/statm</c>) about every millisecond; the peak
/// above the resident set measured just before the run (after a full compacting GC that returns
/// free memory to the OS) is the step's peak memory. The same method serves both engines, so
/// DuckDB's native allocations count exactly as the managed heap does. Timed runs are not
/// sampled, so the sampler never slows the figures down.
/// </summary>
public static class Measurement
{
    /// <param name="step">The step; its result stays alive until it has been measured.</param>
    /// <param name="runs">Timed runs; with one, the sampled run is also the timed one (no warm-up).</param>
    /// <param name="discard">Releases the result of a run that is not kept (a DuckDB connection), outside the timing.</param>
    public static (StepCost Cost, T Result) Measure<T>(Func<T> step, int runs, Action<T>? discard = null)
    {
        ArgumentNullException.ThrowIfNull(step);
        var times = new List<double>(runs);
        if (runs > 1)
        {
            discard?.Invoke(step()); // warm-up
            for (var i = 0; i < runs; i++)
            {
                var watch = Stopwatch.StartNew();
                var result = step();
                watch.Stop();
                times.Add(watch.Elapsed.TotalMilliseconds);
                discard?.Invoke(result);
            }
        }

        var (peak, absolute, allocated, elapsed, last) = Sampled(step);
        if (times.Count == 0)
        {
            times.Add(elapsed);
        }

        times.Sort();
        var median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[(times.Count / 2) - 1] + times[times.Count / 2]) / 2;
        return (new StepCost(median, times[0], times.Count, peak, allocated, absolute), last);
    }

    private static (long Peak, long Absolute, long Allocated, double ElapsedMs, T Result) Sampled<T>(Func<T> step)
    {
        Settle();
        var baseline = ResidentBytes();
        var peak = baseline;
        using var stop = new ManualResetEventSlim(false);
        var sampler = new Thread(() =>
        {
            while (!stop.IsSet)
            {
                var now = ResidentBytes();
                if (now > Volatile.Read(ref peak))
                {
                    Volatile.Write(ref peak, now);
                }

                stop.Wait(1);
            }
        })
        { IsBackground = true, Name = "rss-sampler" };
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        sampler.Start();
        var watch = Stopwatch.StartNew();
        var result = step();
        watch.Stop();
        var end = ResidentBytes(); // the result is still alive: what the step retains counts
        stop.Set();
        sampler.Join();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        GC.KeepAlive(result);
        var top = Math.Max(peak, end);
        return (Math.Max(0, top - baseline), top, allocated, watch.Elapsed.TotalMilliseconds, result);
    }

    /// <summary>The resident set after a full collection: the baseline an engine's peak is measured from.</summary>
    public static long SettledResidentBytes()
    {
        Settle();
        return ResidentBytes();
    }

    /// <summary>A full blocking, compacting collection that also decommits free memory, so the baseline is what is alive.</summary>
    public static void Settle()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    private static readonly long PageSize = Environment.SystemPageSize;

    /// <summary>The process resident set: <c>/proc/self/statm</c> on Linux (cheap enough to poll), else the working set.</summary>
    public static long ResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var text = File.ReadAllText("/proc/self/statm");
                var fields = text.Split(' ');
                return long.Parse(fields[1], CultureInfo.InvariantCulture) * PageSize;
            }
            catch (IOException)
            {
                return Environment.WorkingSet;
            }
        }

        return Environment.WorkingSet;
    }

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("N0", CultureInfo.InvariantCulture) + " MB";
}
