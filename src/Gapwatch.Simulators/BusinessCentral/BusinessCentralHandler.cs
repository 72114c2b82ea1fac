using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.BusinessCentral;

/// <summary>
/// Answers the API v2.0 and ODataV4 web-service reads: bearer token check against the Entra issuer,
/// the company from the path, <c>$filter</c> (comparisons joined by <c>and</c>), <c>$orderby</c>,
/// <c>$expand</c>, server-driven paging with an opaque <c>$skiptoken</c> that is a bookmark (the sort key
/// of the last row served, as Business Central's is), and queued faults.
/// </summary>
internal sealed partial class BusinessCentralHandler(BusinessCentralDataset data, BusinessCentralSimulatorOptions options, EntraTokenIssuer issuer)
{
    public const string Resource = "https://api.businesscentral.dynamics.com";

    private readonly Lock gate = new();
    private int tokenGeneration;

    public BusinessCentralDataset Data => data;

    public PendingFaults<BusinessCentralFault> Faults { get; } = new();

    public RequestJournal<BusinessCentralRequest> Journal { get; } = new();

    public Func<int, Task>? BeforeAnswer { get; set; }

    /// <summary>Every next link handed out so far stops working (as after a server restart or a long pause).</summary>
    public void ExpirePageTokens()
    {
        lock (gate)
        {
            tokenGeneration++;
        }
    }

    public async Task HandleAsync(HttpContext context)
    {
        var rest = context.Request.RouteValues["rest"] as string ?? "";
        var target = Target.Parse(context.Request.RouteValues["kind"] as string, rest, data);
        var query = context.Request.Query;
        var number = Journal.Record(n => new BusinessCentralRequest(
            n, target?.Company?.Name, target?.Collection, query["$filter"], query["$orderby"], query["$expand"], MaxPageSize(context.Request),
            query.ContainsKey("$skiptoken"), context.Request.Headers["Data-Access-Intent"]));
        if (BeforeAnswer is { } hook)
        {
            await hook(number).ConfigureAwait(false);
        }

        if (!issuer.Validate(context.Request, Resource))
        {
            await Error(context, 401, "Authentication_InvalidCredentials", "The server has rejected the client credentials.").ConfigureAwait(false);
            return;
        }

        if (!Same(context, "tenant", options.Tenant) || !Same(context, "environment", options.Environment))
        {
            await Error(context, 404, "BadRequest_NotFound", $"Environment '{context.Request.RouteValues["environment"]}' of tenant '{context.Request.RouteValues["tenant"]}' not found.").ConfigureAwait(false);
            return;
        }

        if (target is null || (target.Company is null && target.Collection is not null) || (target.Collection is not null && !target.Company!.Has(target.Collection)))
        {
            await Error(context, 404, "BadRequest_NotFound", $"The request URI is not valid. Since the segment '{rest}' refers to a collection, this must be the last segment in the request URI or it must be followed by an function or action that can be bound to it otherwise all intermediate segments must refer to a single resource.").ConfigureAwait(false);
            return;
        }

        if (Faults.Take(target.Collection) is { } fault)
        {
            await ServeFaultAsync(context, fault, target).ConfigureAwait(false);
            return;
        }

        var answer = Answer(context, target, repeatNextLink: false);
        await Write(context, answer.Status, answer.Body).ConfigureAwait(false);
    }

