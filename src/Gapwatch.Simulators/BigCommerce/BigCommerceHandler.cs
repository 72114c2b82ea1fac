using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.BigCommerce;

/// <summary>Which API a request went to: they differ in envelopes, error shapes and time filters.</summary>
internal enum BigCommerceApi
{
    V2 = 2,
    V3 = 3,
    B2b = 4,
}

/// <summary>Answers the simulated store's requests: store hash and token, the rate-limit window, faults, filters and paging.</summary>
internal sealed class BigCommerceHandler(BigCommerceDataset data, BigCommerceSimulatorOptions options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, List<JsonObject>> lastRows = [];
    private DateTimeOffset windowStart = options.Clock.GetUtcNow();
    private int used;

    public BigCommerceDataset Data => data;

    public BigCommerceSimulatorOptions Options => options;

    public SimulatorControls<BigCommerceFault, BigCommerceRequestLog> Controls { get; } = new();

    public async Task HandleAsync(HttpContext context, string resource, BigCommerceApi api)
    {
        var query = context.Request.Query;
        var limit = Int(query["limit"], api == BigCommerceApi.B2b ? 10 : 50);
        var page = api == BigCommerceApi.B2b ? (Int(query["offset"], 0) / Math.Max(1, limit)) + 1 : Int(query["page"], 1);
        await Controls.ArriveAsync(n => new BigCommerceRequestLog(n, resource, context.Request.QueryString.Value ?? "", page, limit)).ConfigureAwait(false);

        var hash = api == BigCommerceApi.B2b ? context.Request.Headers["X-Store-Hash"].ToString() : context.Request.RouteValues["hash"] as string;
        if (hash != options.StoreHash)
        {
            await Error(context, api, 404, "The requested resource was not found.").ConfigureAwait(false);
            return;
        }

        if (Controls.Revoked || context.Request.Headers["X-Auth-Token"] != options.AccessToken)
        {
            await Error(context, api, 401, "You are not authorized to access this resource.").ConfigureAwait(false);
            return;
        }

        if (!ChargeRateLimit(context))
        {
            await Error(context, api, 429, "Too many requests.").ConfigureAwait(false);
            return;
        }

        if (Controls.Faults.Take(resource) is { } fault)
        {
            await ServeFaultAsync(context, api, resource, fault, page, limit).ConfigureAwait(false);
            return;
        }

        if (limit is < 1 || limit > options.MaxPageSize)
        {
            await Error(context, api, api == BigCommerceApi.V2 ? 413 : 422, $"The limit must be between 1 and {options.MaxPageSize}.").ConfigureAwait(false);
            return;
        }

        var rows = resource == BigCommerceDataset.Refunds
            ? [.. data.RefundsOf(context.Request.RouteValues["id"] as string ?? "")]
            : Matching(resource, context.Request.Query, api);
        var pageRows = rows.Skip((page - 1) * limit).Take(limit).ToList();
        lock (gate)
        {
            lastRows[resource] = pageRows;
        }

        await AnswerAsync(context, api, pageRows, rows.Count, page, limit).ConfigureAwait(false);
    }

    private List<JsonObject> Matching(string resource, IQueryCollection query, BigCommerceApi api)
    {
        var (min, max) = api switch
        {
            BigCommerceApi.V2 => (Date(query["min_date_modified"]), Date(query["max_date_modified"])),
            BigCommerceApi.V3 => (Date(query["date_modified:min"]), Date(query["date_modified:max"])),
            _ => (Date(query["minModified"]), Date(query["maxModified"])),
        };
        var sorted = data.Snapshot(resource);
        var byVersion = api switch
        {
            BigCommerceApi.V2 or BigCommerceApi.V3 => query["sort"] == "date_modified:asc",
            _ => query["sortBy"] == "updatedAt",
        };
        var ordered = byVersion ? sorted : [.. sorted.OrderBy(o => long.Parse(o.Id, CultureInfo.InvariantCulture))];
        return [.. ordered.Where(o => (min is null || o.UpdatedAt >= min) && (max is null || o.UpdatedAt <= max)).Select(o => o.Json)];
    }

    private static Task AnswerAsync(HttpContext context, BigCommerceApi api, List<JsonObject> rows, int total, int page, int limit)
    {
        if (api == BigCommerceApi.V2)
        {
            if (rows.Count == 0)
            {
                context.Response.StatusCode = 204; // v2: an empty page is 204 with no body
                return Task.CompletedTask;
            }

            return Json(context, 200, new JsonArray([.. rows.Select(r => BigCommerceIncludes.Serve(r, context.Request.Query))]));
        }

        return Json(context, 200, Envelope(api, rows, total, page, limit));
    }

    private static JsonObject Envelope(BigCommerceApi api, List<JsonObject> rows, int total, int page, int limit)
    {
        var data = new JsonArray([.. rows.Select(r => (JsonNode)r.DeepClone())]);
        if (api == BigCommerceApi.B2b)
        {
            return new JsonObject
            {
                ["code"] = 200,
                ["data"] = data,
                ["meta"] = new JsonObject { ["message"] = "SUCCESS", ["pagination"] = new JsonObject { ["limit"] = limit, ["offset"] = (page - 1) * limit, ["totalCount"] = total } },
            };
        }

        var pages = Math.Max(1, (total + limit - 1) / limit);
        return new JsonObject
        {
            ["data"] = data,
            ["meta"] = new JsonObject
            {
                ["pagination"] = new JsonObject
                {
                    ["total"] = total,
                    ["count"] = rows.Count,
                    ["per_page"] = limit,
                    ["current_page"] = page,
                    ["total_pages"] = pages,
                    ["links"] = new JsonObject { ["current"] = $"?page={page}&limit={limit}", ["next"] = page < pages ? $"?page={page + 1}&limit={limit}" : null },
                },
            },
        };
    }

    /// <summary>Counts the request in the current window and sets the X-Rate-Limit-* headers; false when the quota is spent.</summary>
    private bool ChargeRateLimit(HttpContext context)
    {
        lock (gate)
        {
            var now = options.Clock.GetUtcNow();
            if (now - windowStart >= options.Window)
            {
                windowStart = now;
                used = 0;
            }

            var granted = used < options.RequestsQuota;
            if (granted)
            {
                used++;
            }

            var reset = (long)Math.Ceiling((windowStart + options.Window - now).TotalMilliseconds);
            var headers = context.Response.Headers;
            headers["X-Rate-Limit-Time-Window-Ms"] = ((long)options.Window.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
            headers["X-Rate-Limit-Time-Reset-Ms"] = reset.ToString(CultureInfo.InvariantCulture);
            headers["X-Rate-Limit-Requests-Quota"] = options.RequestsQuota.ToString(CultureInfo.InvariantCulture);
            headers["X-Rate-Limit-Requests-Left"] = (options.RequestsQuota - used).ToString(CultureInfo.InvariantCulture);
            return granted;
        }
    }

    private async Task ServeFaultAsync(HttpContext context, BigCommerceApi api, string resource, BigCommerceFault fault, int page, int limit)
    {
        switch (fault.Kind)
        {
            case BigCommerceFaultKind.TooManyRequests:
                context.Response.Headers.Remove("X-Rate-Limit-Time-Reset-Ms");
                if (fault.ResetMs is { } ms)
                {
                    context.Response.Headers["X-Rate-Limit-Time-Reset-Ms"] = ms.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["X-Rate-Limit-Requests-Left"] = "0";
                }

                await Error(context, api, 429, "Too many requests.").ConfigureAwait(false);
                break;
            case BigCommerceFaultKind.ServerError:
                await Error(context, api, fault.StatusCode, "Internal Server Error").ConfigureAwait(false);
                break;
            case BigCommerceFaultKind.ConnectionReset:
                await FaultAnswers.ResetConnection(context).ConfigureAwait(false);
                break;
            case BigCommerceFaultKind.TruncatedJson:
                var rows = resource == BigCommerceDataset.Refunds ? [.. data.RefundsOf(context.Request.RouteValues["id"] as string ?? "")] : Matching(resource, context.Request.Query, api);
                var pageRows = rows.Skip((page - 1) * limit).Take(limit).ToList();
                JsonNode full = api == BigCommerceApi.V2 ? new JsonArray([.. pageRows.Select(r => r.DeepClone())]) : Envelope(api, pageRows, rows.Count, page, limit);
                await FaultAnswers.TruncatedBody(context, full.ToJsonString(), FaultAnswers.JsonContentType).ConfigureAwait(false);
                break;
            case BigCommerceFaultKind.HtmlPage:
                await FaultAnswers.MaintenancePage(context).ConfigureAwait(false);
                break;
            case BigCommerceFaultKind.Unauthorized:
                await Error(context, api, 401, "You are not authorized to access this resource.").ConfigureAwait(false);
                break;
            case BigCommerceFaultKind.RepeatPage:
                List<JsonObject> previous;
                lock (gate)
                {
                    previous = lastRows.GetValueOrDefault(resource) ?? [];
                }

                await AnswerAsync(context, api, previous, int.MaxValue / 2, page, limit).ConfigureAwait(false);
                break;
            case BigCommerceFaultKind.Hang:
                await FaultAnswers.Hang(context).ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault");
        }
    }

    /// <summary>The error body of each API: v2 <c>[{status, message}]</c>, v3 <c>{status, title, type}</c>, B2B <c>{code, message}</c>.</summary>
    private static Task Error(HttpContext context, BigCommerceApi api, int status, string message) => Json(context, status, api switch
    {
        BigCommerceApi.V2 => new JsonArray(new JsonObject { ["status"] = status, ["message"] = message }),
        BigCommerceApi.V3 => new JsonObject { ["status"] = status, ["title"] = message, ["type"] = "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes", ["errors"] = new JsonObject() },
        _ => new JsonObject { ["code"] = status, ["message"] = message, ["data"] = new JsonObject() },
    });

    private static Task Json(HttpContext context, int status, JsonNode body) => FaultAnswers.WriteJson(context, status, body);

    private static int Int(string? text, int fallback) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>RFC 2822 (<c>Tue, 05 Mar 2019 21:40:11 +0000</c>), ISO 8601 or Unix seconds, as the APIs accept.</summary>
    private static DateTimeOffset? Date(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        if (text.Length > 5 && (text[^5] == '+' || text[^5] == '-') && text.Contains(',', StringComparison.Ordinal))
        {
            text = text[..^2] + ":" + text[^2..];
            return DateTimeOffset.ParseExact(text, "ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture);
        }

        return DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }
}
