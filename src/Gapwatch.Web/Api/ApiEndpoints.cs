using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Gapwatch.Cards;
using Gapwatch.Model;
using Gapwatch.Store.Sqlite;
using Gapwatch.Store;
using Gapwatch.Web.Alerts;
using Gapwatch.Web.Auth;
using Gapwatch.Web.Hosting;
using Gapwatch.Web.Scheduling;
using Gapwatch.Workspaces;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace Gapwatch.Web.Api;

/// <summary>
/// The JSON API under <c>/api/v1</c>, mirroring the CLI (<c>cards</c>, <c>card</c>, <c>export</c>,
/// <c>refresh</c>) with the shapes of product spec §8. Authorization is enforced here: a workspace
/// the caller is not a member of answers 404 (as if it did not exist); a card outside the caller's
/// roles answers 403.
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/v1";

    public static void Map(IEndpointRouteBuilder app)
    {
        var api = app.MapGroup(Prefix).WithTags("api");
        api.MapGet("/workspaces", ListWorkspaces).WithName("ListWorkspaces")
            .WithSummary("The workspaces the caller is a member of, with their roles there").Produces(200, contentType: "application/json");
        var workspace = api.MapGroup("/workspaces/{workspace}");
        workspace.MapGet("/", GetWorkspace).WithName("GetWorkspace")
            .WithSummary("One workspace: name, ERP, entities, the caller's roles, the served snapshot and staleness")
            .Produces(200, contentType: "application/json").ProducesProblem(404);
        workspace.MapGet("/cards", GetCards).WithName("GetCards")
            .WithSummary("The card wall of the latest snapshot: the cards of the caller's roles, without rows")
            .Produces(200, contentType: "application/json").ProducesProblem(404);
        workspace.MapGet("/cards/{key}", GetCard).WithName("GetCard")
            .WithSummary("One card with its drill rows (filtered, sorted, paged) and its trend")
            .Produces(200, contentType: "application/json").ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        workspace.MapGet("/cards/{key}/snapshots", GetSnapshots).WithName("GetCardSnapshots")
            .WithSummary("The card's headline and sentiment over past snapshots (its trend), oldest first")
            .Produces(200, contentType: "application/json").ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        workspace.MapGet("/cards/{key}/export", ExportCard).WithName("ExportCard")
            .WithSummary("The card's drill rows as CSV (filters apply, paging does not); audited")
            .Produces(200, contentType: "text/csv").ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
        workspace.MapGet("/alerts", GetAlerts).WithName("GetAlerts")
            .WithSummary("Alert history (fired and re-armed), newest first, for the caller's cards")
            .Produces(200, contentType: "application/json").ProducesValidationProblem().ProducesProblem(404);
        workspace.MapPost("/refresh", Refresh).WithName("Refresh")
            .WithSummary("Refresh now: compute every card, store a snapshot, report alert transitions; audited")
            .Produces(200, contentType: "application/json").ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(422);
        workspace.MapGet("/audit", GetAudit).WithName("GetAudit")
            .WithSummary("The append-only audit log, newest first (owner and admin)")
            .Produces(200, contentType: "application/json").ProducesValidationProblem().ProducesProblem(403).ProducesProblem(404);
    }

    private static IResult ListWorkspaces(ClaimsPrincipal user, WorkspaceRegistry registry)
    {
        var memberships = Membership.Of(user);
        var visible = registry.All.Select(w => (Workspace: w, Member: memberships.FirstOrDefault(m => m.WorkspaceId == w.Id)))
            .Where(x => x.Member is not null).ToList();
        return new JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("workspaces");
            foreach (var (served, member) in visible)
            {
                WriteWorkspace(w, served, member!);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static IResult GetWorkspace(string workspace, ClaimsPrincipal user, WorkspaceRegistry registry)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return Problems.NoWorkspace(workspace);
        }

        return new JsonBody(w => WriteWorkspace(w, served, member));
    }

    private static IResult GetCards(string workspace, ClaimsPrincipal user, WorkspaceRegistry registry, [FromQuery(Name = "as_of")] string? asOf)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return Problems.NoWorkspace(workspace);
        }

        if (asOf is null)
        {
            var latest = served.Latest;
            if (latest is null)
            {
                return NoSnapshot(workspace);
            }

            var refreshError = served.LastRefreshError;
            var stale = refreshError is not null;
            var cacheKey = $"wall/{latest.Id}/{string.Join(',', member.Roles.Order(StringComparer.Ordinal))}/{stale}/{refreshError}";
            return new JsonBytes(served.Cached(cacheKey, () => JsonBytes.Render(w => CardJson.WriteWall(w, Visible(latest, member, stale), new CardStaleness(refreshError)))));
        }

        var (snapshot, error) = SnapshotAt(served, asOf);
        return error ?? new JsonBody(w => CardJson.WriteWall(w, Visible(snapshot!, member, stale: false), new CardStaleness(null)));
    }

    private static IResult GetCard(
        string workspace, string key, ClaimsPrincipal user, WorkspaceRegistry registry,
        string? entity, string? group, string? reason, string? cohort, string? cause, string? platform, string? dimension, string? sort,
        string? limit, string? offset, [FromQuery(Name = "as_of")] string? asOf)
    {
        var (served, card, problem, snapshotId) = VisibleCard(workspace, key, user, registry, asOf);
        if (problem is not null)
        {
            return problem;
        }

        var groupFilter = group ?? reason ?? cohort ?? cause;
        var (query, error) = DrillQuery.Parse(card!, served!.Entities, entity, groupFilter, platform, dimension, sort, limit, offset);
        if (error is { } bad)
        {
            return Problems.Invalid(group is null && groupFilter is not null && bad.Parameter == "group" ? GroupParameter(reason, cohort) : bad.Parameter, bad.Message);
        }

        var trend = served.Trend(card!.Key, 30);
        if (asOf is null)
        {
            // Snapshots never change: one rendering per snapshot and query serves every later asker.
            var staleness = new CardStaleness(served.LastRefreshError);
            var cacheKey = $"card/{snapshotId.ToString(CultureInfo.InvariantCulture)}/{card.Sentiment}/{query}/{staleness.Error}";
            return new JsonBytes(served.Cached(cacheKey, () => JsonBytes.Render(w => CardJson.WriteCard(w, card, query, trend, staleness))));
        }

        return new JsonBody(w => CardJson.WriteCard(w, card, query, trend, new CardStaleness(null)));
    }

    private static IResult GetSnapshots(string workspace, string key, ClaimsPrincipal user, WorkspaceRegistry registry, string? limit)
    {
        var (served, card, problem, _) = VisibleCard(workspace, key, user, registry, asOf: null);
        if (problem is not null)
        {
            return problem;
        }

        var (count, _, error) = DrillQuery.Paging(limit, null, defaultLimit: 30, maximum: 1000);
        if (error is { } bad)
        {
            return Problems.Invalid(bad.Parameter, bad.Message);
        }

        var trend = served!.Trend(card!.Key, count);
        return new JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteString("key", card.Key);
            w.WriteString("unit", card.Unit);
            CardJson.WriteTrend(w, trend, card.Unit);
            w.WriteEndObject();
        });
    }

    private static IResult ExportCard(
        string workspace, string key, HttpContext http, ClaimsPrincipal user, WorkspaceRegistry registry,
        string? entity, string? group, string? reason, string? cohort, string? cause, string? platform, string? dimension, string? sort,
        [FromQuery(Name = "as_of")] string? asOf)
    {
        var (served, card, problem, _) = VisibleCard(workspace, key, user, registry, asOf);
        if (problem is not null)
        {
            return problem;
        }

        var (query, error) = DrillQuery.Parse(card!, served!.Entities, entity, group ?? reason ?? cohort ?? cause, platform, dimension, sort, null, null);
        if (error is { } bad)
        {
            return Problems.Invalid(bad.Parameter, bad.Message);
        }

        var all = query! with { Offset = 0, Limit = null };
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var rows = CardCsvExport.Write(card!, text, all);
        served.Access.Append(Actor(user), "export", card!.Key, Describe(all, rows), Client(http));
        var body = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        return Results.File(body, "text/csv; charset=utf-8", $"{served.Id}-{card.Key}.csv");
    }

    private static IResult GetAlerts(string workspace, ClaimsPrincipal user, WorkspaceRegistry registry, AlertDispatcher dispatcher, string? limit)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return Problems.NoWorkspace(workspace);
        }

        var (count, _, error) = DrillQuery.Paging(limit, null);
        if (error is { } bad)
        {
            return Problems.Invalid(bad.Parameter, bad.Message);
        }

        var alerts = served.AlertHistory(count).Where(a => Roles.CanSee(member.Roles, a.Event.CardKey)).ToList();
        var deliveries = served.DeliveriesOf([.. alerts.Select(a => a.Id)]).ToLookup(d => d.Alert.Id);
        return new JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("alerts");
            foreach (var alert in alerts)
            {
                WriteAlert(w, served.Id, alert.Id, alert.SnapshotId, alert.ComputedAt, alert.Event, dispatcher.LinkFor(served, alert.Event.CardKey), deliveries[alert.Id]);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Refresh(string workspace, HttpContext http, ClaimsPrincipal user, WorkspaceRegistry registry, WorkspaceRefresher refresher, AlertDispatcher dispatcher)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return Problems.NoWorkspace(workspace);
        }

        if (!Roles.AnyOf(member.Roles, Roles.Refreshers))
        {
            return Problems.Forbidden($"refreshing needs one of the roles {string.Join(", ", Roles.Refreshers)}");
        }

        // The same path as the scheduled refresh; one already running (scheduled or manual) means 409, not a queue.
        if (await refresher.TryRefreshAsync(served, WorkspaceRefresher.ApiTrigger, http.RequestAborted) is not { } outcome)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status409Conflict, title: "A refresh is already running",
                detail: $"workspace '{served.Id}' is being refreshed (by the schedule or another caller); its result will be served when it finishes. Try again later.");
        }

        served.Access.Append(Actor(user), "refresh", served.Id,
            outcome.Succeeded ? $"snapshot {outcome.Snapshot!.Id.ToString(CultureInfo.InvariantCulture)}" : $"failed: {outcome.Error}", Client(http));
        if (!outcome.Succeeded)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "The refresh could not compute",
                detail: $"{outcome.Error}. The last good snapshot is kept and its cards are marked stale.");
        }

        var snapshot = outcome.Snapshot!;
        return new JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("snapshot_id", snapshot.Id);
            w.WriteString("computed_at", snapshot.ComputedAt);
            w.WriteString("as_of", snapshot.AsOf);
            w.WriteStartArray("alerts");
            foreach (var alert in outcome.Alerts.Where(a => Roles.CanSee(member.Roles, a.CardKey)))
            {
                WriteAlert(w, served.Id, null, snapshot.Id, snapshot.ComputedAt, alert, dispatcher.LinkFor(served, alert.CardKey), null);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static IResult GetAudit(string workspace, ClaimsPrincipal user, WorkspaceRegistry registry, string? limit, string? offset)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return Problems.NoWorkspace(workspace);
        }

        if (!Roles.AnyOf(member.Roles, Roles.AuditReaders))
        {
            return Problems.Forbidden($"the audit log is for the roles {string.Join(", ", Roles.AuditReaders)}");
        }

        var (count, skip, error) = DrillQuery.Paging(limit, offset);
        if (error is { } bad)
        {
            return Problems.Invalid(bad.Parameter, bad.Message);
        }

        var (entries, total) = served.Access.Audit(count, skip);
        return new JsonBody(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("total", total);
            w.WriteNumber("offset", skip);
            w.WriteNumber("limit", count);
            w.WriteStartArray("entries");
            foreach (var entry in entries)
            {
                WriteAudit(w, entry);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

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

    private static (ServedWorkspace? Served, CardResult? Card, IResult? Problem, long SnapshotId) VisibleCard(
        string workspace, string key, ClaimsPrincipal user, WorkspaceRegistry registry, string? asOf)
    {
        if (!TryMember(workspace, user, registry, out var served, out var member))
        {
            return (null, null, Problems.NoWorkspace(workspace), 0);
        }

        if (!CardKeys.All.Contains(key, StringComparer.Ordinal))
        {
            return (null, null, Problems.NotFound($"no card '{key}': the cards are {string.Join(", ", CardKeys.All)}"), 0);
        }

        if (!Roles.CanSee(member.Roles, key))
        {
            return (null, null, Problems.Forbidden($"card {key} is for the roles {string.Join(", ", CardCatalog.Roles(key))}; yours are {string.Join(", ", member.Roles)}"), 0);
        }

        RefreshSnapshot? snapshot;
        if (asOf is null)
        {
            snapshot = served.Latest;
            if (snapshot is null)
            {
                return (null, null, NoSnapshot(workspace), 0);
            }
        }
        else
        {
            var (at, error) = SnapshotAt(served, asOf);
            if (error is not null)
            {
                return (null, null, error, 0);
            }

            snapshot = at;
        }

        var card = snapshot!.Cards.FirstOrDefault(c => c.Key == key);
        if (card is null)
        {
            return (null, null, Problems.NotFound($"snapshot {snapshot.Id.ToString(CultureInfo.InvariantCulture)} holds no card '{key}'"), 0);
        }

        if (asOf is null && served.LastRefreshError is not null)
        {
            card = card with { Sentiment = Sentiment.Stale };
        }

        return (served, card, null, snapshot.Id);
    }

    private static (RefreshSnapshot? Snapshot, IResult? Error) SnapshotAt(ServedWorkspace served, string asOf)
    {
        DateTimeOffset at;
        try
        {
            at = served.ParseAsOf(asOf);
        }
        catch (FormatException e)
        {
            return (null, Problems.Invalid("as_of", e.Message.Replace("--as-of", "as_of", StringComparison.Ordinal)));
        }

        var snapshot = served.SnapshotAt(at);
        return snapshot is null
            ? (null, Problems.NotFound($"no snapshot at or before {at:O}"))
            : (snapshot, null);
    }

    private static RefreshSnapshot Visible(RefreshSnapshot snapshot, Membership member, bool stale) => snapshot with
    {
        Cards = [.. snapshot.Cards.Where(c => Roles.CanSee(member.Roles, c.Key)).Select(c => stale ? c with { Sentiment = Sentiment.Stale } : c)],
    };

    private static IResult NoSnapshot(string workspace) =>
        Problems.NotFound($"workspace '{workspace}' has no snapshot yet: POST {Prefix}/workspaces/{workspace}/refresh first");

    private static string GroupParameter(string? reason, string? cohort) => reason is not null ? "reason" : cohort is not null ? "cohort" : "cause";

    private static void WriteWorkspace(Utf8JsonWriter w, ServedWorkspace served, Membership member)
    {
        w.WriteStartObject();
        w.WriteString("id", served.Id);
        w.WriteString("name", served.Name);
        w.WriteString("erp", served.Erp);
        w.WriteStartArray("entities");
        foreach (var entity in served.Entities)
        {
            w.WriteStringValue(entity);
        }

        w.WriteEndArray();
        w.WriteStartArray("roles");
        foreach (var role in member.Roles)
        {
            w.WriteStringValue(role);
        }

        w.WriteEndArray();
        if (served.Latest is { } latest)
        {
            w.WriteStartObject("snapshot");
            w.WriteNumber("id", latest.Id);
            w.WriteString("computed_at", latest.ComputedAt);
            w.WriteString("as_of", latest.AsOf);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("snapshot");
        }

        w.WriteBoolean("stale", served.LastRefreshError is not null);
        if (served.LastRefreshError is { } error)
        {
            w.WriteString("last_refresh_error", error);
        }
        else
        {
            w.WriteNull("last_refresh_error");
        }

        w.WriteEndObject();
    }

    private static void WriteAlert(
        Utf8JsonWriter w, string workspaceId, long? id, long snapshotId, DateTimeOffset computedAt, Gapwatch.Alerts.AlertEvent alert,
        Uri dashboardLink, IEnumerable<AlertDelivery>? deliveries)
    {
        w.WriteStartObject();
        if (id is { } alertId)
        {
            w.WriteNumber("id", alertId);
        }

        w.WriteString("card", alert.CardKey);
        w.WriteString("title", alert.Title);
        w.WriteString("transition", alert.Transition == Gapwatch.Alerts.AlertTransition.Fired ? "fired" : "rearmed");
        WriteFigure(w, "figure", alert.Figure, alert.Unit);
        WriteFigure(w, "threshold", alert.Threshold, alert.Unit);
        w.WriteString("unit", alert.Unit);
        w.WriteString("as_of", alert.AsOf);
        w.WriteNumber("snapshot_id", snapshotId);
        w.WriteString("computed_at", computedAt);
        w.WriteString("link", $"{Prefix}/workspaces/{workspaceId}/cards/{alert.CardKey}");
        w.WriteString("dashboard_link", dashboardLink.ToString());
        if (deliveries is not null)
        {
            WriteDeliveries(w, deliveries);
        }

        w.WriteEndObject();
    }

    private static void WriteDeliveries(Utf8JsonWriter w, IEnumerable<AlertDelivery> deliveries)
    {
        w.WriteStartArray("deliveries");
        foreach (var delivery in deliveries)
        {
            w.WriteStartObject();
            w.WriteString("webhook", delivery.Webhook);
            w.WriteString("status", delivery.Status.ToString().ToLowerInvariant());
            w.WriteNumber("attempts", delivery.Attempts);
            if (delivery.LastStatusCode is { } code)
            {
                w.WriteNumber("last_status_code", code);
            }
            else
            {
                w.WriteNull("last_status_code");
            }

            Optional(w, "last_error", delivery.LastError);
            if (delivery.DeliveredAt is { } at)
            {
                w.WriteString("delivered_at", at);
            }
            else
            {
                w.WriteNull("delivered_at");
            }

            w.WriteString("idempotency_key", delivery.IdempotencyKey);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteAudit(Utf8JsonWriter w, AuditEntry entry)
    {
        w.WriteStartObject();
        w.WriteNumber("id", entry.Id);
        w.WriteString("at", entry.At);
        Optional(w, "actor", entry.Actor);
        w.WriteString("action", entry.Action);
        Optional(w, "subject", entry.Subject);
        Optional(w, "detail", entry.Detail);
        Optional(w, "client", entry.Client);
        w.WriteEndObject();
    }

    private static void WriteFigure(Utf8JsonWriter w, string name, decimal value, string unit)
    {
        if (Currency.TryParse(unit, out var currency))
        {
            w.WriteString(name, currency.Format(value));
        }
        else
        {
            w.WriteNumber(name, value);
        }
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    internal static string Actor(ClaimsPrincipal user) =>
        (user.Identity?.Name ?? "anonymous") + " (" + (user.FindFirst(Membership.MethodClaimType)?.Value ?? "?") + ")";

    internal static string? Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString();

    private static string Describe(RowQuery query, int rows)
    {
        var filters = new[] { ("entity", query.Entity), ("group", query.Group), ("platform", query.Platform), ("dimension", query.Dimension), ("sort", query.Sort) }
            .Where(f => f.Item2 is not null).Select(f => $"{f.Item1}={f.Item2}");
        return $"{rows.ToString(CultureInfo.InvariantCulture)} rows as CSV" + (filters.Any() ? " (" + string.Join(", ", filters) + ")" : "");
    }
}
