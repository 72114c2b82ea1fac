using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Shopify;

/// <summary>Bulk backfill limits.</summary>
public sealed record ShopifyBulkOptions
{
    /// <summary>Between two status polls of a running bulk operation.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a bulk operation may run before the backfill is deferred to the next run.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromHours(2);
}

/// <summary>
/// A stream's first backfill as a Shopify bulk operation: starts it, polls it on the clock, then
/// streams the JSONL result line by line (never the whole file in memory), rebuilding each parent
/// with its child lines and mapping it like a paged node. The file is not ordered by
/// <c>updated_at</c>, so pages carry no cursor until the last one, which carries the highest cursor
/// of the whole file: a backfill cut short starts again, and a finished one hands over to the paged
/// incremental queries. The open file lives in this object between pages; a page token it does not
/// know (another process, a restart) is refused as expired, so the syncer starts over.
/// </summary>
internal sealed class ShopifyBulkStream(
    string name,
    Func<string, string> query,
    IReadOnlyDictionary<string, string> childFields,
    Func<JsonElement, NodeOutcome> map,
    ShopifyGraphQlClient client,
    TimeProvider clock,
    ShopifyBulkOptions options) : IDisposable
{
    private BulkFile? file;

    private string Name => name;

    private ShopifyGraphQlClient Client => client;

    public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        if (request.PageToken is null)
        {
            Dispose();
            file = await OpenAsync(request, cancellationToken).ConfigureAwait(false);
        }
        else if (file is null || request.PageToken != file.Token)
        {
            throw new SyncException(SyncErrorKind.Retryable, $"{client.Where(name)}: the bulk export this page belongs to is gone (a new process?)") { PageTokenExpired = true };
        }

        try
        {
            var page = await file.ReadPageAsync(request.PageSize, cancellationToken).ConfigureAwait(false);
            if (page.NextPageToken is null)
            {
                Dispose();
            }

            return page;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        file?.Dispose();
        file = null;
    }

    private async Task<BulkFile> OpenAsync(PageRequest request, CancellationToken cancellationToken)
    {
        var search = ShopifyStream.Search(request).Replace("\"", "\\\"", StringComparison.Ordinal);
        var started = await client.RunAsync(ShopifyBulkQueries.Start, new { query = query(search) }, name, cancellationToken).ConfigureAwait(false);
        var payload = started.Data?.BulkOperationRunQuery;
        if (payload?.UserErrors is { Count: > 0 } errors || payload?.BulkOperation?.Id is null)
        {
            var message = string.Join("; ", (payload?.UserErrors ?? []).Select(e => e.Message));
            throw new SyncException(SyncErrorKind.Retryable, $"{client.Where(name)}: Shopify did not start the bulk export ({(message.Length > 0 ? message : "no operation returned")})");
        }

        var done = await WaitAsync(payload.BulkOperation.Id, cancellationToken).ConfigureAwait(false);
        var response = done.Url is { } url ? await client.DownloadAsync(new Uri(url), name, cancellationToken).ConfigureAwait(false) : null;
        return new BulkFile(this, done.Id!, response, response is null ? null : await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
    }

    private NodeOutcome Map(JsonElement node) => map(node);

    private string? ChildField(string parentType) => childFields.GetValueOrDefault(parentType);

    private async Task<BulkOperationNode> WaitAsync(string id, CancellationToken cancellationToken)
    {
        var deadline = clock.GetUtcNow() + options.MaxWait;
        while (true)
        {
            var polled = await client.RunAsync(ShopifyBulkQueries.Poll, new { id }, name, cancellationToken).ConfigureAwait(false);
            var operation = polled.Data?.Node ?? throw new SyncException(SyncErrorKind.Retryable, $"{client.Where(name)}: the bulk export {id} is unknown to Shopify");
            switch (operation.Status)
            {
                case "COMPLETED":
                    return operation;
                case "CREATED" or "RUNNING":
                    break;
                default:
                    var kind = operation.ErrorCode == "ACCESS_DENIED" ? SyncErrorKind.Permanent : SyncErrorKind.Retryable;
                    throw new SyncException(kind, $"{client.Where(name)}: the bulk export ended {operation.Status} ({operation.ErrorCode ?? "no error code"})");
            }

            if (clock.GetUtcNow() + options.PollInterval > deadline)
            {
                throw new SyncException(SyncErrorKind.Retryable, $"{client.Where(name)}: the bulk export still runs after {options.MaxWait}; deferred to the next run");
            }

            await Task.Delay(options.PollInterval, clock, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One downloaded result file, read a group (a parent and its child lines) at a time.</summary>
    private sealed class BulkFile(ShopifyBulkStream owner, string id, HttpResponseMessage? response, Stream? body) : IDisposable
    {
        private readonly StreamReader? reader = body is null ? null : new StreamReader(body, Encoding.UTF8);
        private JsonObject? lookahead;
        private bool ended = body is null;
        private int pages;
        private SyncCursor? highest;

        public string Token => $"bulk:{id}:{pages}";

        public async Task<SourcePage> ReadPageAsync(int pageSize, CancellationToken cancellationToken)
        {
            var records = new List<ISourceRecord>();
            var rejected = new List<RejectedRow>();
            var rows = 0;
            while (rows < pageSize && await NextGroupAsync(cancellationToken).ConfigureAwait(false) is { } group)
            {
                rows++;
                var outcome = owner.Map(JsonSerializer.SerializeToElement(group));
                records.AddRange(outcome.Records);
                highest = SyncCursor.Max(highest, outcome.Cursor);
                if (outcome.Rejected is { } row)
                {
                    rejected.Add(row);
                }
            }

            pages++;
            var more = lookahead is not null || !ended;
            return new SourcePage(records, rejected, rows, more ? null : highest, more ? Token : null) { Snapshot = true };
        }

        public void Dispose()
        {
            reader?.Dispose();
            response?.Dispose();
        }

        /// <summary>The next parent with its children folded back in, or null at the end of the file.</summary>
        private async Task<JsonObject?> NextGroupAsync(CancellationToken cancellationToken)
        {
            var parent = lookahead ?? await ReadLineAsync(cancellationToken).ConfigureAwait(false);
            lookahead = null;
            if (parent is null)
            {
                return null;
            }

            if (parent.ContainsKey("__parentId"))
            {
                throw Broken("a child line came before any parent");
            }

            while (await ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                if (!line.ContainsKey("__parentId"))
                {
                    lookahead = line;
                    break;
                }

                Attach(parent, line);
            }

            return parent;
        }

        private void Attach(JsonObject parent, JsonObject child)
        {
            var parentId = child["__parentId"]?.GetValue<string>() ?? "";
            child.Remove("__parentId");
            var target = parentId == parent["id"]?.GetValue<string>()
                ? parent
                : (parent["refunds"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(r => r["id"]?.GetValue<string>() == parentId)
                  ?? throw Broken($"a child line of {parentId} is not under its parent (groupObjects must be on)");
            var type = parentId.Split('/') is { Length: > 3 } parts ? parts[3] : "";
            var field = owner.ChildField(type) ?? throw Broken($"a child line of an unexpected parent type '{type}'");
            if (target[field] is not JsonObject connection)
            {
                target[field] = connection = new JsonObject { ["nodes"] = new JsonArray() };
            }

            ((JsonArray)connection["nodes"]!).Add(child);
        }

        private async Task<JsonObject?> ReadLineAsync(CancellationToken cancellationToken)
        {
            if (reader is null)
            {
                return null;
            }

            try
            {
                while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
                {
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        return JsonNode.Parse(text) as JsonObject ?? throw Broken("a line is not a JSON object");
                    }
                }

                ended = true;
                return null;
            }
            catch (JsonException e)
            {
                throw new SyncException(SyncErrorKind.Retryable, $"{owner.Client.Where(owner.Name)}: the bulk result file is cut off or malformed ({e.Message}); the next run starts the backfill again", e);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new SyncException(SyncErrorKind.Retryable, $"{owner.Client.Where(owner.Name)}: the connection broke while the bulk result file was read", e);
            }
        }

        private SyncException Broken(string what) =>
            new(SyncErrorKind.Retryable, $"{owner.Client.Where(owner.Name)}: the bulk result file is not as expected: {what}");
    }
}
