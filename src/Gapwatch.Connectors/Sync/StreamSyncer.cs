using Gapwatch.Files.Import;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Sync;

/// <summary>
/// Reads one stream page by page from its checkpoint up to the run's frozen upper bound. Every
/// page is validated with the import's rules and committed with its cursor in one transaction, so
/// a crash anywhere leaves the store and the cursor consistent; a page that fails is never passed.
/// </summary>
internal sealed class StreamSyncer(
    string source,
    IStreamSource stream,
    ISyncStateStore store,
    SyncOptions options,
    IProgress<StreamProgress>? progress)
{
    private int pages;
    private int advancingPages;
    private int recordsRead;
    private int quarantined;
    private UpsertResult upserted = UpsertResult.Empty;

    public async Task<StreamResult> RunAsync(DateTimeOffset upperBound, CancellationToken cancellationToken)
    {
        var before = store.Checkpoint(source, stream.Name)?.Cursor;
        if (before is not null && before.UpdatedAt > upperBound)
        {
            return Result(StreamStatus.Skipped, before, before, null,
                $"the stored cursor ({before}) is ahead of this run's upper bound ({upperBound:O}); nothing read. Is the source clock or the stored state wrong?");
        }

        try
        {
            var status = await ReadAllAsync(before, upperBound, cancellationToken).ConfigureAwait(false);
            return Result(status, before, Current(), null, status == StreamStatus.Partial ? $"stopped after {advancingPages} new pages (the limit per run); the next run continues" : null);
        }
        catch (SyncException failure)
        {
            return Result(StreamStatus.Failed, before, Current(), failure.Kind, failure.Message);
        }
    }

    private async Task<StreamStatus> ReadAllAsync(SyncCursor? before, DateTimeOffset upperBound, CancellationToken cancellationToken)
    {
        var from = before is null ? (DateTimeOffset?)null : before.UpdatedAt - options.Lookback;
        var window = new QueryWindow(from);
        var restarts = 0;
        while (advancingPages < options.MaxPagesPerRun)
        {
            SourcePage page;
            try
            {
                page = await stream.ReadPageAsync(new PageRequest(window.From, upperBound, window.Token, options.PageSize), cancellationToken).ConfigureAwait(false);
            }
            catch (SyncException expired) when (expired.PageTokenExpired && window.Token is not null && restarts < options.MaxRestarts)
            {
                restarts++;
                window = new QueryWindow(Current()?.UpdatedAt ?? from);
                continue;
            }

            Commit(page);
            if (page.NextPageToken is null)
            {
                return StreamStatus.Completed;
            }

            window = page.Snapshot ? window with { Token = page.NextPageToken } : Advance(window, page.NextPageToken);
        }

        return StreamStatus.Partial;
    }

    private QueryWindow Advance(QueryWindow window, string nextToken)
    {
        if (!window.SeenTokens.Add(nextToken))
        {
            throw new SyncException(SyncErrorKind.Permanent,
                $"{stream.Name}: the source returned the same next-page token twice after {window.Pages} pages (a paging loop); stopped at the last committed page");
        }

        var next = window with { Token = nextToken, Pages = window.Pages + 1 };
        if (next.Pages < options.MaxPagesPerQuery)
        {
            return next;
        }

        // Restart the query from the committed cursor (inclusive) to stay under the source's pagination cap.
        var committed = Current()?.UpdatedAt;
        if (committed is null || committed == window.From)
        {
            throw new SyncException(SyncErrorKind.Permanent,
                $"{stream.Name}: more than {options.MaxPagesPerQuery} pages of records share one updated_at ({committed:O}); raise the page limit per query");
        }

        return new QueryWindow(committed);
    }

    /// <summary>
    /// Commits one page. Only pages that move the cursor count towards the page limit of a run:
    /// re-reading rows at or before the checkpoint (the inclusive lower bound, the lookback, many
    /// rows sharing one updated_at) must not stop a run before it makes progress.
    /// </summary>
    private void Commit(SourcePage page)
    {
        var accepted = new List<ISourceRecord>(page.Records.Count);
        var rejected = page.Rejected.Select(r => new QuarantinedRecord(source, stream.Name, r.ExternalId, r.Reason)).ToList();
        foreach (var record in page.Records)
        {
            var errors = RecordValidator.Validate(record, $"{source} {stream.Name}");
            if (errors.Count == 0)
            {
                accepted.Add(record);
            }
            else
            {
                rejected.Add(new QuarantinedRecord(source, stream.Name, record.Key, string.Join("; ", errors.Select(e => $"{e.Column}: {e.Message}"))));
            }
        }

        var before = Current();
        var commit = store.CommitPage(source, stream.Name, accepted, rejected, page.Cursor, page.Rewind);
        pages++;
        if (commit.Cursor is not null && (before is null || commit.Cursor > before))
        {
            advancingPages++;
        }

        recordsRead += page.RowsRead;
        quarantined += commit.Quarantined;
        upserted = upserted.Plus(commit.Upserted);
        progress?.Report(new StreamProgress(source, stream.Name, pages, recordsRead, upserted.Inserted + upserted.Updated, commit.Cursor, page.NextPageToken is null));
    }

    private SyncCursor? Current() => store.Checkpoint(source, stream.Name)?.Cursor;

    private StreamResult Result(StreamStatus status, SyncCursor? before, SyncCursor? after, SyncErrorKind? kind, string? message) =>
        new(stream.Name, status, recordsRead, upserted, quarantined, pages, before, after, kind, message);

    /// <summary>One query over the stream: its lower bound, the page token within it and the tokens it has given.</summary>
    private sealed record QueryWindow(DateTimeOffset? From)
    {
        public string? Token { get; init; }

        public int Pages { get; init; }

        public HashSet<string> SeenTokens { get; init; } = new(StringComparer.Ordinal);
    }
}
