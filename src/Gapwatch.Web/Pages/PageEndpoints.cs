using System.Globalization;
using System.Security.Claims;
using Gapwatch.Cards;
using Gapwatch.Model;
using Gapwatch.Store;
using Gapwatch.Web.Api;
using Gapwatch.Web.Auth;
using Gapwatch.Web.Hosting;
using Gapwatch.Workspaces;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web.Pages;

/// <summary>
/// The dashboard: server-rendered HTML over the same snapshots and the same authorization as the
/// API (a workspace the caller is not a member of is 404, a card outside their roles 403). No
/// script; the stylesheet is served by the app, so the pages work offline under the CSP.
/// </summary>
public static class PageEndpoints
{
    public const int DefaultPageSize = 50;

    private static readonly int[] PageSizes = [25, 50, 100, 500];

    public static string WallPath(string workspace) => "/w/" + Uri.EscapeDataString(workspace);

    public static string CardPath(string workspace, string key) => WallPath(workspace) + "/cards/" + Uri.EscapeDataString(key);

    public static string AlertsPath(string workspace) => WallPath(workspace) + "/alerts";

    /// <summary>A browser asking for a page (not a script or the API): unauthenticated, it is sent to the sign-in page.</summary>
    public static bool WantsPage(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HttpMethods.IsGet(request.Method)
            && !request.Path.StartsWithSegments(ApiEndpoints.Prefix, StringComparison.Ordinal)
            && !request.Path.StartsWithSegments("/openapi", StringComparison.Ordinal)
            && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
    }

    public static string SignInRedirect(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return "/sign-in?returnUrl=" + Uri.EscapeDataString(request.Path + request.QueryString);
    }

    public static void Map(IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(Layout.StylesheetPath, Stylesheet).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/sign-in", SignInPage).AllowAnonymous().ExcludeFromDescription();
        app.MapPost("/sign-in", SignIn).AllowAnonymous().RequireRateLimiting(AccountEndpoints.SignInPolicy).ExcludeFromDescription();
        app.MapPost("/sign-out", (Func<HttpContext, Task<IResult>>)SignOut).ExcludeFromDescription();
        app.MapGet("/", Home).ExcludeFromDescription();
        app.MapGet("/w/{workspace}", Wall).ExcludeFromDescription();
        app.MapGet("/w/{workspace}/cards/{key}", CardPage).ExcludeFromDescription();
        app.MapGet("/w/{workspace}/alerts", AlertsPage).ExcludeFromDescription();
        app.MapPost("/w/{workspace}/refresh", Refresh).ExcludeFromDescription();
    }

    private static IResult Stylesheet(HttpContext http)
    {
        http.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Bytes(StaticAssets.Stylesheet, "text/css; charset=utf-8");
    }

    private static IResult Page(string html, int status = StatusCodes.Status200OK) =>
        Results.Content(html, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    /// <summary>An error as a page for a browser, as ProblemDetails for anything else (the API's shape and wording).</summary>
    private static IResult Error(HttpContext http, ClaimsPrincipal user, int status, string title, string detail, ServedWorkspace? workspace = null)
    {
        if (!http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: status, title: title, detail: detail);
        }

        var html = Layout.Begin(title, user, workspace, http);
        html.Element("h1", title);
        html.Element("p", detail);
        html.Open("p").Element("a", "Back to your cards", ("href", "/")).Close("p");
        return Page(Layout.End(html), status);
    }

    private static IResult NoWorkspace(HttpContext http, ClaimsPrincipal user, string workspace) =>
        Error(http, user, StatusCodes.Status404NotFound, "Not Found", $"no workspace '{workspace}'");

    private static bool TryMember(string workspace, ClaimsPrincipal user, WorkspaceRegistry registry, out ServedWorkspace served, out Membership member)
    {
        served = null!;
        member = null!;
        if (Membership.In(user, workspace) is not { } found || registry.Find(workspace) is not { } ws)
        {
            return false;
        }

        (served, member) = (ws, found);
        return true;
    }

    private static string? LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : null;

    // ---- sign-in -------------------------------------------------------------------------------

    private static IResult SignInPage(HttpContext http, string? returnUrl) => Page(RenderSignIn(http, returnUrl, email: null, message: null));

    private static string RenderSignIn(HttpContext http, string? returnUrl, string? email, string? message)
    {
        var html = Layout.Begin("Sign in", null, null, http);
        html.Raw("<div class=\"sign-in\">");
        html.Element("h1", "Sign in to Gapwatch");
        if (message is not null)
        {
            html.Element("p", message, ("class", "banner alert"), ("role", "alert"), ("id", "sign-in-error"));
        }

        html.Open("form", ("method", "post"), ("action", "/sign-in"), ("class", "stack"));
        Layout.AntiforgeryField(html, http);
        html.Open("input", ("type", "hidden"), ("name", "returnUrl"), ("value", LocalUrl(returnUrl) ?? "/"));
        html.Element("label", "Email", ("for", "email"));
        html.Open("input", ("id", "email"), ("name", "email"), ("type", "email"), ("autocomplete", "username"), ("required", "required"), ("value", email),
            ("aria-describedby", message is null ? null : "sign-in-error"));
        html.Element("label", "Password", ("for", "password"));
        html.Open("input", ("id", "password"), ("name", "password"), ("type", "password"), ("autocomplete", "current-password"), ("required", "required"));
        html.Element("button", "Sign in", ("type", "submit"));
        html.Close("form");
        html.Raw("</div>");
        return Layout.End(html);
    }

