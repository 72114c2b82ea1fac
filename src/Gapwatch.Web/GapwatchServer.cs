using Gapwatch.Web.Alerts;
using Gapwatch.Web.Api;
using Gapwatch.Web.Auth;
using Gapwatch.Web.Hosting;
using Gapwatch.Web.Scheduling;
using Gapwatch.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Gapwatch.Web;

/// <summary>
/// <c>gapwatch serve</c>: Kestrel on loopback over one or more workspaces. Every route needs an
/// authenticated caller (fallback policy) except the antiforgery token and sign-in; errors are
/// ProblemDetails; every answer carries the security headers.
/// </summary>
public sealed class GapwatchServer : IAsyncDisposable
{
    public const string SmartScheme = "gapwatch";

    private readonly WebApplication app;

    private GapwatchServer(WebApplication app, WorkspaceRegistry workspaces)
    {
        this.app = app;
        Workspaces = workspaces;
    }

    public WorkspaceRegistry Workspaces { get; }

    /// <summary>The address the server listens on (with the port the OS picked when 0 was asked).</summary>
    public Uri Address { get; private set; } = null!;

    public IServiceProvider Services => app.Services;

    /// <summary>Builds the app (routes mapped, not yet listening).</summary>
    public static GapwatchServer Create(ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Workspaces.Count == 0)
        {
            throw new ArgumentException("serve at least one workspace", nameof(options));
        }

        var registry = WorkspaceRegistry.Open(options.Workspaces, options.Clock);
        try
        {
            return new GapwatchServer(Build(options, registry), registry);
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }

