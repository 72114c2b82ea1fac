namespace Gapwatch.Time;

/// <summary>
/// The one place where instants become posting days: an instant belongs to the day it falls on in
/// the workspace time zone, and a day ends at the next day's local midnight.
/// </summary>
public sealed class WorkspaceCalendar
{
    private readonly TimeZoneInfo zone;

    public WorkspaceCalendar(TimeZoneInfo zone)
    {
        this.zone = zone ?? throw new ArgumentNullException(nameof(zone));
    }

    public static WorkspaceCalendar For(string timeZoneId) => new(TimeZoneInfo.FindSystemTimeZoneById(timeZoneId));

    public static WorkspaceCalendar Utc { get; } = new(TimeZoneInfo.Utc);

    public DateOnly DayOf(DateTimeOffset instant) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant the given day starts (local midnight; DST gaps resolved forward).</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }

    /// <summary>The first instant after the given day.</summary>
    public DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1));
}