    private (int Status, string Body) Answer(HttpContext context, Target target, bool repeatNextLink, bool reversed = false)
    {
        var query = context.Request.Query;
        if (target.Collection is null)
        {
            var companies = new JsonArray([.. data.Companies.Select(c => (JsonNode)new JsonObject { ["id"] = c.Id, ["systemVersion"] = "1", ["name"] = c.Name, ["displayName"] = c.Name })]);
            return (200, new JsonObject { ["@odata.context"] = "$metadata#companies", ["value"] = companies }.ToJsonString());
        }

        Func<JsonObject, bool> matches;
        List<string> order;
        try
        {
            matches = Condition.ParseFilter(query["$filter"].ToString());
            order = [.. query["$orderby"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }
        catch (FormatException e)
        {
            return (400, ErrorBody("BadRequest", e.Message));
        }

        var key = target.WebService ? "EntryNo" : "id";
        // Each row's sort key is read once (instants parsed once), not on every comparison.
        var rows = target.Company!.Rows(target.Collection).Where(matches)
            .Select(r => (Row: r, Key: SortKey.Of([.. order.Select(f => r[f]), r[key]]))).ToList();
        rows.Sort((a, b) => a.Key.CompareTo(b.Key));
        var token = query["$skiptoken"].ToString();
        if (token.Length > 0)
        {
            if (Bookmark(token) is not { } after)
            {
                return (400, ErrorBody("BadRequest_InvalidToken", $"The $skiptoken '{token[..Math.Min(token.Length, 16)]}…' is not valid or has expired."));
            }

            var bookmark = SortKey.Of(after);
            rows = [.. rows.Where(r => r.Key.CompareTo(bookmark) > 0)];
        }

        var size = Math.Min(MaxPageSize(context.Request) ?? options.MaxPageSize, options.MaxPageSize);
        var page = rows.Take(size).Select(r => (JsonObject)r.Row.DeepClone()).ToList();
        if (reversed)
        {
            page.Reverse();
        }

        var expand = query["$expand"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var row in page)
        {
            foreach (var navigation in row.Where(p => p.Value is JsonArray).Select(p => p.Key).ToList())
            {
                if (!expand.Contains(navigation, StringComparer.Ordinal))
                {
                    row.Remove(navigation);
                }
            }
        }

        var body = new JsonObject { ["@odata.context"] = $"$metadata#{target.Collection}", ["value"] = new JsonArray([.. page]) };
        if (repeatNextLink && token.Length > 0)
        {
            body["@odata.nextLink"] = Url(context, token);
        }
        else if (rows.Count > size)
        {
            body["@odata.nextLink"] = Url(context, NewBookmark(rows[size - 1].Key.Values));
        }

        return (200, body.ToJsonString());
    }

    private async Task ServeFaultAsync(HttpContext context, BusinessCentralFault fault, Target target)
    {
        switch (fault.Kind)
        {
            case BusinessCentralFaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = fault.RetryAfter ?? "2";
                await Error(context, 429, "Application_TooManyRequests", "The request was rejected because too many requests were made in a short period (rate limit exceeded). Try again later.").ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.ServerError:
                if (fault.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = wait;
                }

                await Error(context, fault.StatusCode, "Internal_ServerError", "Something went wrong. Correlation ID: 00000000-0000-0000-0000-000000000000.").ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.ConnectionReset:
                await FaultAnswers.ResetConnection(context).ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.TruncatedJson:
                await FaultAnswers.TruncatedBody(context, Answer(context, target, false).Body, "application/json; odata.metadata=minimal; charset=utf-8").ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.HtmlPage:
                await FaultAnswers.MaintenancePage(context).ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.Unauthorized:
                await Error(context, 401, "Authentication_InvalidCredentials", "The server has rejected the client credentials.").ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.RepeatNextLink:
                var repeated = Answer(context, target, repeatNextLink: true);
                await Write(context, repeated.Status, repeated.Body).ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.Hang:
                await FaultAnswers.Hang(context).ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.ReversedPage:
                var disordered = Answer(context, target, repeatNextLink: false, reversed: true);
                await Write(context, disordered.Status, disordered.Body).ConfigureAwait(false);
                break;
            case BusinessCentralFaultKind.BadRequest:
                await Error(context, 400, fault.Code, "The request is not valid.").ConfigureAwait(false);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault.Kind, "unknown fault");
        }
    }

    private string NewBookmark(List<JsonNode?> key)
    {
        int generation;
        lock (gate)
        {
            generation = tokenGeneration;
        }

        var json = new JsonObject { ["g"] = generation, ["k"] = new JsonArray([.. key.Select(k => k?.DeepClone())]) }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private List<JsonNode?>? Bookmark(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var node = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(padded)))!.AsObject();
            lock (gate)
            {
                return node["g"]!.GetValue<int>() == tokenGeneration ? [.. node["k"]!.AsArray().Select(k => k?.DeepClone())] : null;
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    private static string Url(HttpContext context, string token)
    {
        var request = context.Request;
        var kept = request.Query.Where(q => q.Key != "$skiptoken").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}?{string.Join('&', kept.Append("$skiptoken=" + token))}";
    }

    private static int? MaxPageSize(HttpRequest request)
    {
        var match = MaxPageSizePreference().Match(request.Headers["Prefer"].ToString());
        return match.Success ? int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null;
    }

    private static bool Same(HttpContext context, string route, string expected) =>
        string.Equals(Uri.UnescapeDataString(context.Request.RouteValues[route] as string ?? ""), expected, StringComparison.OrdinalIgnoreCase);

    private static string ErrorBody(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = $"{message}  CorrelationId:  00000000-0000-0000-0000-000000000000." } }.ToJsonString();