    public static async Task<GapwatchServer> StartAsync(ServeOptions options, CancellationToken cancellationToken = default)
    {
        var server = Create(options);
        try
        {
            await server.app.StartAsync(cancellationToken);
        }
        catch (Exception failed)
        {
            // A host that failed to start may fail to stop too; the start failure is the one to report.
            try
            {
                await server.DisposeAsync();
            }
            catch (Exception stopping) when (stopping is not OutOfMemoryException)
            {
                throw new AggregateException(failed.Message, failed, stopping);
            }

            throw;
        }

        var address = server.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Runs until the token is cancelled (Ctrl+C in the CLI), then stops cleanly.</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken) => await app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Workspaces.Dispose();
    }

    private static WebApplication Build(ServeOptions options, WorkspaceRegistry registry)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GapwatchServer).Assembly.GetName().Name,
            EnvironmentName = Environments.Production,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(options.Address, options.Port, listen =>
            {
                if (options.Certificate is { } certificate)
                {
                    listen.UseHttps(certificate);
                }
            });
        });
        if (options.ConfigureLogging is { } configureLogging)
        {
            builder.Logging.ClearProviders();
            configureLogging(builder.Logging);
        }
        else
        {
            // One console line per request would cost more than the request; warnings and errors only.
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        }

        var services = builder.Services;
        services.AddSingleton(registry);
        services.AddSingleton(options.Clock);
        services.AddSingleton(_ => new AccountLockout(
            options.Clock, options.LockoutFailures, options.LockoutWindow, options.LockoutDuration, options.SignInPermitsPerAccount, options.SignInWindow));
        services.AddProblemDetails();
        services.AddGapwatchAlerts(options);
        RefreshScheduling.AddGapwatchRefresh(services, options, registry);
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            // Say how to authenticate: a bearer token (gapwatch user add --token) or the session cookie.
            document.Info.Title = "Gapwatch API";
            document.Components ??= new Microsoft.OpenApi.OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, Microsoft.OpenApi.IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API token from 'gapwatch user add --token' (gw_…)",
            };
            document.Components.SecuritySchemes["cookie"] = new Microsoft.OpenApi.OpenApiSecurityScheme
            {
                Type = Microsoft.OpenApi.SecuritySchemeType.ApiKey,
                In = Microsoft.OpenApi.ParameterLocation.Cookie,
                Name = "gapwatch.session",
                Description = "The session cookie from POST /account/sign-in (unsafe methods also need X-CSRF-TOKEN)",
            };
            document.Security ??= [];
            document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("bearer", document)] = [] });
            document.Security.Add(new Microsoft.OpenApi.OpenApiSecurityRequirement { [new Microsoft.OpenApi.OpenApiSecuritySchemeReference("cookie", document)] = [] });
            return Task.CompletedTask;
        }));
        var keys = options.KeysDirectory ?? Path.Combine(Path.GetFullPath(options.Workspaces[0]), ".gapwatch", "web-keys");
        services.AddDataProtection().SetApplicationName("gapwatch-web").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddAntiforgery(a =>
        {
            a.HeaderName = AntiforgeryGuard.HeaderName;
            a.FormFieldName = AntiforgeryGuard.FieldName;
            a.Cookie.Name = "gapwatch.af";
            // The antiforgery cookie is only useful with its request token; ASP.NET Core refuses an
            // always-Secure one on plain HTTP (the loopback default), so it follows the request.
            a.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            a.Cookie.SameSite = SameSiteMode.Strict;
            a.Cookie.HttpOnly = true;
            a.SuppressXFrameOptionsHeader = true;
        });
        services.AddAuthentication(SmartScheme)
            .AddPolicyScheme(SmartScheme, "cookie or bearer", p => p.ForwardDefaultSelector = context =>
                BearerTokenHandler.HasBearer(context.Request) ? BearerTokenHandler.SchemeName : CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, c =>
            {
                c.Cookie.Name = "gapwatch.session";
                c.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
                c.Cookie.HttpOnly = true;
                c.Cookie.SameSite = SameSiteMode.Strict;
                c.ExpireTimeSpan = TimeSpan.FromHours(8);
                c.SlidingExpiration = true;
                c.TimeProvider = options.Clock;
                c.Events.OnRedirectToLogin = context =>
                {
                    if (Pages.PageEndpoints.WantsPage(context.Request))
                    {
                        // A browser asking for a page goes to the sign-in page; the API and scripts get 401.
                        context.Response.Redirect(Pages.PageEndpoints.SignInRedirect(context.Request));
                        return Task.CompletedTask;
                    }

                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return Task.CompletedTask;
                };
                c.Events.OnRedirectToAccessDenied = context =>
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    return Task.CompletedTask;
                };
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddRateLimiter(r =>
        {
            r.AddPolicy(AccountEndpoints.SignInPolicy, context => System.Threading.RateLimiting.RateLimitPartition.Get(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new ClockWindowRateLimiter(options.Clock, options.SignInPermitsPerClient, options.SignInWindow)));
            r.GlobalLimiter = System.Threading.RateLimiting.PartitionedRateLimiter.Create<HttpContext, string>(context =>
                System.Threading.RateLimiting.RateLimitPartition.Get(
                    context.User.Identity is { IsAuthenticated: true, Name: { } name }
                        ? "caller:" + name + "|" + context.User.FindFirst(Membership.MethodClaimType)?.Value
                        : "client:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => new ClockWindowRateLimiter(options.Clock, options.ApiPermitsPerCaller, options.ApiWindow)));
            r.OnRejected = async (context, _) =>
            {
                var signIn = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == AccountEndpoints.SignInPolicy;
                await Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: signIn ? "Too many attempts" : "Too many requests",
                    detail: signIn ? AccountEndpoints.TooManyAttempts : "Too many requests from this caller. Wait a while and try again.")
                    .ExecuteAsync(context.HttpContext);
            };
        });

        var app = builder.Build();
        app.Use(SecurityHeaders.Middleware);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.Use(AntiforgeryGuard.Middleware);
        app.MapOpenApi();
        AccountEndpoints.Map(app);
        ApiEndpoints.Map(app);
        Pages.PageEndpoints.Map(app);
        return app;
    }
}
