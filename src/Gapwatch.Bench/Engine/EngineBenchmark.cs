using System.Diagnostics;
using System.Globalization;
using Gapwatch.Cards;
using Gapwatch.Cards.Customers;
using Gapwatch.Cards.RevenueGap;
using Gapwatch.Reconciliation;

namespace Gapwatch.Bench.Engine;

/// <summary>Options of <c>gapwatch bench</c>.</summary>
public sealed record BenchOptions
{
    public int Orders { get; init; } = 1_000_000;

    public ulong Seed { get; init; } = 42;

    public bool SkipDuckDb { get; init; }

    /// <summary>Timed runs per step after the warm-up; null chooses 5 up to 1M orders, 3 above.</summary>
    public int? Runs { get; init; }

    /// <summary>Timed runs of the two load steps; null chooses the same as <see cref="Runs"/> up to 1M orders, 1 above (a load of 10M takes long).</summary>
    public int? LoadRuns { get; init; }

    public int EffectiveRuns => Runs ?? (Orders <= 1_000_000 ? 5 : 3);

    public int EffectiveLoadRuns => LoadRuns ?? (Orders <= 1_000_000 ? EffectiveRuns : 1);
}

/// <summary>Stable keys of the benchmark's lines: the shared steps and the five cards.</summary>
public static class BenchSteps
{
    public const string Load = "load";
    public const string Presence = "customer_presence";

    public static IReadOnlyList<string> All { get; } = [Load, Presence, .. CardKeys.All];

    public static IReadOnlyList<string> Cards { get; } = [Presence, .. CardKeys.All];

    public static string Label(string step) => step switch
    {
        Load => "input build / columnar load (shared)",
        Presence => "customer presence + buyer directory (shared)",
        CardKeys.CustomersAbsent => "4.1 customers absent",
        CardKeys.B2bCustomersAbsentSync => "4.2 B2B absent, sync health",
        CardKeys.CustomersAbsentBlocked => "4.3 absent, revenue blocked",
        CardKeys.RevenueGap => "4.4 revenue gap",
        CardKeys.RevenueGapBreakdown => "4.5 revenue gap breakdown",
        _ => step,
    };
}

/// <summary>
/// An engine's whole footprint: the highest resident set any of its steps reached (load included,
/// its data kept alive between steps as a refresh keeps it) above the resident set before its load.
/// The generated records, which both engines read, are alive in both baselines.
/// </summary>
public sealed record EnginePeak(long BaselineBytes, long PeakAboveBaselineBytes);

/// <summary>One line of the report: a step's cost in each engine (DuckDB's is null when skipped).</summary>
public sealed record BenchLine(string Step, StepCost Gapwatch, StepCost? DuckDb);

/// <summary>A figure both engines computed and whether they agree.</summary>
public sealed record FigureCheck(string Card, string Figure, decimal Gapwatch, decimal? DuckDb)
{
    public bool Equal => DuckDb is { } d && d == Gapwatch;
}

public sealed record BenchReport
{
    public required BenchOptions Options { get; init; }

    public required BenchCounts Counts { get; init; }

    public required double GenerateMs { get; init; }

    public required IReadOnlyList<BenchLine> Lines { get; init; }

    public required IReadOnlyList<FigureCheck> Figures { get; init; }

    public required EnginePeak GapwatchEngine { get; init; }

    public EnginePeak? DuckDbEngine { get; init; }

    /// <summary>Every figure agrees (vacuously false when DuckDB was skipped: nothing was compared).</summary>
    public bool AllEqual => Figures.Count > 0 && Figures.All(f => f.Equal);

    public bool Compared => Figures.Any(f => f.DuckDb is not null);

    /// <summary>Sum of the median times of the presence step and the five cards: a warm refresh of every card.</summary>
    public double GapwatchCardsMs => Lines.Where(l => l.Step != BenchSteps.Load).Sum(l => l.Gapwatch.MedianMs);

    public double? DuckDbCardsMs => Lines.All(l => l.DuckDb is not null) ? Lines.Where(l => l.Step != BenchSteps.Load).Sum(l => l.DuckDb!.MedianMs) : null;

    public long GapwatchPeakBytes => GapwatchEngine.PeakAboveBaselineBytes;

    public long? DuckDbPeakBytes => DuckDbEngine?.PeakAboveBaselineBytes;
}

public sealed record BenchCounts(int Orders, int Accounts, int ErpCustomers, int ErpOrders, int Documents, int SyncLog, int Dataverse);

