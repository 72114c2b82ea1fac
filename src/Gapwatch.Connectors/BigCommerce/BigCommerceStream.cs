using System.Globalization;
using System.Text.Json;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.BigCommerce;

/// <summary>One page as a BigCommerce list answered it: its rows and whether the API says more follow (null when it does not say).</summary>
internal sealed record BigCommerceRows(IReadOnlyList<JsonElement> Rows, bool? More);

/// <summary>
/// One BigCommerce stream, sorted by its version field ascending and paged with page numbers
/// (v2, v3) or offsets (B2B Edition). Page numbers shift when a row is edited mid-read, so the
/// stream pages by keyset instead: each page's token is the window's lower bound (inclusive, to the
/// second) and a page number within it. After a page whose newest row is later than the bound, the
/// next page starts a new window at that row's version (page 1); only a page whose rows all share
/// the bound turns to the next page number. Rows re-read at the boundary are deduplicated by the
/// upsert. Rows past the run's upper bound end the stream. A later page number that answers the
/// very same rows is a paging loop.
/// </summary>
internal sealed class BigCommerceStream(
    string name,
    Func<DateTimeOffset?, DateTimeOffset, int, int, Uri> url,
    Func<Uri, CancellationToken, Task<BigCommerceRows>> fetch,
    Func<JsonElement, CancellationToken, Task<NodeOutcome>> map) : IStreamSource
{
    private (DateTimeOffset? From, string Ids)? previous;

    public string Name => name;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (from, page) = request.PageToken is { } token ? Parse(token) : (Second(request.UpdatedFrom), 1);
        var answer = await fetch(url(from, request.UpdatedTo, page, request.PageSize), cancellationToken).ConfigureAwait(false);
        var ids = string.Join(',', answer.Rows.Select(r => BigCommerceJson.AsText(r.ValueKind == JsonValueKind.Object && r.TryGetProperty("id", out var i) ? i : default)
            ?? (r.ValueKind == JsonValueKind.Object && r.TryGetProperty("companyId", out var c) ? BigCommerceJson.AsText(c) : null)));
        if (page > 1 && answer.Rows.Count > 0 && previous is { } last && last.From == from && last.Ids == ids)
        {
            throw new SyncException(SyncErrorKind.Permanent,
                $"{name}: page {page} answered the same rows as page {page - 1} (a paging loop); stopped at the last committed page");
        }

        previous = (from, ids);
        var records = new List<ISourceRecord>();
        var rejected = new List<RejectedRow>();
        SyncCursor? cursor = null;
        var pastUpperBound = false;
        foreach (var row in answer.Rows)
        {
            var outcome = await map(row, cancellationToken).ConfigureAwait(false);
            if (outcome.Cursor is { } at && at.UpdatedAt > request.UpdatedTo)
            {
                pastUpperBound = true; // sorted ascending: the rest is newer still, read next run
                continue;
            }

            records.AddRange(outcome.Records);
            cursor = SyncCursor.Max(cursor, outcome.Cursor);
            if (outcome.Rejected is { } reason)
            {
                rejected.Add(reason);
            }
        }

        var end = pastUpperBound || answer.Rows.Count < request.PageSize || answer.More == false;
        string? next = null;
        if (!end)
        {
            var newest = cursor is null ? null : Second(cursor.UpdatedAt);
            next = newest is { } n && (from is null || n > from) ? Token(n, 1) : Token(from, page + 1);
        }

        return new SourcePage(records, rejected, answer.Rows.Count, cursor, next);
    }

    private static DateTimeOffset? Second(DateTimeOffset? at) =>
        at is { } value ? new DateTimeOffset(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) : null;

    private static string Token(DateTimeOffset? from, int page) =>
        string.Create(CultureInfo.InvariantCulture, $"{(from is { } f ? f.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) : "-")}/{page}");

    private (DateTimeOffset? From, int Page) Parse(string token)
    {
        var parts = token.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page >= 1)
        {
            if (parts[0] == "-")
            {
                return (null, page);
            }

            if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return (DateTimeOffset.FromUnixTimeSeconds(seconds), page);
            }
        }

        throw new SyncException(SyncErrorKind.Permanent, $"{name}: unreadable page token '{token}'");
    }
}
