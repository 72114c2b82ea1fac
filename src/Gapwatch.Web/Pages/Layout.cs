using System.Security.Claims;
using Gapwatch.Web.Hosting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Web.Pages;

/// <summary>The page shell: head with the app's own stylesheet, a skip link, the header and the main landmark.</summary>
internal static class Layout
{
    public const string StylesheetPath = "/static/gapwatch.css";

    public static Html Begin(string title, ClaimsPrincipal? user, ServedWorkspace? workspace, HttpContext http, string? current = null)
    {
        var html = new Html();
        html.Raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Element("title", title + " · Gapwatch");
        html.Open("link", ("rel", "stylesheet"), ("href", StylesheetPath));
        html.Raw("</head><body><a class=\"skip-link\" href=\"#main\">Skip to content</a><header class=\"top\"><nav aria-label=\"Main\">");
        html.Element("a", "Gapwatch", ("class", "brand"), ("href", "/"));
        if (workspace is not null)
        {
            html.Element("a", workspace.Name + " — cards", ("href", PageEndpoints.WallPath(workspace.Id)), ("aria-current", current == "wall" ? "page" : null));
            html.Element("a", "Alert history", ("href", PageEndpoints.AlertsPath(workspace.Id)), ("aria-current", current == "alerts" ? "page" : null));
        }

        html.Raw("</nav>");
        if (user?.Identity is { IsAuthenticated: true, Name: { } name })
        {
            html.Open("form", ("class", "sign-out"), ("method", "post"), ("action", "/sign-out"));
            AntiforgeryField(html, http);
            html.Element("span", name, ("class", "who"));
            html.Element("button", "Sign out", ("type", "submit"));
            html.Close("form");
        }

        html.Raw("</header><main id=\"main\" tabindex=\"-1\">");
        return html;
    }

    public static string End(Html html) => html.Raw("</main></body></html>").ToString();

    public static void AntiforgeryField(Html html, HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        html.Open("input", ("type", "hidden"), ("name", tokens.FormFieldName), ("value", tokens.RequestToken));
    }
}
