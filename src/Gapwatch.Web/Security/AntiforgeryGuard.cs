using Gapwatch.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Web.Security;

/// <summary>
/// Every unsafe request (POST, PUT, PATCH, DELETE) that is not a bearer-token call must carry a
/// valid antiforgery token (header <c>X-CSRF-TOKEN</c> or form field). A browser sends cookies by
/// itself but never an Authorization header, so bearer calls cannot be forged and are exempt.
/// Runs after authorization, so an unauthenticated call still gets 401 first.
/// </summary>
public static class AntiforgeryGuard
{
    public const string HeaderName = "X-CSRF-TOKEN";
    public const string FieldName = "__RequestVerificationToken";

    public static RequestDelegate Middleware(RequestDelegate next) => async context =>
    {
        if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || HttpMethods.IsTrace(context.Request.Method)
            || BearerTokenHandler.HasBearer(context.Request))
        {
            await next(context);
            return;
        }

        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Antiforgery token missing or invalid",
                detail: $"Send the token from GET /account/antiforgery in the {HeaderName} header or the {FieldName} form field.").ExecuteAsync(context);
            return;
        }

        await next(context);
    };
}
