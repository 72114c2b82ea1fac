using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Gapwatch.Simulators.Hosting;

/// <summary>
/// The faults that look the same whatever the API: the transport and the proxy in front of it
/// misbehave, not the vendor's application. Vendor-shaped errors (error bodies, throttle headers)
/// stay with each simulator.
/// </summary>
public static class FaultAnswers
{
    /// <summary>Drops the connection without an answer.</summary>
    public static Task ResetConnection(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Abort();
        return Task.CompletedTask;
    }

    /// <summary>HTTP 200 with the right content type and the first half of <paramref name="body"/>; the connection ends cleanly.</summary>
    public static Task TruncatedBody(HttpContext context, string body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(body);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body[..(body.Length / 2)], Encoding.UTF8);
    }

    /// <summary>HTTP 200 with an HTML maintenance page, as a load balancer or proxy serves it.</summary>
    public static Task MaintenancePage(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync("<!DOCTYPE html><html><body><h1>Down for maintenance</h1><p>Please try again later.</p></body></html>", Encoding.UTF8);
    }

    /// <summary>No answer until the client gives up (its timeout, or the host stopping).</summary>
    public static async Task Hang(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, as the fault intends.
        }
    }

    /// <summary>Writes a body with its status and content type.</summary>
    public static Task Write(HttpContext context, int status, string body, string contentType)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, Encoding.UTF8);
    }

    /// <summary>Writes a JSON body (the vendor's answer or error shape) with its status.</summary>
    public static Task WriteJson(HttpContext context, int status, JsonNode body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Write(context, status, body.ToJsonString(), JsonContentType);
    }

    /// <summary>The content type every simulated JSON API answers with.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";
}
