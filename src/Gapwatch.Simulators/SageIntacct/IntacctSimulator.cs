using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.SageIntacct;

/// <summary>
/// A local stand-in for one Sage Intacct company's XML gateway on 127.0.0.1 at a random port
/// (<c>POST /ia/xml/xmlgw.phtml</c>, DTD 3.0): it checks the sender, opens sessions with
/// <c>getAPISession</c> (scoped to an entity when the login names one) and names itself as the
/// session's endpoint, answers <c>readByQuery</c> (a <c>WHENMODIFIED</c> window, <c>DOCID IN</c> or
/// <c>FIELD = 'value'</c> such as AR's <c>MODULEKEY = '4.AR'</c>, in RECORDNO order, only the fields
/// asked for) and <c>readMore</c> by <c>resultId</c>, expires
/// idle sessions and result sets on an injectable clock, and answers every failure at its level —
/// control, authentication, result — in an HTTP 200 as Intacct does, plus queued transport faults.
/// It knows nothing of Gapwatch's types. Stop it with <see cref="DisposeAsync"/>.
/// </summary>
public sealed partial class IntacctSimulator : IAsyncDisposable
{
    public const string GatewayPath = "ia/xml/xmlgw.phtml";

    private readonly Lock gate = new();
    private readonly PendingFaults<IntacctFault> faults = new();
    private readonly RequestJournal<IntacctRequestLog> journal = new();
    private readonly Dictionary<string, (string? Entity, DateTimeOffset LastUsed)> sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResultSet> results = new(StringComparer.Ordinal);
    private SimulatorHost? host;

    private IntacctSimulator(IntacctDataset data, IntacctSimulatorOptions options)
    {
        Data = data;
        Options = options;
    }

    public IntacctDataset Data { get; }

    public IntacctSimulatorOptions Options { get; }

    /// <summary>The gateway's full address (<c>http://127.0.0.1:port/ia/xml/xmlgw.phtml</c>).</summary>
    public Uri Address => new(host!.Address, GatewayPath);

    public IReadOnlyList<IntacctRequestLog> Log => journal.Entries;

    public int Requests => journal.Count;

    /// <summary>Sessions opened so far.</summary>
    public int Logins { get; private set; }

    /// <summary>Called with each request's number (from 1) before it is answered.</summary>
    public Func<int, Task>? BeforeAnswer { get; set; }

    /// <summary>From now on logins are refused (the user's password changed or the user was removed).</summary>
    public bool LoginRefused { get; set; }

    public static async Task<IntacctSimulator> StartAsync(IntacctDataset data, IntacctSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        var simulator = new IntacctSimulator(data, options ?? new IntacctSimulatorOptions());
        simulator.host = await SimulatorHost.StartAsync(
            app => app.MapPost("/" + GatewayPath, simulator.HandleAsync),
            context => FaultAnswers.Write(context, 404, "<html><body>Not Found</body></html>", "text/html"),
            cancellationToken).ConfigureAwait(false);
        return simulator;
    }

    public void Inject(params IntacctFault[] queued) => faults.Enqueue(queued);

    /// <summary>Every open session ends (as after the timeout); the next request in one gets an authentication failure.</summary>
    public void ExpireSessions()
    {
        lock (gate)
        {
            sessions.Clear();
        }
    }

