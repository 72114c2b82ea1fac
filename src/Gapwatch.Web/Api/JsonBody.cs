using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Web.Api;

/// <summary>A JSON answer written straight to the response with the CLI's writers (so the CLI and the API never drift).</summary>
public sealed class JsonBody(Action<Utf8JsonWriter> write, int statusCode = StatusCodes.Status200OK) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = statusCode;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter))
        {
            write(writer);
        }

        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}

/// <summary>Bytes already rendered as JSON (a cached card wall).</summary>
public sealed class JsonBytes(byte[] body) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = "application/json; charset=utf-8";
        httpContext.Response.ContentLength = body.Length;
        return httpContext.Response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }

    public static byte[] Render(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }
}

/// <summary>The ProblemDetails answers of the API (RFC 7807).</summary>
public static class Problems
{
    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    /// <summary>400 naming the query parameter at fault, in <c>errors</c> (validation problem shape).</summary>
    public static IResult Invalid(string parameter, string message) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [parameter] = [message] },
            title: $"Invalid value for '{parameter}'",
            detail: message);

    public static IResult NoWorkspace(string id) => NotFound($"no workspace '{id}'");
}
