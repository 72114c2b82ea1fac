using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.Shopify;

/// <summary>Answers Admin GraphQL requests for the simulator: authentication, paging, cost and faults.</summary>
internal sealed partial class ShopifyGraphQlHandler(ShopifyDataset data, ShopifySimulatorOptions options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> lastCursor = [];
    private readonly Dictionary<string, BulkExport> bulk = [];
    private decimal available = options.BucketSize;
    private DateTimeOffset lastRefill = options.Clock.GetUtcNow();

    public ShopifyDataset Data => data;

    public ShopifySimulatorOptions Options => options;

    public SimulatorControls<ShopifyFault, ShopifyRequestLog> Controls { get; } = new();

    public async Task HandleAsync(HttpContext context)
    {
        var request = await ReadRequestAsync(context).ConfigureAwait(false);
        await Controls.ArriveAsync(n => new ShopifyRequestLog(n, request.Resource, request.After, request.Query, request.First)).ConfigureAwait(false);
        var version = context.Request.RouteValues["version"] as string;
        if (!options.ApiVersions.Contains(version))
        {
            await Json(context, 404, new JsonObject { ["errors"] = "Not Found" }).ConfigureAwait(false);
            return;
        }

        if (Controls.Revoked || context.Request.Headers["X-Shopify-Access-Token"] != options.AccessToken)
        {
            await Json(context, 401, new JsonObject { ["errors"] = "[API] Invalid API key or access token (unrecognized login or wrong password)" }).ConfigureAwait(false);
            return;
        }

        if (TakeFault(request) is { } fault)
        {
            await ServeFaultAsync(context, fault, request).ConfigureAwait(false);
            return;
        }

        await AnswerAsync(context, request).ConfigureAwait(false);
    }

    private async Task AnswerAsync(HttpContext context, GraphQlRequest request, bool repeatCursor = false)
    {
        if (request.Document.Contains("bulkOperationRunQuery", StringComparison.Ordinal))
        {
            await Json(context, 200, StartBulk(context, request)).ConfigureAwait(false);
            return;
        }

        if (request.Document.Contains("BulkOperation", StringComparison.Ordinal) && request.Id is { } id)
        {
            await Json(context, 200, PollBulk(context, id)).ConfigureAwait(false);
            return;
        }

        if (request.Resource is null)
        {
            await Json(context, 200, Errors("Field selection is not one of customers, companies, orders", "BAD_REQUEST")).ConfigureAwait(false);
            return;
        }

        if (request.First is < 1 || request.First > options.MaxPageSize)
        {
            await Json(context, 200, Errors($"The page size requested ({request.First}) must be between 1 and {options.MaxPageSize}.", "BAD_REQUEST")).ConfigureAwait(false);
            return;
        }

        var requested = request.First + 2m;
        if (!Charge(requested, out var status))
        {
            var throttled = Errors("Throttled", "THROTTLED");
            throttled["extensions"] = Cost(requested, null, status);
            await Json(context, 200, throttled).ConfigureAwait(false);
            return;
        }

        if (request.After is { } after && Position.Decode(after) is null)
        {
            await Json(context, 200, Errors("Invalid cursor for current pagination sort.", "BAD_REQUEST")).ConfigureAwait(false);
            return;
        }

        var page = Page(request);
        var endCursor = page.Count > 0 ? Position.Encode(page[^1]) : null;
        var hasNext = page.Count > 0 && Matching(request).Any(o => Position.Of(o).CompareTo(Position.Of(page[^1])) > 0);
        if (repeatCursor)
        {
            lock (gate)
            {
                endCursor = lastCursor.GetValueOrDefault(request.Resource) ?? endCursor;
                hasNext = true;
            }
        }

        lock (gate)
        {
            if (endCursor is not null)
            {
                lastCursor[request.Resource] = endCursor;
            }
        }

        var body = new JsonObject
        {
            ["data"] = new JsonObject
            {
                [request.Resource] = new JsonObject
                {
                    ["pageInfo"] = new JsonObject { ["hasNextPage"] = hasNext, ["endCursor"] = endCursor },
                    ["nodes"] = new JsonArray([.. page.Select(o => ShopifyMetafieldSelection.Serve(o.Json, request.Document))]),
                },
            },
            ["extensions"] = Cost(requested, page.Count + 2m, status),
        };
        await Json(context, 200, body).ConfigureAwait(false);
    }

    /// <summary>
    /// Serves a finished bulk export's JSONL, written row by row to the response so a million-order
    /// file is never one string (faults for resource <c>bulk</c> apply: truncated, 5xx). A truncated
    /// file ends halfway through its rows, in the middle of a line.
    /// </summary>
    public async Task DownloadAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? "";
        BulkExport? export;
        lock (gate)
        {
            bulk.TryGetValue(id, out export);
        }

        if (export is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        var fault = TakeFault(new GraphQlRequest("bulk", 0, null, null, "", null));
        if (fault?.Kind == ShopifyFaultKind.ServerError)
        {
            context.Response.StatusCode = fault.StatusCode;
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/jsonl";
        var cutAfter = fault?.Kind == ShopifyFaultKind.TruncatedJson ? export.Roots.Count / 2 : int.MaxValue;
        var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            for (var i = 0; i < export.Roots.Count; i++)
            {
                var lines = BulkLines(export.Roots[i], export.Query);
                if (i == cutAfter)
                {
                    await writer.WriteAsync(lines[0].AsMemory(0, lines[0].Length / 2), context.RequestAborted).ConfigureAwait(false);
                    break;
                }

                foreach (var line in lines)
                {
                    await writer.WriteAsync(line.AsMemory(), context.RequestAborted).ConfigureAwait(false);
                    await writer.WriteAsync("\n".AsMemory(), context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>One root object's lines, as <paramref name="query"/> selects it: itself without its nested connections, then each nested node with <c>__parentId</c>.</summary>
    private static List<string> BulkLines(ShopifyObject item, string query)
    {
        var json = ShopifyMetafieldSelection.Serve(item.Json, query);
        var children = new List<JsonObject>();
        Flatten(json, null, children);
        return [json.ToJsonString(), .. children.Select(c => c.ToJsonString())];
    }

    /// <summary>How many child lines <see cref="Flatten"/> moves out of <paramref name="node"/>, counted without copying it.</summary>
    private static int BulkChildCount(JsonObject node) => node.Sum(property => property.Value switch
    {
        JsonObject { Count: 1 } connection when connection["nodes"] is JsonArray nodes => nodes.OfType<JsonObject>().Count(),
        JsonObject inner => BulkChildCount(inner),
        JsonArray list => list.OfType<JsonObject>().Sum(BulkChildCount),
        _ => 0,
    });

    private JsonObject StartBulk(HttpContext context, GraphQlRequest request)
    {
        var inner = request.Query ?? TripleQuoted().Match(request.Document).Groups[1].Value;
        var resource = RootField().Match(inner) is { Success: true } m ? m.Groups[1].Value : null;
        if (resource is null)
        {
            return new JsonObject { ["data"] = new JsonObject { ["bulkOperationRunQuery"] = new JsonObject
            {
                ["bulkOperation"] = null,
                ["userErrors"] = new JsonArray(new JsonObject { ["message"] = "Bulk queries must contain at least one connection.", ["code"] = "INVALID" }),
            } } };
        }

        var filters = Filters(inner);
        // Newest first: a bulk file is not in updated_at order, and readers must not rely on one. The
        // snapshot is immutable (a change makes a new one), so the file is as of now, written on download.
        List<ShopifyObject> roots = [.. data.Snapshot(resource).Where(o => filters.All(f => f(o.UpdatedAt))).Reverse()];
        var objects = roots.Sum(o => 1 + BulkChildCount(o.Json));
        string id;
        lock (gate)
        {
            id = (bulk.Count + 1).ToString(CultureInfo.InvariantCulture);
            bulk[id] = new BulkExport(roots, inner, objects, options.BulkPollsUntilDone);
        }

        return new JsonObject { ["data"] = new JsonObject { ["bulkOperationRunQuery"] = new JsonObject
        {
            ["bulkOperation"] = new JsonObject { ["id"] = "gid://shopify/BulkOperation/" + id, ["status"] = "CREATED" },
            ["userErrors"] = new JsonArray(),
        } } };
    }

    private JsonObject PollBulk(HttpContext context, string gid)
    {
        var id = gid[(gid.LastIndexOf('/') + 1)..];
        lock (gate)
        {
            if (!bulk.TryGetValue(id, out var export))
            {
                return new JsonObject { ["data"] = new JsonObject { ["node"] = null } };
            }

            var done = export.PollsLeft <= 0;
            bulk[id] = export with { PollsLeft = export.PollsLeft - 1 };
            var objects = export.Objects;
            return new JsonObject { ["data"] = new JsonObject { ["node"] = new JsonObject
            {
                ["id"] = gid,
                ["status"] = done ? "COMPLETED" : "RUNNING",
                ["errorCode"] = null,
                ["objectCount"] = objects.ToString(CultureInfo.InvariantCulture),
                ["url"] = done && objects > 0 ? $"{context.Request.Scheme}://{context.Request.Host}/bulk/{id}.jsonl" : null,
            } } };
        }
    }

    /// <summary>Moves every nested connection's nodes out of <paramref name="node"/> into lines with <c>__parentId</c>, as bulk output does.</summary>
    private static void Flatten(JsonObject node, string? nearestId, List<JsonObject> children)
    {
        var id = node["id"] is JsonValue v && v.TryGetValue<string>(out var own) ? own : nearestId;
        foreach (var (name, value) in node.ToList())
        {
            if (value is JsonObject { Count: 1 } connection && connection["nodes"] is JsonArray nodes)
            {
                node.Remove(name);
                foreach (var child in nodes.OfType<JsonObject>().Select(n => (JsonObject)n.DeepClone()))
                {
                    child["__parentId"] = id;
                    children.Add(child);
                }
            }
            else if (value is JsonObject inner)
            {
                Flatten(inner, id, children);
            }
            else if (value is JsonArray list)
            {
                foreach (var element in list.OfType<JsonObject>())
                {
                    Flatten(element, id, children);
                }
            }
        }
    }

    private List<ShopifyObject> Page(GraphQlRequest request)
    {
        var after = request.After is { } cursor ? Position.Decode(cursor) : null;
        return [.. Matching(request).Where(o => after is null || Position.Of(o).CompareTo(after.Value) > 0).Take(request.First)];
    }

    private IEnumerable<ShopifyObject> Matching(GraphQlRequest request)
    {
        var filters = Filters(request.Query);
        return data.Snapshot(request.Resource!).Where(o => filters.All(f => f(o.UpdatedAt)));
    }

    /// <summary>The <c>updated_at</c> comparisons of a search query; other terms are ignored.</summary>
    private static List<Func<DateTimeOffset, bool>> Filters(string? query)
    {
        var filters = new List<Func<DateTimeOffset, bool>>();
        foreach (Match match in UpdatedAtTerm().Matches(query ?? ""))
        {
            var bound = DateTimeOffset.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            filters.Add(match.Groups[1].Value switch
            {
                ">=" => at => at >= bound,
                ">" => at => at > bound,
                "<=" => at => at <= bound,
                "<" => at => at < bound,
                _ => at => at == bound,
            });
        }

        return filters;
    }

    private bool Charge(decimal requested, out JsonObject status)
    {
        lock (gate)
        {
            var now = options.Clock.GetUtcNow();
            var elapsed = (decimal)(now - lastRefill).TotalMilliseconds / 1000m;
            available = Math.Min(options.BucketSize, available + Math.Max(0m, elapsed) * options.RestoreRate);
            lastRefill = now;
            var granted = available >= requested;
            if (granted)
            {
                available -= requested;
            }

            status = new JsonObject { ["maximumAvailable"] = options.BucketSize, ["currentlyAvailable"] = available, ["restoreRate"] = options.RestoreRate };
            return granted;
        }
    }

    private static JsonObject Cost(decimal requested, decimal? actual, JsonObject status) => new()
    {
        ["cost"] = new JsonObject { ["requestedQueryCost"] = requested, ["actualQueryCost"] = actual, ["throttleStatus"] = status.DeepClone() },
    };

    private static JsonObject Errors(string message, string code) => new()
    {
        ["errors"] = new JsonArray(new JsonObject { ["message"] = message, ["extensions"] = new JsonObject { ["code"] = code } }),
    };

    /// <summary>The queued fault for this request; a cursor fault only hits requests that carry a cursor.</summary>
    private ShopifyFault? TakeFault(GraphQlRequest request) =>
        Controls.Faults.Take(request.Resource, fault => fault.Kind != ShopifyFaultKind.InvalidCursor || request.After is not null);

    private async Task ServeFaultAsync(HttpContext context, ShopifyFault fault, GraphQlRequest request)
    {
        switch (fault.Kind)
        {
            case ShopifyFaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = fault.RetryAfter ?? "2.0";
                await Json(context, 429, new JsonObject { ["errors"] = "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.ServerError:
                await Json(context, fault.StatusCode, new JsonObject { ["errors"] = "Internal Server Error" }).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.ConnectionReset:
                await FaultAnswers.ResetConnection(context).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.Throttled:
                var throttled = Errors("Throttled", "THROTTLED");
                throttled["extensions"] = Cost(request.First + 2m, null, new JsonObject { ["maximumAvailable"] = options.BucketSize, ["currentlyAvailable"] = 0m, ["restoreRate"] = options.RestoreRate });
                await Json(context, 200, throttled).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.TruncatedJson:
                await TruncatedAsync(context, request).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.HtmlPage:
                await FaultAnswers.MaintenancePage(context).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.Unauthorized:
                await Json(context, 401, new JsonObject { ["errors"] = "[API] Invalid API key or access token (unrecognized login or wrong password)" }).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.InvalidCursor:
                await Json(context, 200, Errors("Invalid cursor for current pagination sort.", "BAD_REQUEST")).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.Hang:
                await FaultAnswers.Hang(context).ConfigureAwait(false);
                break;
            case ShopifyFaultKind.RepeatCursor:
                await AnswerAsync(context, request, repeatCursor: true).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault");
        }
    }

    private async Task TruncatedAsync(HttpContext context, GraphQlRequest request)
    {
        var page = Page(request);
        var full = new JsonObject
        {
            ["data"] = new JsonObject
            {
                [request.Resource ?? "orders"] = new JsonObject
                {
                    ["pageInfo"] = new JsonObject { ["hasNextPage"] = false, ["endCursor"] = null },
                    ["nodes"] = new JsonArray([.. page.Select(o => ShopifyMetafieldSelection.Serve(o.Json, request.Document))]),
                },
            },
        }.ToJsonString();
        await FaultAnswers.TruncatedBody(context, full, FaultAnswers.JsonContentType).ConfigureAwait(false);
    }

    private static async Task<GraphQlRequest> ReadRequestAsync(HttpContext context)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
            var root = document.RootElement;
            var query = root.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String ? q.GetString() ?? "" : "";
            var variables = root.TryGetProperty("variables", out var v) && v.ValueKind == JsonValueKind.Object ? v : default;
            string? Text(string name) => variables.ValueKind == JsonValueKind.Object && variables.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            var first = variables.ValueKind == JsonValueKind.Object && variables.TryGetProperty("first", out var f) && f.TryGetInt32(out var n) ? n : 0;
            var resource = RootField().Match(query) is { Success: true } m ? m.Groups[1].Value : null;
            return new GraphQlRequest(resource, first, Text("after"), Text("query"), query, Text("id"));
        }
        catch (JsonException)
        {
            return new GraphQlRequest(null, 0, null, null, "", null);
        }
    }

    private static Task Json(HttpContext context, int status, JsonObject body) => FaultAnswers.WriteJson(context, status, body);

    [GeneratedRegex(@"\b(customers|companies|orders)\s*\(")]
    private static partial Regex RootField();

    [GeneratedRegex(@"updated_at:(>=|<=|>|<)'([^']+)'")]
    private static partial Regex UpdatedAtTerm();

    [GeneratedRegex("\"\"\"(.*?)\"\"\"", RegexOptions.Singleline)]
    private static partial Regex TripleQuoted();

    private sealed record GraphQlRequest(string? Resource, int First, string? After, string? Query, string Document, string? Id);

    /// <summary>A bulk file as of its start: the root objects, newest first, the query that selects their fields, and its line count (roots and nested nodes; a served metafield is not a line).</summary>
    private sealed record BulkExport(IReadOnlyList<ShopifyObject> Roots, string Query, int Objects, int PollsLeft);

    /// <summary>A position in UPDATED_AT order, encoded as an opaque cursor.</summary>
    private readonly record struct Position(long Ticks, string Id) : IComparable<Position>
    {
        public static Position Of(ShopifyObject o) => new(o.UpdatedAt.UtcTicks, o.Id);

        public static string Encode(ShopifyObject o) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.UpdatedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{o.Id}"));

        public static Position? Decode(string cursor)
        {
            try
            {
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|', 2);
                return parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) ? new Position(ticks, parts[1]) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        public int CompareTo(Position other)
        {
            var byTime = Ticks.CompareTo(other.Ticks);
            return byTime != 0 ? byTime : ShopifyDataset.IdComparer.Instance.Compare(Id, other.Id);
        }
    }
}
