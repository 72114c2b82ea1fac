using System.Text.Json;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>
/// A small table re-read whole every run and committed as one page (exchange rates, accounting
/// periods: hundreds of rows). Its records depend on each other — a monthly average on every rate of
/// the month, a period's end on the next period's start — so nothing is stored until all of it is
/// read. Its checkpoint holds no time (the Unix epoch), so no clock can put it "in the future".
/// </summary>
internal sealed class BusinessCentralSnapshotStream(string name, Func<PageRequest, CancellationToken, Task<(IReadOnlyList<ISourceRecord> Records, int Rows)>> read) : IStreamSource
{
    public string Name => name;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (records, rows) = await read(request, cancellationToken).ConfigureAwait(false);
        return new SourcePage(records, [], rows, new SyncCursor(DateTimeOffset.UnixEpoch, "snapshot"), null) { Snapshot = true };
    }
}

/// <summary>The records of the two snapshot tables.</summary>
internal static class BusinessCentralSnapshots
{
    /// <summary>Every company's rates as daily spot rates, plus each month's average up to the run's upper bound (its UTC date).</summary>
    public static async Task<(IReadOnlyList<ISourceRecord>, int)> RatesAsync(BusinessCentralRates rates, PageRequest request, CancellationToken cancellationToken)
    {
        await rates.LoadAsync(cancellationToken).ConfigureAwait(false);
        var spot = rates.All.Select(r => new ExchangeRate(r.From, r.To, ExchangeRateKind.Spot, r.StartingDate, r.Rate, r.UpdatedAt)).ToList();
        var records = spot.Concat(rates.MonthlyAverages(DateOnly.FromDateTime(request.UpdatedTo.UtcDateTime)))
            .GroupBy(r => r.Key, StringComparer.Ordinal).Select(g => (ISourceRecord)g.First()).ToList();
        return (records, spot.Count);
    }

    /// <summary>
    /// Period locks of one company. A period is locked when it is <c>closed</c> (its fiscal year was
    /// closed) or when it ends before <c>generalLedgerSetup.allowPostingFrom</c>, the date from which
    /// posting is still allowed — how Business Central companies close a month. A period runs to the day
    /// before the next one starts, so the last period (no successor) is never reported. It counts as
    /// locked at the period row's last change when that came after the period ended, else at the
    /// setup's last change (when <c>allowPostingFrom</c> was moved); neither is a true lock time (verify).
    /// </summary>
    public static async Task<(IReadOnlyList<ISourceRecord>, int)> PeriodLocksAsync(
        BusinessCentralRates rates, BusinessCentralCompany company, CancellationToken cancellationToken)
    {
        var setup = await rates.SetupAsync(company, cancellationToken).ConfigureAwait(false);
        var rows = await rates.ReadAllAsync(company, "accountingPeriods", cancellationToken).ConfigureAwait(false);
        var periods = rows.Select(r => Period(r)).OfType<BcAccountingPeriod>().Where(p => BusinessCentralMapper.Date(p.StartingDate) is not null)
            .OrderBy(p => p.StartingDate).ToList();
        var allowFrom = BusinessCentralMapper.Date(setup.AllowPostingFrom);
        var locks = new List<ISourceRecord>();
        for (var i = 0; i + 1 < periods.Count; i++)
        {
            var start = periods[i].StartingDate!.Value;
            var end = periods[i + 1].StartingDate!.Value.AddDays(-1);
            if (periods[i].Closed != true && !(allowFrom is { } from && end < from))
            {
                continue;
            }

            var endedAt = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            var lockedAt = periods[i].LastModifiedDateTime is { } touched && touched >= endedAt ? touched : setup.LastModifiedDateTime ?? endedAt;
            locks.Add(new PeriodLock(company.Entity, start, end, lockedAt, lockedAt));
        }

        return (locks, rows.Count);
    }

    private static BcAccountingPeriod? Period(JsonElement row)
    {
        try
        {
            return row.Deserialize(BusinessCentralJson.Default.BcAccountingPeriod);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
