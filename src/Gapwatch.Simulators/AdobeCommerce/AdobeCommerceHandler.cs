using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.AdobeCommerce;

/// <summary>Answers searchCriteria list requests for the simulator: store code, Bearer token, filters, sort, paging and faults.</summary>
internal sealed partial class AdobeCommerceHandler(AdobeCommerceDataset data, AdobeCommerceSimulatorOptions options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> lastAnswer = [];

    public AdobeCommerceDataset Data => data;

    public AdobeCommerceSimulatorOptions Options => options;

    public SimulatorControls<AdobeCommerceFault, AdobeCommerceRequestLog> Controls { get; } = new();

    public async Task HandleAsync(HttpContext context, string resource)
    {
        var criteria = Criteria.Parse(context.Request.Query);
        await Controls.ArriveAsync(n => new AdobeCommerceRequestLog(n, resource, criteria.Describe(), string.Join(", ", criteria.Sorts.Select(s => $"{s.Field} {s.Direction}")), criteria.PageSize ?? 0, criteria.CurrentPage)).ConfigureAwait(false);

        if (!options.StoreCodes.Contains(context.Request.RouteValues["store"] as string))
        {
            await Error(context, 404, "The store that was requested wasn't found. Verify the store and try again.", new JsonArray()).ConfigureAwait(false);
            return;
        }

        if (Controls.Revoked || context.Request.Headers.Authorization != "Bearer " + options.AccessToken)
        {
            await Unauthorized(context).ConfigureAwait(false);
            return;
        }

        if (resource == AdobeCommerceDataset.Companies && !options.B2B)
        {
            await Error(context, 404, "Request does not match any route.", new JsonArray()).ConfigureAwait(false);
            return;
        }

        if (Controls.Faults.Take(resource) is { } fault)
        {
            await ServeFaultAsync(context, fault, resource, criteria).ConfigureAwait(false);
            return;
        }

        if (criteria.Problem is { } problem)
        {
            await Error(context, 400, problem.Message, problem.Parameters).ConfigureAwait(false);
            return;
        }

        if (criteria.PageSize is { } size && options.MaxPageSize is { } max && size > max)
        {
            await Error(context, 400, "Maximum SearchCriteria pageSize is %max", new JsonObject { ["max"] = max }).ConfigureAwait(false);
            return;
        }

        var answer = Answer(resource, criteria);
        lock (gate)
        {
            lastAnswer[resource] = answer;
        }

        await Write(context, 200, answer).ConfigureAwait(false);
    }

    /// <summary>
    /// Filters (groups AND'd, filters in a group OR'd), sorts and pages. Pages are 1-based, page 0 is
    /// page 1, and a page past the end is the last page again, as Magento does.
    /// </summary>
    private string Answer(string resource, Criteria criteria)
    {
        // The keyset sort every connector page asks for is served from a snapshot already in that order.
        var byVersion = criteria.Sorts is [("updated_at", var first), ("entity_id", var second)]
            && string.Equals(first, "ASC", StringComparison.OrdinalIgnoreCase) && string.Equals(second, "ASC", StringComparison.OrdinalIgnoreCase);
        IEnumerable<AdobeCommerceObject> matching = (byVersion ? data.SnapshotByVersion(resource) : data.Snapshot(resource))
            .Where(o => criteria.Groups.All(g => g.Any(f => f.Matches(o))));
        IOrderedEnumerable<AdobeCommerceObject>? sorted = null;
        foreach (var (field, direction) in byVersion ? [] : criteria.Sorts)
        {
            var descending = string.Equals(direction, "DESC", StringComparison.OrdinalIgnoreCase);
            Func<AdobeCommerceObject, string?> key = o => Filter.Of(o, field);
            sorted = sorted is null
                ? (descending ? matching.OrderByDescending(key, ValueComparer.Instance) : matching.OrderBy(key, ValueComparer.Instance))
                : (descending ? sorted.ThenByDescending(key, ValueComparer.Instance) : sorted.ThenBy(key, ValueComparer.Instance));
        }

        var all = byVersion ? matching.ToList() : (sorted ?? matching.OrderBy(o => o.Id)).ToList();
        var size = criteria.PageSize ?? Math.Max(all.Count, 1);
        var lastPage = Math.Max(1, (all.Count + size - 1) / size);
        var page = Math.Min(Math.Max(criteria.CurrentPage, 1), lastPage);
        var items = all.Skip((page - 1) * size).Take(size).Select(o => o.Json.DeepClone());
        return new JsonObject
        {
            ["items"] = new JsonArray([.. items]),
            ["search_criteria"] = criteria.Echo(),
            ["total_count"] = all.Count,
        }.ToJsonString();
    }

    private async Task ServeFaultAsync(HttpContext context, AdobeCommerceFault fault, string resource, Criteria criteria)
    {
        switch (fault.Kind)
        {
            case AdobeCommerceFaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = fault.RetryAfter ?? "2";
                await Error(context, 429, "Too many requests", new JsonArray()).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.ServerError:
                if (fault.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = wait;
                }

                await Error(context, fault.StatusCode, "Internal Error. Details are available in Magento log file. Report ID: %1", new JsonArray("webapi-6540f1c1c6d34")).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.ConnectionReset:
                await FaultAnswers.ResetConnection(context).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.TruncatedJson:
                await FaultAnswers.TruncatedBody(context, Answer(resource, criteria), FaultAnswers.JsonContentType).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.HtmlPage:
                await FaultAnswers.MaintenancePage(context).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.Unauthorized:
                await Unauthorized(context).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.RepeatPage:
                string? previous;
                lock (gate)
                {
                    previous = lastAnswer.GetValueOrDefault(resource);
                }

                await Write(context, 200, previous ?? Answer(resource, criteria)).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.Hang:
                await FaultAnswers.Hang(context).ConfigureAwait(false);
                break;
            case AdobeCommerceFaultKind.BadRequest:
                await Error(context, 400, "Invalid product data: %1", new JsonArray("Invalid attribute set entity type")).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault");
        }
    }

    private static Task Unauthorized(HttpContext context) =>
        Error(context, 401, "The consumer isn't authorized to access %resources.", new JsonObject { ["resources"] = "Magento_Sales::actions_view" });

    private static Task Error(HttpContext context, int status, string message, JsonNode parameters) =>
        Write(context, status, new JsonObject { ["message"] = message, ["parameters"] = parameters }.ToJsonString());

    private static Task Write(HttpContext context, int status, string body) => FaultAnswers.Write(context, status, body, FaultAnswers.JsonContentType);

    [GeneratedRegex(@"^searchCriteria\[(?:filter_groups|filterGroups)\]\[(\d+)\]\[filters\]\[(\d+)\]\[(field|value|condition_type|conditionType)\]$")]
    private static partial Regex FilterKey();

    [GeneratedRegex(@"^searchCriteria\[(?:sort_orders|sortOrders)\]\[(\d+)\]\[(field|direction)\]$")]
    private static partial Regex SortKey();

    private sealed record Filter(string Field, string Value, string Condition)
    {
        /// <summary><c>entity_id</c> is the id (customers and companies serve it as <c>id</c>), <c>updated_at</c> the version, any other field its JSON value.</summary>
        public static string? Of(AdobeCommerceObject o, string field) => field switch
        {
            "entity_id" or "id" => o.Id.ToString(CultureInfo.InvariantCulture),
            "updated_at" => o.Stamp,
            _ => o.Json[field] is JsonValue v ? v.ToString() : null,
        };

        public bool Matches(AdobeCommerceObject o)
        {
            var value = Of(o, Field);
            var compared = value is null ? (int?)null : ValueComparer.Instance.Compare(value, Value);
            return Condition switch
            {
                "eq" => compared == 0,
                "neq" => compared is not 0,
                "gt" => compared > 0,
                "gteq" or "from" => compared >= 0,
                "lt" => compared < 0,
                "lteq" or "to" => compared <= 0,
                "in" => value is not null && Value.Split(',').Contains(value),
                "nin" => value is null || !Value.Split(',').Contains(value),
                "null" => value is null,
                "notnull" => value is not null,
                _ => false,
            };
        }
    }

    private sealed record Problem(string Message, JsonNode Parameters);

    private sealed record Criteria(List<List<Filter>> Groups, List<(string Field, string Direction)> Sorts, int? PageSize, int CurrentPage, Problem? Problem)
    {
        private static readonly HashSet<string> Conditions = ["eq", "neq", "gt", "gteq", "lt", "lteq", "from", "to", "in", "nin", "null", "notnull"];

        public static Criteria Parse(IQueryCollection query)
        {
            var filters = new SortedDictionary<(int Group, int Filter), Dictionary<string, string>>();
            var sorts = new SortedDictionary<int, Dictionary<string, string>>();
            int? pageSize = null;
            var currentPage = 1;
            foreach (var (key, values) in query)
            {
                var value = values.ToString();
                if (FilterKey().Match(key) is { Success: true } f)
                {
                    var at = (int.Parse(f.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(f.Groups[2].Value, CultureInfo.InvariantCulture));
                    (filters.TryGetValue(at, out var parts) ? parts : filters[at] = [])[f.Groups[3].Value.Replace("conditionType", "condition_type", StringComparison.Ordinal)] = value;
                }
                else if (SortKey().Match(key) is { Success: true } s)
                {
                    var at = int.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture);
                    (sorts.TryGetValue(at, out var parts) ? parts : sorts[at] = [])[s.Groups[2].Value] = value;
                }
                else if (key is "searchCriteria[pageSize]" or "searchCriteria[page_size]" && int.TryParse(value, CultureInfo.InvariantCulture, out var size))
                {
                    pageSize = size;
                }
                else if (key is "searchCriteria[currentPage]" or "searchCriteria[current_page]" && int.TryParse(value, CultureInfo.InvariantCulture, out var page))
                {
                    currentPage = page;
                }
            }

            Problem? problem = null;
            var groups = new List<List<Filter>>();
            foreach (var group in filters.GroupBy(kv => kv.Key.Group))
            {
                var list = new List<Filter>();
                foreach (var (_, parts) in group)
                {
                    var condition = parts.GetValueOrDefault("condition_type") ?? "eq";
                    if (!Conditions.Contains(condition))
                    {
                        problem = new Problem("Invalid condition type: %1", new JsonArray(condition));
                    }

                    list.Add(new Filter(parts.GetValueOrDefault("field") ?? "", parts.GetValueOrDefault("value") ?? "", condition));
                }

                groups.Add(list);
            }

            var sortList = sorts.Values.Select(p => (p.GetValueOrDefault("field") ?? "entity_id", p.GetValueOrDefault("direction") ?? "ASC")).ToList();
            return new Criteria(groups, sortList, pageSize is > 0 ? pageSize : null, currentPage, problem);
        }

        public string Describe() => string.Join(" AND ", Groups.Select(g => string.Join(" OR ", g.Select(f => $"{f.Field} {f.Condition} {f.Value}"))));

        public JsonObject Echo()
        {
            var echo = new JsonObject
            {
                ["filter_groups"] = new JsonArray([.. Groups.Select(g => (JsonNode)new JsonObject
                {
                    ["filters"] = new JsonArray([.. g.Select(f => (JsonNode)new JsonObject { ["field"] = f.Field, ["value"] = f.Value, ["condition_type"] = f.Condition })]),
                })]),
            };
            if (Sorts.Count > 0)
            {
                echo["sort_orders"] = new JsonArray([.. Sorts.Select(s => (JsonNode)new JsonObject { ["field"] = s.Field, ["direction"] = s.Direction })]);
            }

            if (PageSize is { } size)
            {
                echo["page_size"] = size;
                echo["current_page"] = CurrentPage;
            }

            return echo;
        }
    }

    /// <summary>Numbers as numbers, anything else ordinally (naive UTC stamps sort as text).</summary>
    private sealed class ValueComparer : IComparer<string?>
    {
        public static ValueComparer Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            return decimal.TryParse(x, NumberStyles.Number, CultureInfo.InvariantCulture, out var a) && decimal.TryParse(y, NumberStyles.Number, CultureInfo.InvariantCulture, out var b)
                ? a.CompareTo(b)
                : string.CompareOrdinal(x, y);
        }
    }
}
