namespace Gapwatch.Generator.Demo;

/// <summary>
/// The demo's fixed calendar: every instant is derived from one as-of time (never the system
/// clock), so the same seed gives the same data on any machine and any day.
/// </summary>
internal sealed class DemoClock
{
    private const int SyncRunMinutes = 15;
    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(DemoMerchant.TimeZone);

    /// <summary>Tuesday 14 April 2026, 09:30 in New York: the earliest last successful sync of the sources.</summary>
    public DateTimeOffset AsOf { get; } = new(2026, 4, 14, 9, 30, 0, TimeSpan.FromHours(-4));

    /// <summary>The first day orders are placed on: eleven weeks of history, so the 30-day window has a before.</summary>
    public DateOnly HistoryStart { get; } = new(2026, 1, 26);

    /// <summary>The source version every record carries: the moment the export was taken.</summary>
    public DateTimeOffset ExportedAt => AsOf.AddMinutes(20);

    public DateOnly AsOfDay => DayOf(AsOf);

    /// <summary>The integration's latest run the as-of time knows of (runs every quarter hour, 20 s past).</summary>
    public DateTimeOffset LastSyncRun => NextSyncRun(AsOf.AddMinutes(-SyncRunMinutes - 1));

    public DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>A wall-clock time in New York, with the offset in force that day (DST starts 8 March 2026).</summary>
    public DateTimeOffset Local(DateOnly day, int hour, int minute = 0, int second = 0)
    {
        var local = day.ToDateTime(new TimeOnly(hour, minute, second));
        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The quarter-hourly integration run that picks up something that happened at <paramref name="instant"/>.</summary>
    public DateTimeOffset NextSyncRun(DateTimeOffset instant)
    {
        var minutes = instant.ToUnixTimeSeconds() / 60;
        var next = ((minutes / SyncRunMinutes) + 1) * SyncRunMinutes;
        return DateTimeOffset.FromUnixTimeSeconds((next * 60) + 20).ToOffset(instant.Offset);
    }

    /// <summary>The nightly 02:00 batch after <paramref name="instant"/> (how Adobe Commerce orders reach the ERP).</summary>
    public DateTimeOffset NextNightlyBatch(DateTimeOffset instant)
    {
        var day = DayOf(instant);
        var tonight = Local(day, 2, 5);
        return tonight > instant ? tonight : Local(day.AddDays(1), 2, 5);
    }

    public int HourOf(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, zone).Hour;

    /// <summary>When a month was closed: the sixth day after it ends, at five in the afternoon.</summary>
    public DateTimeOffset LockedAt(DateOnly monthStart) => Local(monthStart.AddMonths(1).AddDays(5), 17);

    /// <summary>The months closed by the as-of time, oldest first (each a first day).</summary>
    public IReadOnlyList<DateOnly> LockedMonths()
    {
        var months = new List<DateOnly>();
        for (var month = new DateOnly(HistoryStart.Year, HistoryStart.Month, 1); LockedAt(month) <= AsOf; month = month.AddMonths(1))
        {
            months.Add(month);
        }

        return months;
    }

    /// <summary>The ERP's evening posting run on a day (invoices and credit memos are created then).</summary>
    public DateTimeOffset PostingRun(DateOnly day, int minute) => Local(day, 19, 0).AddMinutes(minute);
}