    private static Task Error(HttpContext context, int status, string code, string message) =>
        FaultAnswers.Write(context, status, ErrorBody(code, message), "application/json; charset=utf-8");

    private static Task Write(HttpContext context, int status, string body) =>
        FaultAnswers.Write(context, status, body, status == 200 ? "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8" : "application/json; charset=utf-8");

    [GeneratedRegex(@"odata\.maxpagesize\s*=\s*(\d+)")]
    private static partial Regex MaxPageSizePreference();

    /// <summary>What a path names: the company list, a company's API collection, or a company's web service.</summary>
    private sealed partial record Target(BusinessCentralCompanyData? Company, string? Collection, bool WebService)
    {
        public static Target? Parse(string? kind, string rest, BusinessCentralDataset data)
        {
            if (kind == "api/v2.0")
            {
                if (rest == "companies")
                {
                    return new Target(null, null, false);
                }

                var api = ApiPath().Match(rest);
                return api.Success ? new Target(data.ById(api.Groups[1].Value), api.Groups[2].Value, false) : null;
            }

            var service = WebServicePath().Match(rest);
            return kind == "ODataV4" && service.Success
                ? new Target(data.ByName(service.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)), service.Groups[2].Value, true)
                : null;
        }

        [GeneratedRegex(@"^companies\(([0-9a-fA-F-]{36})\)/([A-Za-z]+)$")]
        private static partial Regex ApiPath();

        [GeneratedRegex(@"^Company\('(.*)'\)/([A-Za-z0-9_]+)$")]
        private static partial Regex WebServicePath();
    }
}

/// <summary>A row's values in <c>$orderby</c> order (then its key), each parsed once into what it compares as.</summary>
internal sealed class SortKey : IComparable<SortKey>
{
    private readonly (int Kind, decimal Number, DateTimeOffset Instant, string? Text)[] parts;

    private SortKey(List<JsonNode?> values, (int, decimal, DateTimeOffset, string?)[] parts)
    {
        Values = values;
        this.parts = parts;
    }

    public List<JsonNode?> Values { get; }

    public static SortKey Of(List<JsonNode?> values) => new(values, [.. values.Select(Condition.Comparable)]);

    public int CompareTo(SortKey? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < Math.Min(parts.Length, other.parts.Length); i++)
        {
            var order = Condition.Compare(parts[i], other.parts[i]);
            if (order != 0)
            {
                return order;
            }
        }

        return parts.Length.CompareTo(other.parts.Length);
    }
}

