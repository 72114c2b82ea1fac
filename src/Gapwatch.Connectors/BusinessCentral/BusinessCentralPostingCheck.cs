using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>
/// Which of a page's sales invoices or credit memos with status <c>Open</c> are posted. API v2.0 gives
/// an unposted document that is Released or Pending Prepayment the same <c>Open</c> as a posted,
/// unpaid one, and the page has no posted flag (BCApps SalesInvoiceAggregator /
/// GraphMgtSalCrMemoBuf). Posting writes G/L entries under the posted number, so a document is
/// posted when <c>generalLedgerEntries</c> has rows whose <c>documentNumber</c> is its number. The
/// numbers are asked for in batches of <see cref="NumbersPerRequest"/>, joined with <c>or</c> on the
/// one field (Business Central refuses <c>or</c> across distinct fields, not on one), with
/// <c>$select=documentNumber</c>: one extra request per batch, more only if the entries of one batch
/// span several pages.
/// </summary>
internal sealed class BusinessCentralPostingCheck(BusinessCentralClient client, BusinessCentralCompany company, int? pageSize)
{
    /// <summary>Document numbers per request: keeps the URL well under Business Central's limits (a number is at most 20 characters).</summary>
    public const int NumbersPerRequest = 50;

    /// <summary>The numbers among <paramref name="numbers"/> that have G/L entries (Business Central codes are upper case; compared without case).</summary>
    public async Task<IReadOnlySet<string>> PostedAsync(IReadOnlyCollection<string> numbers, int requestPageSize, CancellationToken cancellationToken)
    {
        var posted = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var where = client.Where(company.Entity, "generalLedgerEntries (posted check)");
        foreach (var batch in numbers.Distinct(StringComparer.OrdinalIgnoreCase).Chunk(NumbersPerRequest))
        {
            // The whole filter is the chain, so it needs no parentheses (the simulator, like the page, parses a flat one).
            var filter = string.Join(" or ", batch.Select(n => $"documentNumber eq {ODataQuery.Text(n)}"));
            Uri? next = await client.CollectionAsync(company.Name, "generalLedgerEntries", $"$filter={Uri.EscapeDataString(filter)}&$select=documentNumber", cancellationToken).ConfigureAwait(false);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (next is not null)
            {
                if (!seen.Add(next.AbsoluteUri))
                {
                    throw new SyncException(SyncErrorKind.Permanent, $"{where}: the server returned the same next-page link twice (a paging loop)");
                }

                var page = await client.PageAsync(next, pageSize ?? requestPageSize, where, cancellationToken).ConfigureAwait(false);
                foreach (var row in page.Rows)
                {
                    if (BusinessCentralMapper.Text(row, "documentNumber") is { } number)
                    {
                        posted.Add(number);
                    }
                }

                // Every number of the batch found: the rest of its entries cannot change the answer.
                next = batch.All(posted.Contains) ? null : page.NextLink;
            }
        }

        return posted;
    }
}
