using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Web.Tests;

/// <summary>One method on one route, as the app's endpoint data source lists it.</summary>
public sealed record Route(string Method, string Pattern, bool Anonymous)
{
    public bool InWorkspace => Pattern.Contains("{workspace}", StringComparison.Ordinal);

    public override string ToString() => $"{Method} {Pattern}";

    /// <summary>The route with its parameters filled in; a parameter this test does not know fails the test (so a new one is thought about).</summary>
    public string Path(string workspace, string card)
    {
        var path = Pattern.Replace("{workspace}", workspace, StringComparison.Ordinal)
            .Replace("{key}", card, StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal);
        Assert.False(path.Contains('{', StringComparison.Ordinal), $"route {this} has a parameter the endpoint walk does not know: teach EndpointWalk");
        return path;
    }
}

/// <summary>Every endpoint of the running app, read from its <see cref="EndpointDataSource"/>: a new route cannot escape the tests.</summary>
public static class EndpointWalk
{
    public static IReadOnlyList<Route> Routes(GapwatchServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var source = server.Services.GetRequiredService<EndpointDataSource>();
        var routes = new List<Route>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST", "PUT", "PATCH", "DELETE"];
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
            routes.AddRange(methods.Select(m => new Route(m, pattern, anonymous)));
        }

        return routes;
    }
}
