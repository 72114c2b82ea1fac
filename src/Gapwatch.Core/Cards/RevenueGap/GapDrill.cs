using System.Collections;

namespace Gapwatch.Cards.RevenueGap;

/// <summary>
/// The revenue-gap drill rows, ranked and formatted (ids, labels, dimensions) on first read and
/// then kept. Headline, reasons and groups come from the engine's lines, so computing a card does
/// not wait for the worklist text; the snapshot, the CLI and exports read it. Safe to read from
/// several threads.
/// </summary>
internal sealed class GapDrill(int count, Func<List<GapRow>> build) : IReadOnlyList<GapRow>
{
    private readonly Lazy<List<GapRow>> rows = new(build, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>One row per engine line, known before the rows are formatted.</summary>
    public int Count => count;

    public GapRow this[int index] => rows.Value[index];

    public IEnumerator<GapRow> GetEnumerator() => rows.Value.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
