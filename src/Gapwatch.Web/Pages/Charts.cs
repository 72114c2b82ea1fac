using System.Globalization;
using Gapwatch.Cards;

namespace Gapwatch.Web.Pages;

/// <summary>Charts drawn on the server as SVG (no script): a card's sparkline and the revenue-gap waterfall.</summary>
internal static class Charts
{
    private static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The headline over past snapshots, oldest first, as a small line with a dot on the latest.</summary>
    public static void Sparkline(Html html, IReadOnlyList<TrendPoint> trend, string description, int width = 120, int height = 32)
    {
        html.Open("svg", ("class", "sparkline"), ("role", "img"), ("viewBox", $"0 0 {width} {height}"), ("width", width.ToString(CultureInfo.InvariantCulture)),
            ("height", height.ToString(CultureInfo.InvariantCulture)), ("aria-label", description), ("data-points", trend.Count.ToString(CultureInfo.InvariantCulture)));
        html.Element("title", description);
        if (trend.Count > 0)
        {
            var lo = trend.Min(p => p.Headline);
            var hi = trend.Max(p => p.Headline);
            var span = hi - lo == 0 ? 1m : hi - lo;
            var step = trend.Count == 1 ? 0d : (width - 6d) / (trend.Count - 1);
            var points = trend.Select((p, i) => (X: 3d + (i * step), Y: height - 3d - ((double)((p.Headline - lo) / span) * (height - 6d)))).ToList();
            if (trend.Count == 1)
            {
                points = [(3d, height / 2d), (width - 3d, height / 2d)];
            }

            html.Open("polyline", ("class", "spark-line"), ("points", string.Join(' ', points.Select(p => F(p.X) + "," + F(p.Y))))).Close("polyline");
            var last = points[^1];
            html.Open("circle", ("class", "spark-dot"), ("cx", F(last.X)), ("cy", F(last.Y)), ("r", "2.5")).Close("circle");
        }

        html.Close("svg");
    }

    /// <summary>One bar of the waterfall, in minor units: a total (from zero) or a step from one running figure to the next.</summary>
    public sealed record Bar(string Label, string Kind, long AmountMinor, long FromMinor, long ToMinor);

    /// <summary>
    /// Commerce revenue, then each reason taking its amount away, landing on GL-booked revenue. All
    /// arithmetic is in minor units, so the steps sum to the difference exactly.
    /// </summary>
    public static IReadOnlyList<Bar> WaterfallBars(long commerceMinor, IReadOnlyList<(string Label, long AmountMinor)> reasons, string commerceLabel, string glLabel)
    {
        var bars = new List<Bar> { new(commerceLabel, "total", commerceMinor, 0, commerceMinor) };
        var running = commerceMinor;
        foreach (var (label, amount) in reasons)
        {
            bars.Add(new Bar(label, "step", amount, running, running - amount));
            running -= amount;
        }

        bars.Add(new Bar(glLabel, "total", running, 0, running));
        return bars;
    }

    public static void Waterfall(Html html, IReadOnlyList<Bar> bars, Func<long, string> money, string description)
    {
        const int width = 880;
        const int height = 320;
        const int top = 28;
        const int bottom = 120;
        const int left = 70;
        var plot = height - top - bottom;
        var lo = Math.Min(0, bars.Min(b => Math.Min(b.FromMinor, b.ToMinor)));
        var hi = Math.Max(1, bars.Max(b => Math.Max(b.FromMinor, b.ToMinor)));
        var lowestStep = bars.Where(b => b.Kind == "step").Select(b => Math.Min(b.FromMinor, b.ToMinor)).DefaultIfEmpty(lo).Min();
        var lowest = Math.Min(lowestStep, bars[^1].ToMinor);

        // A gap is a small share of revenue: drawn from zero, its steps would be slivers. The axis
        // then starts above zero (said on the chart), so each reason is tall enough to read.
        var baseline = lo;
        if (lo == 0 && lowest > 0 && (hi - lowest) < hi / 2)
        {
            baseline = Math.Max(0, lowest - ((hi - lowest) / 3));
        }

        double Y(long v) => top + (plot * (double)(hi - Math.Max(v, baseline)) / (hi - baseline));
        var slot = (width - left - 10d) / bars.Count;
        var barWidth = slot * 0.62;
        html.Open("svg", ("class", "waterfall"), ("role", "img"), ("viewBox", $"0 0 {width} {height}"), ("aria-label", description), ("data-testid", "waterfall"));
        html.Element("title", description);
        html.Open("line", ("class", "axis"), ("x1", F(left)), ("x2", F(width - 10)), ("y1", F(Y(baseline))), ("y2", F(Y(baseline)))).Close("line");
        if (baseline != 0)
        {
            html.Element("text", "The axis starts at " + money(baseline), ("class", "note"), ("x", F(width - 10)), ("y", F(height - 4)), ("text-anchor", "end"), ("data-baseline-minor", baseline.ToString(CultureInfo.InvariantCulture)));
        }
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var x = left + (i * slot) + ((slot - barWidth) / 2);
            var y1 = Y(Math.Max(bar.FromMinor, bar.ToMinor));
            var y2 = Y(Math.Min(bar.FromMinor, bar.ToMinor));
            var kind = bar.Kind == "total" ? "total" : bar.AmountMinor >= 0 ? "down" : "up";
            html.Open("g", ("class", "bar " + kind));
            html.Open("rect", ("x", F(x)), ("y", F(y1)), ("width", F(barWidth)), ("height", F(Math.Max(1, y2 - y1))),
                ("data-kind", bar.Kind), ("data-label", bar.Label), ("data-amount-minor", bar.AmountMinor.ToString(CultureInfo.InvariantCulture)),
                ("data-from-minor", bar.FromMinor.ToString(CultureInfo.InvariantCulture)), ("data-to-minor", bar.ToMinor.ToString(CultureInfo.InvariantCulture)));
            html.Element("title", $"{bar.Label}: {money(bar.AmountMinor)}");
            html.Close("rect");
            if (i > 0)
            {
                // The connector from the previous bar's end to this bar's start.
                var previousEnd = Y(bars[i - 1].ToMinor);
                html.Open("line", ("class", "connector"), ("x1", F(x - (slot - barWidth))), ("x2", F(x)), ("y1", F(previousEnd)), ("y2", F(previousEnd))).Close("line");
            }

            var labelX = x + (barWidth / 2);
            html.Element("text", money(bar.AmountMinor), ("class", "value"), ("x", F(labelX)), ("y", F(y1 - 4)), ("text-anchor", "middle"));
            html.Element("text", bar.Label, ("class", "label"), ("x", F(labelX)), ("y", F(height - bottom + 14)), ("text-anchor", "end"),
                ("transform", $"rotate(-35 {F(labelX)} {F(height - bottom + 14)})"));
            html.Close("g");
        }

        html.Close("svg");
    }
}
