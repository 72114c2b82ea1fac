using System.Globalization;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.SageIntacct;

/// <summary>
/// What one stream reads: the object, its <c>docparid</c>, the fields, how a page's rows become
/// records and, for objects read only in part, a condition ANDed to the window (<c>MODULEKEY = '4.AR'</c>).
/// </summary>
internal sealed record IntacctObjectRead(
    string Stream,
    string Object,
    string? DocParId,
    IReadOnlyList<string> Fields,
    Func<IReadOnlyList<IntacctRow>, CancellationToken, Task<IReadOnlyList<IntacctOutcome>>> Map)
{
    public string? Condition { get; init; }
}

/// <summary>
/// One Intacct object read with <c>readByQuery</c> over the run's window on <c>WHENMODIFIED</c>
/// (from the checkpoint less the lookback, to the frozen upper bound, both inclusive, to the
/// second), then <c>readMore</c> by <c>resultId</c> until <c>numremaining</c> is 0. The
/// <c>resultId</c> is the page token. <c>readByQuery</c> cannot sort, so a result set is an
/// unordered snapshot: its pages are stored as they come but the checkpoint moves only after its
/// last page, to the highest version in the whole set (carried in the token). A crash or an
/// expired <c>resultId</c> re-reads the set from the checkpoint, and the upserts drop what was
/// already stored. A <c>readMore</c> whose <c>numremaining</c> does not go down is a paging loop.
/// </summary>
internal sealed class IntacctStream(IntacctClient client, IntacctMapper mapper, IntacctObjectRead read) : IStreamSource
{
    /// <summary>The largest page <c>readByQuery</c> accepts.</summary>
    public const int MaxPageSize = 1000;

    public string Name => read.Stream;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        IntacctData data;
        Token? previous = null;
        if (request.PageToken is null)
        {
            var size = Math.Clamp(request.PageSize, 1, MaxPageSize);
            data = await client.ReadAsync(read.Stream, IntacctRequestWriter.ReadByQuery(read.Object, Query(request), read.Fields, size, read.DocParId), readMore: false, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            previous = Token.Parse(request.PageToken, read.Stream);
            data = await client.ReadAsync(read.Stream, IntacctRequestWriter.ReadMore(previous.ResultId), readMore: true, cancellationToken).ConfigureAwait(false);
        }

        var remaining = data.NumRemaining ?? 0;
        if (previous is not null && remaining > 0 && (remaining >= previous.Remaining || data.Rows.Count == 0))
        {
            throw new SyncException(SyncErrorKind.Permanent,
                $"{client.Where(read.Stream)}: readMore answered {data.Rows.Count} rows and {remaining} remaining after {previous.Remaining} remaining (a paging loop); stopped, the checkpoint is where the last complete result set left it");
        }

        if (remaining > 0 && data.ResultId is null)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{client.Where(read.Stream)}: {remaining} rows remain but the answer has no resultId; nothing stored");
        }

        var outcomes = await read.Map(data.Rows, cancellationToken).ConfigureAwait(false);
        var records = new List<ISourceRecord>();
        var rejected = new List<RejectedRow>();
        var highest = previous?.Highest;
        foreach (var outcome in outcomes)
        {
            if (outcome.Cursor is { } at && at.UpdatedAt > request.UpdatedTo)
            {
                continue; // changed after the run's upper bound: read next run
            }

            records.AddRange(outcome.Records);
            highest = SyncCursor.Max(highest, outcome.Cursor);
            if (outcome.Rejected is { } reason)
            {
                rejected.Add(reason);
            }
        }

        var next = remaining > 0 ? new Token(data.ResultId!, remaining, highest).ToString() : null;
        return new SourcePage(records, rejected, data.Rows.Count, next is null ? highest : null, next) { Snapshot = true };
    }

    private string Query(PageRequest request)
    {
        var to = $"{IntacctMapper.WhenModified} <= '{mapper.ToLocalText(Second(request.UpdatedTo))}'";
        var window = request.UpdatedFrom is { } from ? $"{IntacctMapper.WhenModified} >= '{mapper.ToLocalText(Second(from))}' AND {to}" : to;
        return read.Condition is { } condition ? $"{window} AND {condition}" : window;
    }

    private static DateTimeOffset Second(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The page token: the rows still to come, the highest cursor so far and the resultId (last: it may hold any character).</summary>
    private sealed record Token(string ResultId, int Remaining, SyncCursor? Highest)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Remaining}|{(Highest is null ? "-" : Highest.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture))}|{Uri.EscapeDataString(Highest?.Id ?? "")}|{ResultId}");

        public static Token Parse(string text, string stream)
        {
            var parts = text.Split('|', 4);
            if (parts.Length == 4 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var remaining) && parts[3].Length > 0)
            {
                if (parts[1] == "-")
                {
                    return new Token(parts[3], remaining, null);
                }

                if (long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks))
                {
                    return new Token(parts[3], remaining, new SyncCursor(new DateTimeOffset(ticks, TimeSpan.Zero), Uri.UnescapeDataString(parts[2])));
                }
            }

            throw new SyncException(SyncErrorKind.Permanent, $"{stream}: unreadable page token");
        }
    }
}