/// <summary>One comparison of a <c>$filter</c>: <c>field op literal</c>, with <c>eq ne gt ge lt le</c>.</summary>
internal sealed partial record Condition(string Field, string Operator, JsonNode? Literal)
{
    /// <summary>
    /// A <c>$filter</c> as a predicate: comparisons joined by <c>and</c>, or comparisons of one field
    /// joined by <c>or</c>. Business Central refuses <c>or</c> across distinct fields
    /// (docs: webservices/odata-known-limitations), and so does the simulator; it does not mix the two.
    /// </summary>
    public static Func<JsonObject, bool> ParseFilter(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter) || !OrSeparator().IsMatch(filter))
        {
            var all = ParseAll(filter);
            return row => all.All(c => c.Holds(row));
        }

        if (AndSeparator().IsMatch(filter))
        {
            throw new FormatException("The simulator does not mix 'and' with 'or' in one $filter.");
        }

        var any = OrSeparator().Split(filter.Trim()).Select(Parse).ToList();
        if (any.Select(c => c.Field).Distinct(StringComparer.Ordinal).Count() > 1)
        {
            throw new FormatException("The 'OR' operator is not supported on distinct fields.");
        }

        return row => any.Any(c => c.Holds(row));
    }

    public static List<Condition> ParseAll(string filter)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return [];
        }

        return [.. AndSeparator().Split(filter.Trim()).Select(Parse)];
    }

    public bool Holds(JsonObject row)
    {
        var order = CompareValues(row[Field], Literal);
        return Operator switch
        {
            "eq" => order == 0,
            "ne" => order != 0,
            "gt" => order > 0,
            "ge" => order >= 0,
            "lt" => order < 0,
            _ => order <= 0,
        };
    }

    /// <summary>A value as it compares: null (kind 0), a number (1), an instant (2) or text (3).</summary>
    public static (int Kind, decimal Number, DateTimeOffset Instant, string? Text) Comparable(JsonNode? value)
    {
        if (value is null)
        {
            return (0, 0m, default, null);
        }

        var text = value.ToString();
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return (1, decimal.Parse(text, CultureInfo.InvariantCulture), default, text);
        }

        return Instant().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? (2, 0m, at, text)
            : (3, 0m, default, text);
    }

    /// <summary>Instants compare as instants and numbers as numbers when both are; anything else ordinally; null first.</summary>
    public static int Compare((int Kind, decimal Number, DateTimeOffset Instant, string? Text) a, (int Kind, decimal Number, DateTimeOffset Instant, string? Text) b)
    {
        if (a.Kind == 0 || b.Kind == 0)
        {
            return a.Kind == 0 ? (b.Kind == 0 ? 0 : -1) : 1;
        }

        return (a.Kind, b.Kind) switch
        {
            (1, 1) => a.Number.CompareTo(b.Number),
            (2, 2) => a.Instant.CompareTo(b.Instant),
            _ => string.CompareOrdinal(a.Text, b.Text),
        };
    }

    /// <summary>Instants compare as instants, numbers as numbers, anything else ordinally; null first.</summary>
    public static int CompareValues(JsonNode? a, JsonNode? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var (x, y) = (a.ToString(), b.ToString());
        if (a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number)
        {
            return decimal.Parse(x, CultureInfo.InvariantCulture).CompareTo(decimal.Parse(y, CultureInfo.InvariantCulture));
        }

        if (Instant().IsMatch(x) && Instant().IsMatch(y)
            && DateTimeOffset.TryParse(x, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var p)
            && DateTimeOffset.TryParse(y, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var q))
        {
            return p.CompareTo(q);
        }

        return string.CompareOrdinal(x, y);
    }

    private static Condition Parse(string clause)
    {
        var match = Comparison().Match(clause.Trim());
        if (!match.Success)
        {
            throw new FormatException($"The filter clause '{clause}' is not supported.");
        }

        var text = match.Groups[3].Value;
        JsonNode? literal = text switch
        {
            "null" => null,
            _ when text.StartsWith('\'') => JsonValue.Create(text[1..^1].Replace("''", "'", StringComparison.Ordinal)),
            _ when Instant().IsMatch(text) => JsonValue.Create(text),
            _ when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
            _ => throw new FormatException($"The literal '{text}' is not valid."),
        };
        return new Condition(match.Groups[1].Value, match.Groups[2].Value, literal);
    }

    [GeneratedRegex(@"\s+and\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSeparator();

    [GeneratedRegex(@"\s+or\s+", RegexOptions.IgnoreCase)]
    private static partial Regex OrSeparator();

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*)\s+(eq|ne|gt|ge|lt|le)\s+('(?:[^']|'')*'|\S+)$")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$")]
    private static partial Regex Instant();
}
