using Gapwatch.Bench.Engine;
using Gapwatch.Cards;
using Gapwatch.Reconciliation;

namespace Gapwatch.Bench.Tests;

/// <summary>The benchmark's figures, never its timings: both engines must agree on a small generated workspace.</summary>
public sealed class EngineBenchmarkTests
{
    private static readonly BenchOptions Small = new() { Orders = 5_000, Seed = 7, Runs = 1, LoadRuns = 1 };

    [Fact]
    public void Both_engines_give_identical_figures_on_5000_orders()
    {
        var report = EngineBenchmark.Run(Small, TextWriter.Null);

        var differing = report.Figures.Where(f => !f.Equal).Select(f => $"{f.Card} {f.Figure}: {f.Gapwatch} vs {f.DuckDb}").ToList();
        Assert.Empty(differing);
        Assert.True(report.AllEqual);
    }

    [Fact]
    public void The_comparison_covers_every_card_and_every_reason()
    {
        var report = EngineBenchmark.Run(Small, TextWriter.Null);

        foreach (var card in CardKeys.All)
        {
            Assert.Contains(report.Figures, f => f.Card == card);
        }

        foreach (var reason in GapReasons.All)
        {
            var lines = report.Figures.Single(f => f.Card == CardKeys.RevenueGap && f.Figure == "lines." + reason.Key());
            Assert.True(lines.Gapwatch > 0, $"the generated workspace does not exercise {reason.Key()}");
        }

        Assert.True(report.Figures.Single(f => f.Card == CardKeys.CustomersAbsent && f.Figure == "headline").Gapwatch > 0);
        Assert.True(report.Figures.Single(f => f.Card == CardKeys.B2bCustomersAbsentSync && f.Figure == "headline").Gapwatch > 0);
    }

    [Fact]
    public void The_generator_is_deterministic()
    {
        var first = BenchWorkspaceGenerator.Generate(2_000, 11);
        var second = BenchWorkspaceGenerator.Generate(2_000, 11);

        Assert.Equal(first.Data.CommerceOrders, second.Data.CommerceOrders, (a, b) => a.Key == b.Key && a.Total == b.Total && a.PlacedAt == b.PlacedAt);
        Assert.Equal(first.Data.ErpDocuments.Count, second.Data.ErpDocuments.Count);
        Assert.Equal(first.Data.ErpCustomers.Count, second.Data.ErpCustomers.Count);
    }

    [Fact]
    public void Skipping_DuckDB_compares_nothing()
    {
        var report = EngineBenchmark.Run(Small with { SkipDuckDb = true }, TextWriter.Null);

        Assert.False(report.Compared);
        Assert.All(report.Lines, l => Assert.Null(l.DuckDb));
    }
}

/// <summary>The integer fast path of the reporting translation must give what decimal gives, to the unit.</summary>
public sealed class ReportingTranslationTests
{
    [Fact]
    public void Integer_translation_matches_decimal_rounding()
    {
        var workspace = BenchWorkspaceGenerator.Generate(200, 3);
        var context = new CardContext(workspace.Data, workspace.Settings, workspace.AsOf);
        var input = context.Input;
        var random = new Random(5);
        decimal[] rates = [1m, 0.5m, 1.0841m, 0.006712m, 1.2663189m, 0.0000001m, 123.456789m, 1.005m, 0.995m, 2.5m, 0.2147483649m, 42.94967295m];
        for (var i = 0; i < 20_000; i++)
        {
            var minor = random.NextInt64(-100_000_000_000, 100_000_000_000) / (i % 7 == 0 ? 1000 : 1);
            var rate = i < rates.Length * 10 ? rates[i % rates.Length] : Math.Round((decimal)random.Next(1, 3_000_000) / 1_000_000m, random.Next(0, 9));
            for (short currency = 0; currency < input.Currencies.Length; currency++)
            {
                var shift = input.ReportingCurrency.MinorDigits - input.Currencies[currency].MinorDigits;
                var factor = shift >= 0 ? (decimal)Math.Pow(10, shift) : 1m / (decimal)Math.Pow(10, -shift);
                var expected = decimal.ToInt64(Math.Round(minor * rate * factor, 0, MidpointRounding.AwayFromZero));
                Assert.Equal(expected, input.ToReportingMinor(minor, currency, rate));
                Assert.Equal(expected, input.ToReportingMinor(minor, input.PrepareRate(currency, rate)));
            }
        }
    }
}