    private static async Task<IResult> SignIn(HttpContext http, WorkspaceRegistry registry, AccountLockout lockout, ILoggerFactory loggers)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: 400, title: "Sign-in is a form post", detail: "Send email and password as application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var email = form["email"].ToString().Trim();
        var password = form["password"].ToString();
        var returnUrl = LocalUrl(form["returnUrl"].ToString()) ?? "/";
        if (email.Length == 0 || password.Length == 0)
        {
            return Page(RenderSignIn(http, returnUrl, email, "Enter your email and your password."), StatusCodes.Status400BadRequest);
        }

        var outcome = await AccountEndpoints.TrySignInAsync(http, email, password, registry, lockout, loggers.CreateLogger("Gapwatch.Web.SignIn"));
        return outcome switch
        {
            // See other: the browser follows with a GET, so a reload never posts the password again.
            SignInOutcome.SignedIn => new SeeOther(returnUrl),
            SignInOutcome.TooManyAttempts => Page(RenderSignIn(http, returnUrl, email, AccountEndpoints.TooManyAttempts), StatusCodes.Status429TooManyRequests),
            _ => Page(RenderSignIn(http, returnUrl, email, AccountEndpoints.WrongCredentials), StatusCodes.Status401Unauthorized),
        };
    }

    private static async Task<IResult> SignOut(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return new SeeOther("/sign-in");
    }

    // ---- home and wall --------------------------------------------------------------------------

    private static IResult Home(HttpContext http, ClaimsPrincipal user, WorkspaceRegistry registry)
    {
        var memberships = Membership.Of(user);
        var visible = registry.All.Where(w => memberships.Any(m => m.WorkspaceId == w.Id)).ToList();
        if (visible.Count == 1)
        {
            return Results.Redirect(WallPath(visible[0].Id));
        }

        var html = Layout.Begin("Workspaces", user, null, http);
        html.Element("h1", "Your workspaces");
        if (visible.Count == 0)
        {
            html.Element("p", "You are not a user of any workspace this server serves.");
        }

        html.Open("ul", ("class", "workspaces"));
        foreach (var w in visible)
        {
            html.Open("li").Element("a", w.Name, ("href", WallPath(w.Id))).Text($" ({w.Erp})").Close("li");
        }

        html.Close("ul");
        return Page(Layout.End(html));
    }

    private static IResult Wall(HttpContext http, string workspace, ClaimsPrincipal user, WorkspaceRegistry registry, string? entity, string? refreshed)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return NoWorkspace(http, user, workspace);
        }

        if (entity is { Length: 0 })
        {
            entity = null;
        }

        if (entity is not null && !served.Entities.Contains(entity, StringComparer.Ordinal))
        {
            return Error(http, user, 400, "Invalid value for 'entity'", $"no entity '{entity}' in this workspace: the entities are {string.Join(", ", served.Entities)}", served);
        }

        var latest = served.Latest;
        var error = served.LastRefreshError;
        var html = Layout.Begin(served.Name, user, served, http, "wall");
        html.Element("h1", $"{served.Name}: cards");
        RefreshNotice(html, refreshed, error);
        if (latest is null)
        {
            html.Element("p", "No snapshot yet: refresh this workspace to compute its cards.");
            RefreshButton(html, http, served, member);
            return Page(Layout.End(html));
        }

        Freshness(html, latest, error);
        html.Raw("<div class=\"toolbar\">");
        html.Open("form", ("method", "get"), ("action", WallPath(served.Id)), ("class", "inline"));
        EntitySelect(html, served.Entities, entity, "wall-entity");
        html.Element("button", "Apply", ("type", "submit"));
        html.Close("form");
        RefreshButton(html, http, served, member);
        html.Raw("</div>");

        var cards = latest.Cards.Where(c => Roles.CanSee(member.Roles, c.Key)).ToList();
        if (cards.Count == 0)
        {
            html.Element("p", $"Your roles ({string.Join(", ", member.Roles)}) see no cards. Cards are for owner, finance, operations and marketing.");
        }

        html.Open("ul", ("class", "wall"), ("aria-label", "Cards"));
        foreach (var stored in cards)
        {
            var card = error is null ? stored : stored with { Sentiment = Sentiment.Stale };
            var trend = served.Trend(card.Key, 30);
            html.Open("li", ("class", "card sentiment-" + SentimentKey(card.Sentiment)), ("data-card", card.Key));
            html.Open("h2").Element("a", card.Title, ("href", CardPath(served.Id, card.Key) + (entity is null ? "" : "?entity=" + Uri.EscapeDataString(entity))),
                ("class", "card-link")).Close("h2");
            Headline(html, card, entity);
            SentimentBadge(html, card.Sentiment);
            Threshold(html, card);
            Charts.Sparkline(html, trend, $"Trend of the headline over the last {trend.Count} refreshes: {string.Join(", ", trend.Select(t => FigureText(card, t.Headline)))}");
            html.Element("p", $"Window {Day(card.Window.Start)} to {Day(card.Window.End)} · as of {Html.When(card.AsOf)}", ("class", "meta"));
            html.Close("li");
        }

        html.Close("ul");
        return Page(Layout.End(html));
    }

    private static void RefreshNotice(Html html, string? refreshed, string? error)
    {
        if (refreshed == "ok")
        {
            html.Element("p", "Refreshed: the cards below are the new snapshot.", ("class", "banner ok"), ("role", "status"));
        }
        else if (refreshed == "failed")
        {
            html.Element("p", "Refresh now failed: the cards below are the last good snapshot, marked stale (the error is below).", ("class", "banner alert"), ("role", "alert"));
        }
    }

    private static void Freshness(Html html, RefreshSnapshot latest, string? error)
    {
        if (error is not null)
        {
            html.Open("div", ("class", "banner stale"), ("role", "alert"), ("data-testid", "stale"));
            html.Element("strong", "Stale. ");
            html.Text($"The last refresh failed: {error}. These are the last good figures, from snapshot {latest.Id.ToString(CultureInfo.InvariantCulture)}.");
            html.Close("div");
        }

        html.Element("p", $"Snapshot {latest.Id.ToString(CultureInfo.InvariantCulture)}, computed {Html.When(latest.ComputedAt)}, as of {Html.When(latest.AsOf)} (the earliest of the sources' last successful syncs).",
            ("class", "meta"));
    }

    private static void RefreshButton(Html html, HttpContext http, ServedWorkspace served, Membership member)
    {
        if (!Roles.AnyOf(member.Roles, Roles.Refreshers))
        {
            return;
        }

        html.Open("form", ("method", "post"), ("action", WallPath(served.Id) + "/refresh"), ("class", "inline"));
        Layout.AntiforgeryField(html, http);
        html.Element("button", "Refresh now", ("type", "submit"));
        html.Close("form");
    }

    private static void EntitySelect(Html html, IReadOnlyList<string> entities, string? selected, string id)
    {
        html.Element("label", "Entity", ("for", id));
        html.Open("select", ("id", id), ("name", "entity"));
        html.Element("option", "All entities", ("value", ""));
        foreach (var e in entities)
        {
            html.Element("option", e, ("value", e), ("selected", e == selected ? "selected" : null));
        }

        html.Close("select");
    }

    // ---- figures --------------------------------------------------------------------------------

    private static string SentimentKey(Sentiment sentiment) => sentiment.ToString().ToLowerInvariant();

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int Digits(string unit) => Currency.TryParse(unit, out var c) ? c.MinorDigits : 0;

    /// <summary>A figure with its unit: "690,000.00 USD" or "34 customers".</summary>
    private static string FigureText(CardResult card, decimal value) =>
        card.Unit == "count" ? Html.Number((long)value) + (value == 1 ? " customer" : " customers") : Html.Number(value, Digits(card.Unit)) + " " + card.Unit;

    private static string Money(decimal value, string currency) => Html.Number(value, Digits(currency)) + " " + currency;

    private static decimal EntityFigure(CardResult card, string entity) => card.Unit == "count"
        ? CardJson.Filter(card.CustomerRows, new RowQuery(Entity: entity)).Count
        : CardJson.Filter(card.GapRows, new RowQuery(Entity: entity)).Sum(r => r.Amount.Amount);

    private static void Headline(Html html, CardResult card, string? entity)
    {
        html.Open("p", ("class", "headline"));
        if (entity is null)
        {
            html.Element("span", card.Unit == "count" ? Html.Number((long)card.Headline) : Html.Number(card.Headline, Digits(card.Unit)), ("class", "figure"), ("data-testid", "headline"));
            html.Text(" ").Element("span", card.Unit == "count" ? "customers" : card.Unit, ("class", "unit"));
        }
        else
        {
            var figure = EntityFigure(card, entity);
            html.Element("span", card.Unit == "count" ? Html.Number((long)figure) : Html.Number(figure, Digits(card.Unit)), ("class", "figure"), ("data-testid", "headline"));
            html.Text(" ").Element("span", card.Unit == "count" ? "customers" : card.Unit, ("class", "unit"));
            html.Element("span", $" in {entity} (all entities: {FigureText(card, card.Headline)})", ("class", "scope"));
        }

        html.Close("p");
    }

    private static void SentimentBadge(Html html, Sentiment sentiment) =>
        html.Element("p", sentiment switch { Sentiment.Alert => "Alert", Sentiment.Stale => "Stale", _ => "OK" }, ("class", "badge " + SentimentKey(sentiment)));

    private static void Threshold(Html html, CardResult card)
    {
        var text = card.Key is CardKeys.RevenueGap or CardKeys.RevenueGapBreakdown
            ? $"Alerts when Unknown exceeds {FigureText(card, card.Threshold)}; Unknown is {FigureText(card, card.AlertFigure)}."
            : $"Alerts above {FigureText(card, card.Threshold)}.";
        html.Element("p", text, ("class", "threshold"));
    }

    // ---- card page ------------------------------------------------------------------------------

    private static IResult CardPage(
        HttpContext http, string workspace, string key, ClaimsPrincipal user, WorkspaceRegistry registry,
        string? entity, string? group, string? platform, string? dimension, string? sort, string? limit, string? offset)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return NoWorkspace(http, user, workspace);
        }

        if (!CardKeys.All.Contains(key, StringComparer.Ordinal))
        {
            return Error(http, user, 404, "Not Found", $"no card '{key}': the cards are {string.Join(", ", CardKeys.All)}", served);
        }

        if (!Roles.CanSee(member.Roles, key))
        {
            return Error(http, user, 403, "Forbidden", $"card {key} is for the roles {string.Join(", ", CardCatalog.Roles(key))}; yours are {string.Join(", ", member.Roles)}", served);
        }

        var latest = served.Latest;
        var card = latest?.Cards.FirstOrDefault(c => c.Key == key);
        if (latest is null || card is null)
        {
            return Error(http, user, 404, "Not Found", $"workspace '{workspace}' has no snapshot of {key} yet: refresh it first", served);
        }

        if (served.LastRefreshError is not null)
        {
            card = card with { Sentiment = Sentiment.Stale };
        }

        static string? Blank(string? s) => string.IsNullOrEmpty(s) ? null : s;
        (entity, group, platform, dimension, sort) = (Blank(entity), Blank(group), Blank(platform), Blank(dimension?.Trim()), Blank(sort));
        var (query, bad) = DrillQuery.Parse(card, served.Entities, entity, group, platform, dimension, sort, limit ?? DefaultPageSize.ToString(CultureInfo.InvariantCulture), offset);
        var html = Layout.Begin(card.Title, user, served, http);
        html.Open("nav", ("aria-label", "Breadcrumb"), ("class", "breadcrumb")).Element("a", "Cards", ("href", WallPath(served.Id))).Text(" › ").Element("span", card.Title, ("aria-current", "page")).Close("nav");
        html.Element("h1", card.Title);
        Freshness(html, latest, served.LastRefreshError);
        html.Open("section", ("class", "summary sentiment-" + SentimentKey(card.Sentiment)), ("aria-label", "Headline"));
        Headline(html, card, null);
        SentimentBadge(html, card.Sentiment);
        Threshold(html, card);
        var trend = served.Trend(card.Key, 30);
        Charts.Sparkline(html, trend, $"Trend over the last {trend.Count} refreshes: {string.Join(", ", trend.Select(t => FigureText(card, t.Headline)))}", 240, 48);
        html.Element("p", $"Window {Day(card.Window.Start)} to {Day(card.Window.End)} ({card.Window.Days.ToString(CultureInfo.InvariantCulture)} days) · as of {Html.When(card.AsOf)}", ("class", "meta"));
        Measures(html, card);
        foreach (var note in card.Notes)
        {
            html.Element("p", note, ("class", "banner note"), ("role", "note"));
        }

        Sources(html, card);
        html.Close("section");

        Groups(html, served, card);
        if (card.Measures.ContainsKey("commerce_revenue"))
        {
            Waterfall(html, card);
        }

        html.Element("h2", "Worklist", ("id", "worklist"));
        FilterForm(html, served, card, entity, group, platform, dimension, sort, query?.Limit ?? DefaultPageSize);
        if (bad is { } problem)
        {
            html.Element("p", problem.Message, ("class", "banner alert"), ("role", "alert"), ("data-testid", "filter-error"));
            return Page(Layout.End(html), StatusCodes.Status400BadRequest);
        }

        Rows(html, served, card, query!);
        return Page(Layout.End(html));
    }

    private static void Measures(Html html, CardResult card)
    {
        if (!card.Measures.TryGetValue("commerce_revenue", out var commerce))
        {
            return;
        }

        var gl = card.Measures.GetValueOrDefault("gl_booked_revenue");
        var share = card.Measures.GetValueOrDefault("gap_share_of_commerce");
        html.Open("dl", ("class", "measures"));
        html.Element("dt", "Commerce revenue").Element("dd", Money(commerce, card.ReportingCurrency), ("class", "num"));
        html.Element("dt", "GL-booked revenue").Element("dd", Money(gl, card.ReportingCurrency), ("class", "num"));
        html.Element("dt", "Gap as a share of commerce revenue").Element("dd", Html.Percent(share), ("class", "num"));
        html.Close("dl");
        if (share > 0.20m)
        {
            html.Element("p", "Above 20% of commerce revenue: something structural is wrong (a typical mid-market business runs at 8–15%).", ("class", "banner alert"));
        }
    }

    private static void Sources(Html html, CardResult card)
    {
        if (card.Sources.Count == 0)
        {
            return;
        }

        html.Open("details", ("class", "sources")).Element("summary", "Freshness of each source");
        html.Raw("<table><caption>Last successful sync per source</caption><thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Last successful sync</th></tr></thead><tbody>");
        foreach (var source in card.Sources)
        {
            html.Raw("<tr>").Element("th", source.Source, ("scope", "row")).Element("td", Html.When(source.LastSuccessfulSyncAt)).Raw("</tr>");
        }

        html.Raw("</tbody></table></details>");
    }

    private static string GroupWord(CardResult card) => card.Key switch
    {
        CardKeys.CustomersAbsent => "Cohort",
        CardKeys.B2bCustomersAbsentSync => "Cause",
        CardKeys.CustomersAbsentBlocked => "Customer type",
        _ => "Reason",
    };

    private static void Groups(Html html, ServedWorkspace served, CardResult card)
    {
        var money = card.Groups.Any(g => g.Amount is not null);
        var total = card.Groups.Sum(g => g.Amount?.Amount ?? 0m);
        html.Element("h2", $"By {GroupWord(card).ToLowerInvariant()}", ("id", "groups"));
        html.Raw("<table class=\"groups\" data-testid=\"groups\"><thead><tr>");
        html.Element("th", GroupWord(card), ("scope", "col"));
        html.Raw("<th scope=\"col\" class=\"num\">").Text(card.Unit == "count" ? "Customers" : "Lines").Raw("</th><th scope=\"col\" class=\"num\">Orders</th>");
        if (money)
        {
            html.Element("th", $"Amount ({card.ReportingCurrency})", ("scope", "col"), ("class", "num"));
            html.Element("th", "Share", ("scope", "col"), ("class", "num"));
        }

        html.Raw("</tr></thead><tbody>");
        foreach (var g in card.Groups)
        {
            html.Open("tr", ("data-group", g.Key));
            html.Open("th", ("scope", "row")).Element("a", g.Label, ("href", CardPath(served.Id, card.Key) + "?group=" + Uri.EscapeDataString(g.Key) + "#worklist")).Close("th");
            html.Element("td", Html.Number(g.Count), ("class", "num")).Element("td", Html.Number(g.Orders), ("class", "num"));
            if (money)
            {
                html.Element("td", Html.Number(g.Amount?.Amount ?? 0m, Digits(card.ReportingCurrency)), ("class", "num"), ("data-amount", (g.Amount?.Amount ?? 0m).ToString(CultureInfo.InvariantCulture)));
                html.Element("td", total == 0 ? "" : Html.Percent(Math.Round((g.Amount?.Amount ?? 0m) / total, 4)), ("class", "num"));
            }

            html.Close("tr");
        }

        html.Raw("</tbody><tfoot><tr><th scope=\"row\">Total</th>");
        html.Element("td", Html.Number(card.Groups.Sum(g => (long)g.Count)), ("class", "num")).Element("td", Html.Number(card.Groups.Sum(g => (long)g.Orders)), ("class", "num"));
        if (money)
        {
            html.Element("td", Html.Number(total, Digits(card.ReportingCurrency)), ("class", "num")).Element("td", "", ("class", "num"));
        }

        html.Raw("</tr></tfoot></table>");
    }

    private static void Waterfall(Html html, CardResult card)
    {
        var currency = Currency.Of(card.ReportingCurrency);
        var commerce = currency.ToMinorUnits(card.Measures["commerce_revenue"]);
        var reasons = card.Groups.Where(g => g.Amount is { } a && a.Amount != 0).Select(g => (g.Label, currency.ToMinorUnits(g.Amount!.Value.Amount))).ToList();
        var bars = Charts.WaterfallBars(commerce, reasons, "Commerce revenue", "GL-booked revenue");
        string Format(long minor) => Html.Number(currency.FromMinorUnits(minor), currency.MinorDigits);
        html.Element("h2", "From commerce revenue to the GL", ("id", "waterfall"));
        html.Open("figure", ("class", "chart"));
        Charts.Waterfall(html, bars, Format, $"Waterfall: commerce revenue {Format(commerce)} {currency.Code}, less each reason, is GL-booked revenue {Format(bars[^1].AmountMinor)} {currency.Code}");
        html.Open("figcaption");
        html.Text($"Amounts in {currency.Code}, for the whole card (the filters below apply to the worklist only). Reasons with no amount are left out; a negative reason raises the line. When the gap is a small share, the axis starts above zero (marked on the chart).");
        html.Close("figcaption");
        html.Close("figure");
    }

    private static void FilterForm(Html html, ServedWorkspace served, CardResult card, string? entity, string? group, string? platform, string? dimension, string? sort, int limit)
    {
        html.Open("form", ("method", "get"), ("action", CardPath(served.Id, card.Key) + "#worklist"), ("class", "filters"), ("aria-label", "Filter the worklist"));
        html.Raw("<div class=\"field\">");
        EntitySelect(html, served.Entities, entity, "f-entity");
        html.Raw("</div><div class=\"field\">");
        html.Element("label", GroupWord(card), ("for", "f-group"));
        html.Open("select", ("id", "f-group"), ("name", "group"));
        html.Element("option", "All", ("value", ""));
        foreach (var g in card.Groups)
        {
            html.Element("option", g.Label, ("value", g.Key), ("selected", g.Key == group ? "selected" : null));
        }

        html.Raw("</select></div><div class=\"field\">");
        html.Element("label", "Platform", ("for", "f-platform"));
        html.Open("select", ("id", "f-platform"), ("name", "platform"));
        html.Element("option", "All platforms", ("value", ""));
        foreach (var p in Enum.GetValues<Platform>().Select(p => p.Key()))
        {
            html.Element("option", p, ("value", p), ("selected", p == platform ? "selected" : null));
        }

        html.Raw("</select></div>");
        if (card.Unit != "count")
        {
            html.Raw("<div class=\"field\">");
            html.Element("label", "Dimension (name:value)", ("for", "f-dimension"));
            html.Open("input", ("id", "f-dimension"), ("name", "dimension"), ("type", "text"), ("value", dimension), ("placeholder", "department:200"), ("aria-describedby", "f-dimension-hint"));
            html.Element("span", $"One of {string.Join(", ", RowQuery.DimensionNames)}", ("id", "f-dimension-hint"), ("class", "hint"));
            html.Raw("</div>");
        }

        html.Raw("<div class=\"field\">");
        html.Element("label", "Sort", ("for", "f-sort"));
        html.Open("select", ("id", "f-sort"), ("name", "sort"));
        html.Element("option", "Card order", ("value", ""));
        foreach (var k in RowQuery.SortKeys(card.Unit))
        {
            html.Element("option", $"{k.Replace('_', ' ')} ↑", ("value", k), ("selected", k == sort ? "selected" : null));
            html.Element("option", $"{k.Replace('_', ' ')} ↓", ("value", "-" + k), ("selected", "-" + k == sort ? "selected" : null));
        }

        html.Raw("</select></div><div class=\"field\">");
        html.Element("label", "Rows per page", ("for", "f-limit"));
        html.Open("select", ("id", "f-limit"), ("name", "limit"));
        foreach (var size in PageSizes)
        {
            var text = size.ToString(CultureInfo.InvariantCulture);
            html.Element("option", text, ("value", text), ("selected", size == limit ? "selected" : null));
        }

        html.Raw("</select></div><div class=\"field actions\">");
        html.Element("button", "Apply filters", ("type", "submit"));
        html.Element("a", "Clear", ("href", CardPath(served.Id, card.Key) + "#worklist"));
        html.Raw("</div>");
        html.Close("form");
    }

    private static string Query(RowQuery query, int? offset = null, string? sort = null, bool paging = true)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("entity", query.Entity);
        Add("group", query.Group);
        Add("platform", query.Platform);
        Add("dimension", query.Dimension);
        Add("sort", sort ?? query.Sort);
        if (paging)
        {
            Add("limit", query.Limit?.ToString(CultureInfo.InvariantCulture));
            if ((offset ?? query.Offset) > 0)
            {
                Add("offset", (offset ?? query.Offset).ToString(CultureInfo.InvariantCulture));
            }
        }

        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private static void Rows(Html html, ServedWorkspace served, CardResult card, RowQuery query)
    {
        var limit = query.Limit ?? DefaultPageSize;
        var basePath = CardPath(served.Id, card.Key);
        int total;
        html.Raw("<div class=\"toolbar\">");
        var export = ApiEndpoints.Prefix + "/workspaces/" + Uri.EscapeDataString(served.Id) + "/cards/" + Uri.EscapeDataString(card.Key) + "/export" + Query(query, paging: false);
        html.Element("a", "Export these rows as CSV", ("href", export), ("download", $"{served.Id}-{card.Key}.csv"), ("class", "button"), ("data-testid", "export"));
        html.Raw("</div>");

        (string Key, string Label, bool Number)[] columns = card.Unit == "count"
            ? [("customer", "Customer", false), ("name", "Name", false), ("type", "Type", false), ("group", GroupWord(card), false), ("orders", "Orders", true),
                ("order_value", $"Order value ({card.ReportingCurrency})", true), ("expected_entity", "Expected entity", false), ("", "Flags", false), ("", "Sync message / consequence", false)]
            : [("commerce_order", "Commerce order", false), ("erp_document", "ERP document", false), ("platform", "Platform", false), ("entity", "Entity", false),
                ("reason", "Reason", false), ("amount", $"Amount ({card.ReportingCurrency})", true), ("", "Department", false), ("", "Location", false),
                ("", "Project", false), ("", "Customer", false), ("", "Flags", false)];
        html.Raw("<div class=\"table-wrap\"><table class=\"rows\" data-testid=\"rows\"><caption>");
        html.Text(card.Title + " — worklist");
        html.Raw("</caption><thead><tr>");
        foreach (var (key, label, number) in columns)
        {
            var current = query.Sort == key ? "ascending" : query.Sort == "-" + key ? "descending" : null;
            html.Open("th", ("scope", "col"), ("class", number ? "num" : null), ("aria-sort", key.Length == 0 ? null : current ?? "none"));
            if (key.Length == 0)
            {
                html.Text(label);
            }
            else
            {
                var next = current == "ascending" ? "-" + key : key;
                html.Element("a", label, ("href", basePath + Query(query, 0, next) + "#worklist"), ("title", $"Sort by {label.ToLowerInvariant()}"));
            }

            html.Close("th");
        }

        html.Raw("</tr></thead><tbody>");
        var digits = Digits(card.ReportingCurrency);
        if (card.Unit == "count")
        {
            var rows = CardJson.Filter(card.CustomerRows, query);
            total = rows.Count;
            var labels = card.Groups.ToDictionary(g => g.Key, g => g.Label, StringComparer.Ordinal);
            foreach (var r in rows.Skip(query.Offset).Take(limit))
            {
                html.Raw("<tr>").Element("th", r.Customer, ("scope", "row")).Element("td", r.Name).Element("td", r.Type).Element("td", labels.GetValueOrDefault(r.Group, r.Group))
                    .Element("td", Html.Number(r.Orders.Count), ("class", "num")).Element("td", Html.Number(r.OrderValue.Amount, digits), ("class", "num"))
                    .Element("td", r.ExpectedEntity).Element("td", string.Join("; ", r.Flags)).Element("td", string.Join(" — ", new[] { r.SyncMessage, r.Consequence }.Where(s => s is not null)))
                    .Raw("</tr>");
            }
        }
        else
        {
            var rows = CardJson.Filter(card.GapRows, query);
            total = rows.Count;
            foreach (var r in rows.Skip(query.Offset).Take(limit))
            {
                html.Raw("<tr>").Element("th", r.CommerceOrder ?? "—", ("scope", "row")).Element("td", r.ErpDocument ?? "none").Element("td", r.Platform ?? "").Element("td", r.Entity ?? "")
                    .Element("td", r.ReasonLabel, ("data-reason", r.Reason))
                    .Element("td", Html.Number(r.Amount.Amount, digits), ("class", "num"), ("data-amount", r.Amount.Amount.ToString(CultureInfo.InvariantCulture)))
                    .Element("td", r.Dimensions.Department ?? "").Element("td", r.Dimensions.Location ?? "").Element("td", r.Dimensions.Project ?? "").Element("td", r.Dimensions.Customer ?? "")
                    .Element("td", string.Join("; ", r.Flags)).Raw("</tr>");
            }

            html.Raw("</tbody><tfoot><tr><th scope=\"row\" colspan=\"5\">Total of the filtered rows</th>");
            html.Element("td", Html.Number(rows.Sum(r => r.Amount.Amount), digits), ("class", "num"), ("data-testid", "rows-total"));
            html.Raw("<td colspan=\"5\"></td></tr></tfoot></table></div>");
            Pager(html, basePath, query, total, limit);
            return;
        }

        html.Raw("</tbody></table></div>");
        Pager(html, basePath, query, total, limit);
    }

    private static void Pager(Html html, string basePath, RowQuery query, int total, int limit)
    {
        var first = total == 0 ? 0 : query.Offset + 1;
        var last = Math.Min(total, query.Offset + limit);
        html.Open("nav", ("class", "pager"), ("aria-label", "Pages of the worklist"));
        html.Element("p", total == 0 ? "No rows match these filters." : $"Rows {Html.Number(first)}–{Html.Number(last)} of {Html.Number(total)}", ("data-testid", "row-count"), ("data-total", total.ToString(CultureInfo.InvariantCulture)));
        if (query.Offset > 0)
        {
            html.Element("a", "First page", ("href", basePath + Query(query, 0) + "#worklist"));
            html.Element("a", "Previous page", ("href", basePath + Query(query, Math.Max(0, query.Offset - limit)) + "#worklist"), ("rel", "prev"));
        }

        if (query.Offset + limit < total)
        {
            html.Element("a", "Next page", ("href", basePath + Query(query, query.Offset + limit) + "#worklist"), ("rel", "next"));
            html.Element("a", "Last page", ("href", basePath + Query(query, (total - 1) / limit * limit) + "#worklist"));
        }

        html.Close("nav");
    }

    // ---- alerts and refresh ---------------------------------------------------------------------

    private static IResult AlertsPage(HttpContext http, string workspace, ClaimsPrincipal user, WorkspaceRegistry registry)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return NoWorkspace(http, user, workspace);
        }

        var alerts = served.AlertHistory(200).Where(a => Roles.CanSee(member.Roles, a.Event.CardKey)).ToList();
        var html = Layout.Begin("Alert history", user, served, http, "alerts");
        html.Element("h1", $"{served.Name}: alert history");
        html.Element("p", "A threshold crossing fires once and re-arms when the figure falls back. Newest first; only your cards.", ("class", "meta"));
        if (alerts.Count == 0)
        {
            html.Element("p", "No alert has fired yet.");
            return Page(Layout.End(html));
        }

        var deliveries = served.DeliveriesOf([.. alerts.Select(a => a.Id)]).ToLookup(d => d.Alert.Id);
        html.Raw("<table class=\"alerts\"><caption>Alerts of the cards you see</caption><thead><tr><th scope=\"col\">Refresh</th><th scope=\"col\">Card</th><th scope=\"col\">What</th>" +
            "<th scope=\"col\" class=\"num\">Figure</th><th scope=\"col\" class=\"num\">Threshold</th><th scope=\"col\">As of</th><th scope=\"col\">Delivery</th></tr></thead><tbody>");
        foreach (var alert in alerts)
        {
            var e = alert.Event;
            string Figure(decimal v) => e.Unit == "count" ? Html.Number((long)v) : Money(v, e.Unit);
            html.Raw("<tr>").Element("td", Html.When(alert.ComputedAt));
            html.Open("th", ("scope", "row")).Element("a", e.Title, ("href", CardPath(served.Id, e.CardKey))).Close("th");
            html.Element("td", e.Transition == Gapwatch.Alerts.AlertTransition.Fired ? "Fired" : "Re-armed", ("class", e.Transition == Gapwatch.Alerts.AlertTransition.Fired ? "fired" : "rearmed"))
                .Element("td", Figure(e.Figure), ("class", "num")).Element("td", Figure(e.Threshold), ("class", "num")).Element("td", Html.When(e.AsOf))
                .Element("td", DeliveryText(deliveries[alert.Id]), ("data-testid", "delivery")).Raw("</tr>");
        }

        html.Raw("</tbody></table>");
        return Page(Layout.End(html));
    }

    /// <summary>Per webhook: delivered, still being retried, or given up — with the attempts and the last answer, so a silent alert is visible.</summary>
    private static string DeliveryText(IEnumerable<AlertDelivery> deliveries)
    {
        var parts = deliveries.OrderBy(d => d.Webhook, StringComparer.Ordinal).Select(d =>
        {
            var attempts = d.Attempts == 1 ? "1 attempt" : $"{d.Attempts.ToString(CultureInfo.InvariantCulture)} attempts";
            var answer = d.LastStatusCode is { } code ? $"HTTP {code.ToString(CultureInfo.InvariantCulture)}" : d.LastError;
            return d.Status switch
            {
                DeliveryStatus.Delivered => $"{d.Webhook}: delivered",
                DeliveryStatus.Failed => $"{d.Webhook}: failed after {attempts}" + (answer is null ? "" : $" ({answer})"),
                _ when d.Attempts == 0 => $"{d.Webhook}: pending",
                _ => $"{d.Webhook}: retrying, {attempts}" + (answer is null ? "" : $" ({answer})"),
            };
        }).ToList();
        return parts.Count == 0 ? "no webhook" : string.Join("; ", parts);
    }

    private static async Task<IResult> Refresh(HttpContext http, string workspace, ClaimsPrincipal user, WorkspaceRegistry registry)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return NoWorkspace(http, user, workspace);
        }

        if (!Roles.AnyOf(member.Roles, Roles.Refreshers))
        {
            return Error(http, user, 403, "Forbidden", $"refreshing needs one of the roles {string.Join(", ", Roles.Refreshers)}", served);
        }

        var outcome = await served.RefreshAsync(http.RequestAborted);
        served.Access.Append(ApiEndpoints.Actor(user), "refresh", served.Id,
            outcome.Succeeded ? $"snapshot {outcome.Snapshot!.Id.ToString(CultureInfo.InvariantCulture)}" : $"failed: {outcome.Error}", ApiEndpoints.Client(http));
        return new SeeOther(WallPath(served.Id) + "?refreshed=" + (outcome.Succeeded ? "ok" : "failed"));
    }

    /// <summary>303 See Other: after a form post, the browser follows with a GET.</summary>
    private sealed class SeeOther(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
