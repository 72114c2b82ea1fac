using Gapwatch.Model;

namespace Gapwatch.Generator.Demo;

/// <summary>
/// Exchange rates into the reporting currency (USD): a daily spot rate per currency that walks a
/// little each day, and each month's period average as the mean of its spot rates. The ERP books
/// documents at the spot rate of their posting day; commerce revenue translates at the average,
/// which is where the FX-translation reason comes from.
/// </summary>
internal sealed class DemoRates
{
    private readonly Dictionary<(string Currency, DateOnly Day), decimal> spot = [];

    private DemoRates()
    {
    }

    public static IReadOnlyList<string> Foreign { get; } = ["CAD", "EUR"];

    public static DemoRates Generate(DemoRandom random, DemoClock clock, WorkspaceData data)
    {
        var rates = new DemoRates();
        var first = new DateOnly(clock.HistoryStart.Year, clock.HistoryStart.Month, 1);
        var last = clock.AsOfDay.AddDays(1);
        foreach (var (currency, start) in new[] { ("CAD", 0.7180m), ("EUR", 1.0840m) })
        {
            var rate = start;
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                // A random walk of at most ±0.35% a day, rounded the way rate feeds publish it.
                rate = Math.Round(rate * (1m + (random.Between(-35, 35) / 10_000m)), 6, MidpointRounding.AwayFromZero);
                rates.spot[(currency, day)] = rate;
                data.ExchangeRates.Add(new ExchangeRate(currency, "USD", ExchangeRateKind.Spot, day, rate, clock.ExportedAt));
            }

            AddAverages(rates, currency, first, clock, data);
        }

        return rates;
    }

    /// <summary>The rate booked on a document: 1 for USD, else that day's spot.</summary>
    public decimal Booked(string currency, DateOnly day) => currency == "USD" ? 1m : spot[(currency, day)];

    /// <summary>The month's average of the spot rates up to the as-of day (April is month-to-date).</summary>
    private static void AddAverages(DemoRates rates, string currency, DateOnly first, DemoClock clock, WorkspaceData data)
    {
        for (var month = first; month <= clock.AsOfDay; month = month.AddMonths(1))
        {
            var days = rates.spot.Keys.Where(k => k.Currency == currency && k.Day.Year == month.Year && k.Day.Month == month.Month && k.Day <= clock.AsOfDay)
                .Select(k => rates.spot[k]).ToList();
            var average = Math.Round(days.Average(), 6, MidpointRounding.AwayFromZero);
            data.ExchangeRates.Add(new ExchangeRate(currency, "USD", ExchangeRateKind.PeriodAverage, month, average, clock.ExportedAt));
        }
    }
}