    /// <summary>Every open result set is gone; the next readMore fails.</summary>
    public void ExpireResults()
    {
        lock (gate)
        {
            results.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (host is not null)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        XDocument request;
        try
        {
            request = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted).ConfigureAwait(false);
        }
        catch (XmlException e)
        {
            await Xml(context, ControlFailure("XL03000003", $"XML Parse schema error: {e.Message}")).ConfigureAwait(false);
            return;
        }

        var root = request.Root!;
        var function = root.Element("operation")?.Element("content")?.Element("function")?.Elements().FirstOrDefault();
        var functionName = function?.Name.LocalName ?? "";
        var objectName = function?.Element("object")?.Value;
        var number = journal.Record(n => new IntacctRequestLog(
            n, functionName, objectName, function?.Element("docparid")?.Value, function?.Element("query")?.Value,
            int.TryParse(function?.Element("pagesize")?.Value, CultureInfo.InvariantCulture, out var size) ? size : null, function?.Element("fields")?.Value,
            root.Element("operation")?.Element("authentication")?.Element("sessionid") is not null));
        if (BeforeAnswer is { } hook)
        {
            await hook(number).ConfigureAwait(false);
        }

        var fault = faults.Take(functionName == "readByQuery" ? objectName?.ToUpperInvariant() : functionName);
        if (fault is not null && await TransportFaultAsync(context, fault).ConfigureAwait(false))
        {
            return;
        }

        var control = root.Element("control");
        if (control?.Element("senderid")?.Value != Options.SenderId || control.Element("password")?.Value != Options.SenderPassword)
        {
            await Xml(context, ControlFailure("XL03000005", "Invalid Web Services sender ID or password; the sender is not authorized for this company")).ConfigureAwait(false);
            return;
        }

        if (fault?.Kind == IntacctFaultKind.GatewayThrottle)
        {
            await Xml(context, ControlFailure("GW-0010", "Too many concurrent requests for this company; try again later")).ConfigureAwait(false);
            return;
        }

        if (fault?.Kind == IntacctFaultKind.ControlFailure)
        {
            await Xml(context, ControlFailure("XL03000003", "XML Parse schema error: Fatal Error 76: Opening and ending tag mismatch")).ConfigureAwait(false);
            return;
        }

        var authentication = root.Element("operation")?.Element("authentication");
        string? entity;
        if (authentication?.Element("login") is { } login)
        {
            if (LoginRefused || login.Element("userid")?.Value != Options.UserId || login.Element("companyid")?.Value != Options.CompanyId
                || login.Element("password")?.Value != Options.UserPassword)
            {
                await Xml(context, AuthFailure("Sign-in information is incorrect")).ConfigureAwait(false);
                return;
            }

            entity = NullIfEmpty(login.Element("locationid")?.Value);
            if (entity is not null && !Options.Entities.Contains(entity, StringComparer.Ordinal))
            {
                await Xml(context, AuthFailure($"Invalid location or entity {entity}")).ConfigureAwait(false);
                return;
            }
        }
        else
        {
            var id = authentication?.Element("sessionid")?.Value ?? "";
            lock (gate)
            {
                var now = Options.Clock.GetUtcNow();
                if (fault?.Kind == IntacctFaultKind.SessionExpired)
                {
                    sessions.Remove(id);
                }

                if (!sessions.TryGetValue(id, out var open) || now - open.LastUsed > Options.SessionTimeout)
                {
                    sessions.Remove(id);
                    entity = null;
                    id = "";
                }
                else
                {
                    sessions[id] = open with { LastUsed = now };
                    entity = open.Entity;
                }
            }

            if (id.Length == 0)
            {
                await Xml(context, AuthFailure("Invalid session")).ConfigureAwait(false);
                return;
            }
        }

        string result;
        try
        {
            result = fault?.Kind == IntacctFaultKind.FunctionFailure
                ? Failure(functionName, fault.ErrorNumber, fault.Message)
                : functionName switch
                {
                    "getAPISession" => Session(context, entity, NullIfEmpty(function!.Element("locationid")?.Value)),
                    "readByQuery" => ReadByQuery(function!, entity),
                    "readMore" => ReadMore(function!, fault),
                    _ => Failure(functionName, "XL03000004", $"Function '{functionName}' is not supported by the simulator"),
                };
        }
        catch (FormatException e)
        {
            result = Failure(functionName, "Query Failed", e.Message);
        }

        await Xml(context, Envelope(entity, result)).ConfigureAwait(false);
    }