/// <summary>
/// <c>gapwatch bench</c>: generates a workspace of N orders, computes every card with Gapwatch's
/// engine and with DuckDB running equivalent SQL over the same records in the same process, and
/// checks that both give the same figures (docs/performance.md).
/// </summary>
public static class EngineBenchmark
{
    public static BenchReport Run(BenchOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        var watch = Stopwatch.StartNew();
        var workspace = BenchWorkspaceGenerator.Generate(options.Orders, options.Seed);
        watch.Stop();
        var data = workspace.Data;
        var counts = new BenchCounts(data.CommerceOrders.Count, data.CommerceCustomers.Count, data.ErpCustomers.Count,
            data.ErpSalesOrders.Count, data.ErpDocuments.Count, data.SyncLog.Count, data.DataverseRecords.Count);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated {counts.Orders:N0} orders, {counts.Accounts:N0} storefront accounts, {counts.ErpCustomers:N0} ERP customers, {counts.ErpOrders:N0} ERP orders, {counts.Documents:N0} documents in {watch.Elapsed.TotalSeconds:N1} s"));

        var gapwatchBaseline = Measurement.SettledResidentBytes();
        var (gapwatchCosts, gapwatchFigures) = GapwatchSide(workspace, options, log);
        var gapwatchEngine = EnginePeakOf(gapwatchBaseline, gapwatchCosts);
        log.WriteLine("  gapwatch engine peak above its baseline: " + Measurement.Megabytes(gapwatchEngine.PeakAboveBaselineBytes));
        Dictionary<string, StepCost>? duckCosts = null;
        Dictionary<(string, string), decimal>? duckFigures = null;
        EnginePeak? duckEngine = null;
        if (!options.SkipDuckDb)
        {
            var duckBaseline = Measurement.SettledResidentBytes();
            (duckCosts, duckFigures) = DuckDbSide.Run(workspace, options, log);
            duckEngine = EnginePeakOf(duckBaseline, duckCosts);
            log.WriteLine("  duckdb   engine peak above its baseline: " + Measurement.Megabytes(duckEngine.PeakAboveBaselineBytes));
        }

        var lines = BenchSteps.All.Select(s => new BenchLine(s, gapwatchCosts[s], duckCosts?[s])).ToList();
        var figures = gapwatchFigures
            .Select(f => new FigureCheck(f.Key.Card, f.Key.Figure, f.Value, duckFigures is not null && duckFigures.TryGetValue(f.Key, out var d) ? d : null))
            .ToList();
        return new BenchReport
        {
            Options = options,
            Counts = counts,
            GenerateMs = watch.Elapsed.TotalMilliseconds,
            Lines = lines,
            Figures = figures,
            GapwatchEngine = gapwatchEngine,
            DuckDbEngine = duckEngine,
        };
    }

    private static EnginePeak EnginePeakOf(long baseline, Dictionary<string, StepCost> costs) =>
        new(baseline, Math.Max(0, costs.Values.Max(c => c.PeakRssAbsoluteBytes) - baseline));

    private static (Dictionary<string, StepCost>, Dictionary<(string Card, string Figure), decimal>) GapwatchSide(
        BenchWorkspace workspace, BenchOptions options, TextWriter log)
    {
        var costs = new Dictionary<string, StepCost>(StringComparer.Ordinal);
        var (load, context) = Measurement.Measure(() => new CardContext(workspace.Data, workspace.Settings, workspace.AsOf), options.EffectiveLoadRuns);
        costs[BenchSteps.Load] = load;
        Progress(log, "gapwatch", BenchSteps.Load, load);

        // What a refresh computes once and every customer card shares: presence per order, the buyer directory and its indexes.
        var (presence, _) = Measurement.Measure(
            () =>
            {
                var absent = context.Presence.AbsentByOrder();
                var directory = new BuyerDirectory(context);
                directory.Prepare();
                return (absent, directory);
            },
            options.EffectiveRuns);
        costs[BenchSteps.Presence] = presence;
        Progress(log, "gapwatch", BenchSteps.Presence, presence);
        _ = context.AbsentByOrder; // the context's own shared copies, as CardEngine's refresh builds them once
        context.Directory.Prepare();

        var cards = new Dictionary<string, CardResult>(StringComparer.Ordinal);
        RevenueGapResult? gap = null;
        var steps = new (string Key, Func<CardResult> Compute)[]
        {
            (CardKeys.CustomersAbsent, () => CustomerCards.CustomersAbsent(context)),
            (CardKeys.B2bCustomersAbsentSync, () => CustomerCards.B2bCustomersAbsentSync(context)),
            (CardKeys.CustomersAbsentBlocked, () => CustomerCards.CustomersAbsentBlocked(context)),
            (CardKeys.RevenueGap, () =>
            {
                gap = RevenueGapCards.Compute(context); // the engine run 4.4 and 4.5 share, charged to 4.4
                return RevenueGapCards.RevenueGap(context, gap);
            }),
            (CardKeys.RevenueGapBreakdown, () => RevenueGapCards.RevenueGapBreakdown(context, gap!)),
        };
        foreach (var (key, compute) in steps)
        {
            var (cost, card) = Measurement.Measure(compute, options.EffectiveRuns);
            costs[key] = cost;
            cards[key] = card;
            Progress(log, "gapwatch", key, cost);
        }

        // Not a card step: the worklist text is formatted when a snapshot, the CLI or an export first
        // reads it. Reported beside the cards so the figure is visible, not hidden.
        var (drill, _) = Measurement.Measure(() => RevenueGapCards.DrillRows(context, gap!), options.EffectiveRuns);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  gapwatch {"4.5 drill rows ranked + formatted (on read)",-42} {drill.MedianMs,10:N1} ms  peak {Measurement.Megabytes(drill.PeakRssBytes),9}  (not in the card total)"));

        return (costs, Figures.FromCards(cards, gap!, context.Settings.ReportingCurrency));
    }

    internal static void Progress(TextWriter log, string engine, string step, StepCost cost) =>
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {engine,-8} {BenchSteps.Label(step),-42} {cost.MedianMs,10:N1} ms  peak {Measurement.Megabytes(cost.PeakRssBytes),9}"));
}
