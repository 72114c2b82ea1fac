using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>
/// How one Microsoft OData service differs: where its entity sets live, its page cap, whether rows
/// belong to a company that is filtered to the default one unless <c>cross-company=true</c>
/// (Finance &amp; Operations), and whether <c>$skip</c> is supported (not on Dataverse).
/// </summary>
public sealed record ODataServiceProfile(string ServiceName, string PathPrefix, int MaxPageSize, string? CompanyField, string? DefaultCompany, bool SkipSupported);

/// <summary>An action's answer: 200 with the string <c>value</c>, or an error status with its message.</summary>
public sealed record ODataActionAnswer(int Status, string Body)
{
    public static ODataActionAnswer Value(string value) => new(200, value);
}

/// <summary>
/// The GET of an entity set on a simulated Microsoft OData service: the bearer token checked with
/// the tenant's <see cref="EntraTokenIssuer"/> for this service's resource (its own origin), queued
/// faults served first, then <c>$select</c>, <c>$filter</c>, <c>$orderby</c>, <c>$expand</c> of
/// navigation properties and server-driven paging (<c>Prefer: odata.maxpagesize</c>, capped) with
/// an opaque <c>$skiptoken</c> in <c>@odata.nextLink</c> that resumes after the last row served.
/// </summary>
public sealed class ODataCollectionEndpoint(ODataServiceProfile profile, EntraTokenIssuer issuer)
{
    private readonly Dictionary<string, ODataTable> tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Resource, Func<JsonElement, ODataActionAnswer> Answer)> actions = new(StringComparer.Ordinal);

    public PendingFaults<DynamicsFault> Faults { get; } = new();

    public RequestJournal<DynamicsRequestLog> Requests { get; } = new();

    public ODataServiceProfile Profile => profile;

    /// <summary>Runs before each request is answered, with its number (a test kills a client process here).</summary>
    public Func<int, Task>? BeforeAnswer { get; set; }

    public ODataTable this[string entitySet] => tables[entitySet];

    public void Add(ODataTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        tables.Add(table.EntitySet, table);
    }

    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/" + profile.PathPrefix + "{entitySet}", HandleAsync);
        app.MapPost("/" + profile.PathPrefix + "{entitySet}/{action}", HandleActionAsync);
    }

    /// <summary>
    /// Adds a bound action on an entity set (<c>POST /{prefix}{entitySet}/{name}</c>) answered by
    /// <paramref name="answer"/> from the JSON body; faults are queued under <paramref name="resource"/>.
    /// </summary>
    public void AddAction(string entitySet, string name, string resource, Func<JsonElement, ODataActionAnswer> answer)
    {
        actions.Add($"{entitySet}/{name}", (resource, answer));
    }

    private async Task HandleAsync(HttpContext context)
    {
        var set = context.Request.RouteValues["entitySet"] as string ?? "";
        var query = context.Request.Query;
        var follows = query.ContainsKey("$skiptoken");
        var requested = MaxPageSize(context.Request.Headers["Prefer"]);
        var (fault, answered) = await BeginAsync(context, set, follows, requested, "GET").ConfigureAwait(false);
        if (answered)
        {
            return;
        }

        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        if (!tables.TryGetValue(set, out var table))
        {
            await FaultAnswers.Write(context, 404, Error("0x8006088a", $"Resource not found for the segment '{set}'."), "application/json; charset=utf-8").ConfigureAwait(false);
            return;
        }

        string body;
        try
        {
            body = Page(context, origin, table, Math.Min(requested ?? profile.MaxPageSize, profile.MaxPageSize), fault?.Kind == DynamicsFaultKind.RepeatNextLink && follows);
        }
        catch (ODataQueryException e)
        {
            await FaultAnswers.Write(context, 400, Error("0x80060888", e.Message), "application/json; charset=utf-8").ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // A simulator bug is answered as the service's 500 with its cause, so the failing test says what broke.
        catch (Exception e)
#pragma warning restore CA1031
        {
            await FaultAnswers.Write(context, 500, Error("0x80040216", "simulator: " + e.GetType().Name + ": " + e.Message), "application/json; charset=utf-8").ConfigureAwait(false);
            return;
        }

        if (requested is { } applied)
        {
            context.Response.Headers["Preference-Applied"] = string.Create(CultureInfo.InvariantCulture, $"odata.maxpagesize={Math.Min(applied, profile.MaxPageSize)}");
        }

        context.Response.Headers["OData-Version"] = "4.0";
        if (fault?.Kind == DynamicsFaultKind.TruncatedJson)
        {
            await FaultAnswers.TruncatedBody(context, body, "application/json; odata.metadata=minimal").ConfigureAwait(false);
            return;
        }

        await FaultAnswers.Write(context, 200, body, "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8").ConfigureAwait(false);
    }

    /// <summary>
    /// What every request goes through first: the journal, the hook, the bearer token and a queued
    /// fault. Returns the fault taken and whether the request is already answered.
    /// </summary>
    private async Task<(DynamicsFault? Fault, bool Answered)> BeginAsync(HttpContext context, string resource, bool follows, int? requested, string method)
    {
        var query = context.Request.Query;
        var fault = Faults.Take(resource);
        var number = Requests.Record(n => new DynamicsRequestLog(n, resource, context.Request.QueryString.Value ?? "", string.Equals(query["cross-company"], "true", StringComparison.OrdinalIgnoreCase),
            follows, requested, fault?.Kind.ToString(), method));
        if (BeforeAnswer is { } before)
        {
            await before(number).ConfigureAwait(false);
        }

        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        if (!issuer.Validate(context.Request, origin) || fault?.Kind == DynamicsFaultKind.Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await FaultAnswers.Write(context, 401, profile.CompanyField is null ? Error("0x80072560", "The user is not a member of the organization.") : "", "application/json; charset=utf-8").ConfigureAwait(false);
            return (fault, true);
        }

        return (fault, fault is not null && await ServeFaultAsync(context, fault, follows).ConfigureAwait(false));
    }

    private async Task HandleActionAsync(HttpContext context)
    {
        var set = context.Request.RouteValues["entitySet"] as string ?? "";
        var name = context.Request.RouteValues["action"] as string ?? "";
        var found = actions.TryGetValue($"{set}/{name}", out var action);
        var (fault, answered) = await BeginAsync(context, found ? action.Resource : $"{set}/{name}", false, null, "POST").ConfigureAwait(false);
        if (answered)
        {
            return;
        }

        if (!found)
        {
            await FaultAnswers.Write(context, 404, Error("0x8006088a", $"Resource not found for the segment '{name}'."), "application/json; charset=utf-8").ConfigureAwait(false);
            return;
        }

        JsonElement body;
        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
            body = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            await FaultAnswers.Write(context, 400, Error("0x80060888", "The request body is not valid JSON."), "application/json; charset=utf-8").ConfigureAwait(false);
            return;
        }

        var answer = action.Answer(body);
        if (answer.Status != 200)
        {
            await FaultAnswers.Write(context, answer.Status, Error("0x80060888", answer.Body), "application/json; charset=utf-8").ConfigureAwait(false);
            return;
        }

        var origin = $"{context.Request.Scheme}://{context.Request.Host}";
        var json = new JsonObject
        {
            ["@odata.context"] = $"{origin}/{profile.PathPrefix}$metadata#Edm.String",
            ["value"] = answer.Body,
        }.ToJsonString();
        context.Response.Headers["OData-Version"] = "4.0";
        if (fault?.Kind == DynamicsFaultKind.TruncatedJson)
        {
            await FaultAnswers.TruncatedBody(context, json, "application/json; odata.metadata=minimal").ConfigureAwait(false);
            return;
        }

        await FaultAnswers.Write(context, 200, json, "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8").ConfigureAwait(false);
    }

    /// <summary>Serves the fault; false when the request is answered normally (a fault that shapes the page, or an expired link on a first page).</summary>
    private async Task<bool> ServeFaultAsync(HttpContext context, DynamicsFault fault, bool follows)
    {
        switch (fault.Kind)
        {
            case DynamicsFaultKind.TooManyRequests:
                context.Response.Headers.RetryAfter = fault.RetryAfter;
                await FaultAnswers.Write(context, 429, Error("429", $"The request was throttled by {profile.ServiceName} service protection limits. Retry after the time in the Retry-After header."), "application/json; charset=utf-8").ConfigureAwait(false);
                return true;
            case DynamicsFaultKind.ServerError:
                await FaultAnswers.Write(context, fault.StatusCode, Error("0x80040216", "An unexpected error occurred."), "application/json; charset=utf-8").ConfigureAwait(false);
                return true;
            case DynamicsFaultKind.ConnectionReset:
                await FaultAnswers.ResetConnection(context).ConfigureAwait(false);
                return true;
            case DynamicsFaultKind.HtmlPage:
                await FaultAnswers.MaintenancePage(context).ConfigureAwait(false);
                return true;
            case DynamicsFaultKind.Hang:
                await FaultAnswers.Hang(context).ConfigureAwait(false);
                return true;
            case DynamicsFaultKind.ExpiredNextLink when follows:
                await FaultAnswers.Write(context, 400, Error("0x80040203", "The paging cookie is invalid or has expired."), "application/json; charset=utf-8").ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private string Page(HttpContext context, string origin, ODataTable table, int size, bool repeatLink)
    {
        var query = context.Request.Query;
        if (!profile.SkipSupported && query.ContainsKey("$skip"))
        {
            throw new ODataQueryException("The query parameter $skip is not supported.");
        }

        var select = List(query["$select"]);
        foreach (var field in select.Where(f => !table.Properties.Contains(f)))
        {
            throw new ODataQueryException($"Could not find a property named '{field}' on type '{table.EntitySet}'.");
        }

        var expand = List(query["$expand"]).Select(e => e.Split('(')[0]).ToHashSet(StringComparer.Ordinal);
        var filter = ODataFilter.Parse(query["$filter"], table.Properties, table.Enums);
        var order = Order(query["$orderby"], table);
        var cross = string.Equals(query["cross-company"], "true", StringComparison.OrdinalIgnoreCase);
        var rows = table.Rows().Where(r => InScope(r, cross) && filter.Matches(r)).ToList();
        rows.Sort((a, b) => CompareBy(order, a, b));
        var after = query["$skiptoken"].ToString() is { Length: > 0 } token ? Decode(token) : null;
        var remaining = after is null ? rows : [.. rows.SkipWhile(r => CompareBy(order, r, after) <= 0)];
        if (profile.SkipSupported && int.TryParse(query["$skip"], CultureInfo.InvariantCulture, out var skip))
        {
            remaining = [.. remaining.Skip(skip)];
        }

        var page = remaining.Take(size).ToList();
        var next = repeatLink ? $"{origin}{context.Request.Path}{context.Request.QueryString}"
            : remaining.Count > size ? NextLink(context, origin, Encode(order, page[^1])) : null;
        var body = new JsonObject
        {
            ["@odata.context"] = $"{origin}/{profile.PathPrefix}$metadata#{table.EntitySet}",
            ["value"] = new JsonArray([.. page.Select(r => (JsonNode)Project(r, select, table, expand))]),
        };
        if (next is not null)
        {
            body["@odata.nextLink"] = next;
        }

        return body.ToJsonString();
    }

    private bool InScope(JsonObject row, bool crossCompany) =>
        crossCompany || profile.CompanyField is null || string.Equals(row[profile.CompanyField]?.ToString(), profile.DefaultCompany, StringComparison.OrdinalIgnoreCase);

    private static JsonObject Project(JsonObject row, List<string> select, ODataTable table, HashSet<string> expand)
    {
        var projected = new JsonObject { ["@odata.etag"] = $"W/\"{unchecked((uint)row.ToJsonString().GetHashCode(StringComparison.Ordinal))}\"" };
        foreach (var (name, value) in row)
        {
            // A field outside the entity's schema is always served: it stands for a property added by a newer service version.
            var wanted = table.Navigation.Contains(name) ? expand.Contains(name)
                : select.Count == 0 || select.Contains(name) || table.Key.Contains(name) || !table.Properties.Contains(name);
            if (wanted)
            {
                projected[name] = value?.DeepClone();
            }
        }

        return projected;
    }

    private static List<(string Field, bool Descending)> Order(StringValues orderBy, ODataTable table)
    {
        var order = new List<(string, bool)>();
        foreach (var part in List(orderBy))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!table.Properties.Contains(words[0]) || words.Length > 2 || (words.Length == 2 && words[1] is not "asc" and not "desc"))
            {
                throw new ODataQueryException($"Could not order by '{part}'.");
            }

            order.Add((words[0], words.Length == 2 && words[1] == "desc"));
        }

        // The key ends every order, so the paging cookie (the last row's values) is unique.
        order.AddRange(table.Key.Where(k => order.All(o => o.Item1 != k)).Select(k => (k, false)));
        return order;
    }

    private static int CompareBy(List<(string Field, bool Descending)> order, JsonObject a, JsonObject b)
    {
        foreach (var (field, descending) in order)
        {
            var c = ODataFilter.Compare(a[field], b[field]);
            if (c != 0)
            {
                return descending ? -c : c;
            }
        }

        return 0;
    }

    private static string Encode(List<(string Field, bool Descending)> order, JsonObject last)
    {
        var cookie = new JsonObject();
        foreach (var (field, _) in order)
        {
            cookie[field] = last[field]?.DeepClone();
        }

        return Convert.ToBase64String(Encoding.UTF8.GetBytes(cookie.ToJsonString()));
    }

    private static JsonObject Decode(string token)
    {
        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))!.AsObject();
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            throw new ODataQueryException("The paging cookie is invalid or has expired.");
        }
    }

    private static string NextLink(HttpContext context, string origin, string token)
    {
        var parameters = context.Request.Query.Where(p => p.Key != "$skiptoken")
            .Select(p => $"{Uri.EscapeDataString(p.Key).Replace("%24", "$", StringComparison.Ordinal)}={Uri.EscapeDataString(p.Value.ToString())}")
            .Append($"$skiptoken={Uri.EscapeDataString(token)}");
        return $"{origin}{context.Request.Path}?{string.Join('&', parameters)}";
    }

    private static int? MaxPageSize(StringValues prefer)
    {
        foreach (var preference in prefer.SelectMany(p => (p ?? "").Split(',')))
        {
            var parts = preference.Trim().Split('=');
            if (parts.Length == 2 && parts[0] == "odata.maxpagesize" && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var size) && size > 0)
            {
                return size;
            }
        }

        return null;
    }

    private static List<string> List(StringValues value)
    {
        // Split on commas outside parentheses: $expand=a($select=b,c),d.
        var text = value.ToString();
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] == '(' ? 1 : text[i] == ')' ? -1 : 0;
            if (text[i] == ',' && depth == 0)
            {
                parts.Add(text[start..i].Trim());
                start = i + 1;
            }
        }

        parts.Add(text[start..].Trim());
        return [.. parts.Where(p => p.Length > 0)];
    }

    private static string Error(string code, string message) =>
        new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }.ToJsonString();
}