    private async Task<bool> TransportFaultAsync(HttpContext context, IntacctFault fault)
    {
        switch (fault.Kind)
        {
            case IntacctFaultKind.TooManyRequests:
                if (fault.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                await Xml(context, ControlFailure("GW-0010", "Too many concurrent requests"), 429).ConfigureAwait(false);
                return true;
            case IntacctFaultKind.ServerError:
                await FaultAnswers.Write(context, fault.StatusCode, "<html><body>Service Unavailable</body></html>", "text/html").ConfigureAwait(false);
                return true;
            case IntacctFaultKind.ConnectionReset:
                await FaultAnswers.ResetConnection(context).ConfigureAwait(false);
                return true;
            case IntacctFaultKind.TruncatedXml:
                await FaultAnswers.TruncatedBody(context, Envelope(null, Failure("readByQuery", "x", new string('x', 400))), "application/xml").ConfigureAwait(false);
                return true;
            case IntacctFaultKind.HtmlPage:
                await FaultAnswers.MaintenancePage(context).ConfigureAwait(false);
                return true;
            case IntacctFaultKind.Hang:
                await FaultAnswers.Hang(context).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private string Session(HttpContext context, string? loginEntity, string? functionEntity)
    {
        var entity = functionEntity ?? loginEntity;
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant() + "..";
        lock (gate)
        {
            sessions[id] = (entity, Options.Clock.GetUtcNow());
            Logins++;
        }

        var endpoint = $"{context.Request.Scheme}://{context.Request.Host}/{GatewayPath}";
        return Result("getAPISession", "<data><api><sessionid>" + Escape(id) + "</sessionid><endpoint>" + Escape(endpoint) + "</endpoint><locationid>" + Escape(entity ?? "")
            + "</locationid></api></data>");
    }

    private string ReadByQuery(XElement function, string? entity)
    {
        var objectName = function.Element("object")?.Value ?? "";
        var docParId = NullIfEmpty(function.Element("docparid")?.Value);
        var fields = (function.Element("fields")?.Value ?? "*").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var pageSize = int.TryParse(function.Element("pagesize")?.Value, CultureInfo.InvariantCulture, out var p) ? p : 100;
        if (pageSize < 1 || pageSize > Options.MaxPageSize)
        {
            return Failure("readByQuery", "PL04000055", $"pagesize must be between 1 and {Options.MaxPageSize}");
        }

        var filter = Filter(function.Element("query")?.Value ?? "");
        var rows = Data.Of(objectName, docParId)
            .Where(o => entity is null || !o.Fields.TryGetValue("MEGAENTITYID", out var e) || string.IsNullOrEmpty(e) || e == entity)
            .Where(filter)
            .ToList();
        var set = new ResultSet(objectName.ToUpperInvariant(), fields, rows, pageSize) { LastUsed = Options.Clock.GetUtcNow() };
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(10)) + "W-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(4));
        lock (gate)
        {
            results[id] = set;
        }

        return Page("readByQuery", id, set, repeat: false);
    }

    private string ReadMore(XElement function, IntacctFault? fault)
    {
        var id = function.Element("resultId")?.Value ?? "";
        ResultSet? set;
        lock (gate)
        {
            if (fault?.Kind == IntacctFaultKind.ExpireResultId)
            {
                results.Remove(id);
            }

            if (results.TryGetValue(id, out set) && Options.Clock.GetUtcNow() - set.LastUsed > Options.ResultLifetime)
            {
                results.Remove(id);
                set = null;
            }
        }

        if (set is null)
        {
            return Failure("readMore", "XL03000009", $"Attempt to readMore on a resultId that is not valid or has expired ({id}); run readByQuery again");
        }

        set.LastUsed = Options.Clock.GetUtcNow();
        return Page("readMore", id, set, fault?.Kind == IntacctFaultKind.RepeatPage);
    }

    private string Page(string function, string id, ResultSet set, bool repeat)
    {
        int start;
        lock (gate)
        {
            start = repeat ? Math.Max(0, set.Position - set.PageSize) : set.Position;
            if (!repeat)
            {
                set.Position = Math.Min(set.Rows.Count, start + set.PageSize);
            }
        }

        var page = set.Rows.Skip(start).Take(set.PageSize).ToList();
        var remaining = repeat ? set.Rows.Count - start : set.Rows.Count - set.Position;
        if (remaining == 0)
        {
            lock (gate)
            {
                results.Remove(id);
            }
        }

        var xml = new StringBuilder();
        xml.Append(CultureInfo.InvariantCulture, $"<data listtype=\"{Escape(set.Object.ToLowerInvariant())}\" count=\"{page.Count}\" totalcount=\"{set.Rows.Count}\" numremaining=\"{remaining}\" resultId=\"{(remaining > 0 ? Escape(id) : "")}\">");
        foreach (var row in page)
        {
            xml.Append('<').Append(set.Object).Append('>');
            WriteFields(xml, row, set.Fields);
            xml.Append("</").Append(set.Object).Append('>');
        }

        xml.Append("</data>");
        return Result(function, xml.ToString());
    }

    private void WriteFields(StringBuilder xml, IntacctObject row, string[] fields)
    {
        var names = fields.Length == 1 && fields[0] == "*" ? [.. row.Fields.Keys.Append("RECORDNO").Append("WHENMODIFIED").Distinct(StringComparer.OrdinalIgnoreCase)] : fields;
        var values = names.Select(n => (Path: n.Split('.'), Value: Value(row, n))).ToList();

        // Nest dotted fields under their parents, in the order first asked for.
        void Write(IEnumerable<(string[] Path, string? Value)> items, int depth)
        {
            foreach (var group in items.GroupBy(i => i.Path[depth], StringComparer.OrdinalIgnoreCase))
            {
                var leaf = group.FirstOrDefault(i => i.Path.Length == depth + 1);
                if (leaf.Path is not null)
                {
                    xml.Append('<').Append(group.Key).Append('>').Append(Escape(leaf.Value ?? "")).Append("</").Append(group.Key).Append('>');
                    continue;
                }

                xml.Append('<').Append(group.Key).Append('>');
                Write(group, depth + 1);
                xml.Append("</").Append(group.Key).Append('>');
            }
        }

        Write(values, 0);
    }

    private string? Value(IntacctObject row, string field) => field.ToUpperInvariant() switch
    {
        "RECORDNO" => row.RecordNo.ToString(CultureInfo.InvariantCulture),
        "WHENMODIFIED" => Local(row.WhenModified),
        _ => row.Fields.TryGetValue(field, out var value) ? value : null,
    };

    private string Local(DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, Data.TimeZone).ToString("MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The simulator's query language: conditions on <c>WHENMODIFIED</c> (<c>&gt;=</c>, <c>&lt;=</c>, <c>&gt;</c>, <c>&lt;</c>), <c>FIELD IN ('a','b')</c> and <c>FIELD = 'a'</c>, joined by AND.</summary>
    private Func<IntacctObject, bool> Filter(string query)
    {
        var conditions = new List<Func<IntacctObject, bool>>();
        foreach (var part in AndSplit().Split(query).Select(p => p.Trim()).Where(p => p.Length > 0))
        {
            if (TimeCondition().Match(part) is { Success: true } time)
            {
                var bound = DateTime.ParseExact(time.Groups["value"].Value, "MM/dd/yyyy HH:mm:ss", CultureInfo.InvariantCulture);
                var op = time.Groups["op"].Value;
                conditions.Add(o =>
                {
                    var local = TimeZoneInfo.ConvertTimeFromUtc(o.WhenModified.UtcDateTime, Data.TimeZone);
                    local = new DateTime(local.Ticks - (local.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);
                    return op switch { ">=" => local >= bound, "<=" => local <= bound, ">" => local > bound, _ => local < bound };
                });
            }
            else if (InCondition().Match(part) is { Success: true } list)
            {
                var field = list.Groups["field"].Value;
                var wanted = list.Groups["values"].Value.Split(',').Select(v => v.Trim().Trim('\'')).ToHashSet(StringComparer.Ordinal);
                conditions.Add(o => Value(o, field) is { } v && wanted.Contains(v));
            }
            else if (EqualsCondition().Match(part) is { Success: true } equal)
            {
                var field = equal.Groups["field"].Value;
                var wanted = equal.Groups["value"].Value;
                conditions.Add(o => Value(o, field) is { } v && string.Equals(v, wanted, StringComparison.Ordinal));
            }
            else
            {
                throw new FormatException($"the simulator cannot evaluate the condition '{part}'");
            }
        }

        return o => conditions.All(c => c(o));
    }

    private string Envelope(string? entity, string result) =>
        Head("success") + "<operation><authentication><status>success</status><userid>" + Escape(Options.UserId) + "</userid><companyid>" + Escape(Options.CompanyId)
        + "</companyid><locationid>" + Escape(entity ?? "") + "</locationid><sessiontimestamp>"
        + Options.Clock.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) + "</sessiontimestamp></authentication>" + result + "</operation></response>";

    private string AuthFailure(string message) =>
        Head("success") + "<operation><authentication><status>failure</status><userid>" + Escape(Options.UserId) + "</userid><companyid>" + Escape(Options.CompanyId)
        + "</companyid></authentication>" + Errors("XL03000006", message) + "</operation></response>";

    private string ControlFailure(string number, string message) => Head("failure") + Errors(number, message) + "</response>";

    private string Head(string status) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><response><control><status>" + status + "</status><senderid>" + Escape(Options.SenderId)
        + "</senderid><controlid>sim</controlid><uniqueid>false</uniqueid><dtdversion>3.0</dtdversion></control>";

    private static string Result(string function, string data) =>
        "<result><status>success</status><function>" + function + "</function><controlid>sim</controlid>" + data + "</result>";

    private static string Failure(string function, string number, string message) =>
        "<result><status>failure</status><function>" + Escape(function) + "</function><controlid>sim</controlid>" + Errors(number, message) + "</result>";

    private static string Errors(string number, string message) =>
        "<errormessage><error><errorno>" + Escape(number) + "</errorno><description></description><description2>" + Escape(message) + "</description2><correction></correction></error></errormessage>";

    private static Task Xml(HttpContext context, string body, int status = 200) => FaultAnswers.Write(context, status, body, "application/xml; charset=utf-8");

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    [GeneratedRegex(@"\s+AND\s+", RegexOptions.IgnoreCase)]
    private static partial Regex AndSplit();

    [GeneratedRegex(@"^WHENMODIFIED\s*(?<op>>=|<=|>|<)\s*'(?<value>[^']+)'$", RegexOptions.IgnoreCase)]
    private static partial Regex TimeCondition();

    [GeneratedRegex(@"^(?<field>[A-Z_.]+)\s+IN\s*\((?<values>.*)\)$", RegexOptions.IgnoreCase)]
    private static partial Regex InCondition();

    [GeneratedRegex(@"^(?<field>[A-Z_.]+)\s*=\s*'(?<value>[^']*)'$", RegexOptions.IgnoreCase)]
    private static partial Regex EqualsCondition();

    private sealed class ResultSet(string objectName, string[] fields, List<IntacctObject> rows, int pageSize)
    {
        public string Object { get; } = objectName;

        public string[] Fields { get; } = fields;

        public List<IntacctObject> Rows { get; } = rows;

        public int PageSize { get; } = pageSize;

        public int Position { get; set; }

        public DateTimeOffset LastUsed { get; set; }
    }
}
