using System.Text.Json;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>One row of a company's <c>currencyExchangeRates</c>, as a rate from one currency into another.</summary>
internal sealed record BusinessCentralRate(string From, string To, DateOnly StartingDate, decimal Rate, DateTimeOffset? UpdatedAt);

/// <summary>
/// The exchange rates of every company read, loaded once per run, and each company's local currency
/// (<c>generalLedgerSetup.localCurrencyCode</c>). Business Central states a rate as
/// <c>exchangeRateAmount</c> units of the currency = <c>relationalExchangeRateAmount</c> units of the
/// relational currency (blank = the company's local currency); a rate is in force from its starting
/// date until the next one. The API does not expose the rate a posted document was booked at, so a
/// document's rate is the one in force on its posting date, which is what posting uses unless a user
/// typed another (verify against the document's currency factor where that matters).
/// </summary>
internal sealed class BusinessCentralRates(BusinessCentralClient client, IReadOnlyList<BusinessCentralCompany> companies)
{
    private const int PageSize = 1000;
    private const int MaxPages = 200;
    private readonly Lock gate = new();
    private readonly Dictionary<string, Task<BcGeneralLedgerSetup>> setups = new(StringComparer.Ordinal);
    private Task? loading;
    private Dictionary<(string From, string To), List<BusinessCentralRate>>? table;

    public IEnumerable<BusinessCentralRate> All => table?.Values.SelectMany(r => r) ?? [];

    /// <summary>Loads every company's rates once per run (a failed load is tried again by the next stream).</summary>
    public Task LoadAsync(CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return loading = loading is { IsFaulted: false, IsCanceled: false } known ? known : LoadOnceAsync(cancellationToken);
        }
    }

    /// <summary>The company's general ledger setup (local currency, allow posting from), read once per run.</summary>
    public Task<BcGeneralLedgerSetup> SetupAsync(BusinessCentralCompany company, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return setups[company.Name] = setups.TryGetValue(company.Name, out var known) && known is { IsFaulted: false, IsCanceled: false }
                ? known
                : ReadSetupAsync(company, cancellationToken);
        }
    }

    /// <summary>One unit of <paramref name="from"/> in <paramref name="to"/> on <paramref name="day"/>: the direct rate in force, else the inverse one; null when none is.</summary>
    public decimal? Rate(string from, string to, DateOnly day)
    {
        if (string.Equals(from, to, StringComparison.OrdinalIgnoreCase))
        {
            return 1m;
        }

        if (InForce(from, to, day) is { } direct)
        {
            return direct;
        }

        return InForce(to, from, day) is { } inverse ? Math.Round(1m / inverse, 10, MidpointRounding.AwayFromZero) : null;
    }

    /// <summary>
    /// Each month's average of the rate in force on each of its days, up to and including
    /// <paramref name="lastDay"/>, rounded to 6 places: Business Central keeps no period-average rate,
    /// and commerce revenue translates at one.
    /// </summary>
    public IEnumerable<ExchangeRate> MonthlyAverages(DateOnly lastDay)
    {
        foreach (var ((from, to), rates) in table ?? [])
        {
            var first = rates[0].StartingDate;
            for (var month = new DateOnly(first.Year, first.Month, 1); month <= lastDay; month = month.AddMonths(1))
            {
                var end = month.AddMonths(1).AddDays(-1);
                var days = new List<decimal>();
                for (var day = month < first ? first : month; day <= end && day <= lastDay; day = day.AddDays(1))
                {
                    days.Add(InForce(from, to, day)!.Value);
                }

                var version = rates.Where(r => r.StartingDate <= end).Max(r => r.UpdatedAt);
                yield return new ExchangeRate(from, to, ExchangeRateKind.PeriodAverage, month, Math.Round(days.Average(), 6, MidpointRounding.AwayFromZero), version);
            }
        }
    }

    /// <summary>Every row of a small company collection (rates, periods): all pages, bounded.</summary>
    public async Task<List<JsonElement>> ReadAllAsync(BusinessCentralCompany company, string entitySet, CancellationToken cancellationToken)
    {
        var rows = new List<JsonElement>();
        Uri? next = await client.CollectionAsync(company.Name, entitySet, "", cancellationToken).ConfigureAwait(false);
        for (var pages = 0; next is not null; pages++)
        {
            if (pages == MaxPages)
            {
                throw new SyncException(SyncErrorKind.Permanent, $"{client.Where(company.Entity, entitySet)}: more than {MaxPages} pages; a paging loop?");
            }

            var page = await client.PageAsync(next, PageSize, client.Where(company.Entity, entitySet), cancellationToken).ConfigureAwait(false);
            rows.AddRange(page.Rows);
            next = page.NextLink;
        }

        return rows;
    }

    private decimal? InForce(string from, string to, DateOnly day)
    {
        if (table is null || !table.TryGetValue((from, to), out var rates))
        {
            return null;
        }

        BusinessCentralRate? found = null;
        foreach (var rate in rates)
        {
            if (rate.StartingDate > day)
            {
                break;
            }

            found = rate;
        }

        return found?.Rate;
    }

    private async Task LoadOnceAsync(CancellationToken cancellationToken)
    {
        var rows = new List<BusinessCentralRate>();
        foreach (var company in companies)
        {
            var setup = await SetupAsync(company, cancellationToken).ConfigureAwait(false);
            var local = setup.LocalCurrencyCode ?? throw new SyncException(SyncErrorKind.Permanent, $"{client.Where(company.Entity, "generalLedgerSetup")}: no localCurrencyCode");
            foreach (var row in await ReadAllAsync(company, "currencyExchangeRates", cancellationToken).ConfigureAwait(false))
            {
                if (Read(row) is { CurrencyCode: { Length: > 0 } from, StartingDate: { } start, ExchangeRateAmount: > 0 and { } amount, RelationalExchangeRateAmount: > 0 and { } relational } rate)
                {
                    var to = BusinessCentralMapper.Blank(rate.RelationalCurrencyCode) ?? local;
                    rows.Add(new BusinessCentralRate(from, to, start, Math.Round(relational / amount, 10, MidpointRounding.AwayFromZero), rate.LastModifiedDateTime));
                }
            }
        }

        table = rows.GroupBy(r => (r.From, r.To))
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.StartingDate).Select(d => d.First()).OrderBy(r => r.StartingDate).ToList());
    }

    /// <summary>A rate row that cannot be read is left out: a document that needs it is quarantined for want of a rate, with the reason.</summary>
    private static BcCurrencyExchangeRate? Read(JsonElement row)
    {
        try
        {
            return row.Deserialize(BusinessCentralJson.Default.BcCurrencyExchangeRate);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task<BcGeneralLedgerSetup> ReadSetupAsync(BusinessCentralCompany company, CancellationToken cancellationToken)
    {
        var rows = await ReadAllAsync(company, "generalLedgerSetup", cancellationToken).ConfigureAwait(false);
        var setup = rows.Count == 1 ? rows[0].Deserialize(BusinessCentralJson.Default.BcGeneralLedgerSetup) : null;
        return setup ?? throw new SyncException(SyncErrorKind.Retryable, $"{client.Where(company.Entity, "generalLedgerSetup")}: expected one row, got {rows.Count}");
    }
}
