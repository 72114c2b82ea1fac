using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Gapwatch.Simulators.BusinessCentral;

/// <summary>
/// A local stand-in for one Business Central online environment and its Entra tenant, on 127.0.0.1
/// at a random port: the client-credentials token endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>),
/// <c>GET /v2.0/{tenant}/{environment}/api/v2.0/companies</c> and <c>…/companies({id})/{entitySet}</c>,
/// published web services under <c>…/ODataV4/Company('{name}')/{service}</c>; <c>$filter</c>,
/// <c>$orderby</c>, <c>$expand</c>, server-driven paging honouring <c>Prefer: odata.maxpagesize</c> up to
/// the server's maximum with opaque <c>$skiptoken</c> next links, Business Central's error bodies
/// (<c>{"error":{"code","message"}}</c>), 401 when the token has expired, and queued faults. It knows
/// nothing of Gapwatch. Stop it with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class BusinessCentralSimulator : IAsyncDisposable
{
    private readonly SimulatorHost host;
    private readonly BusinessCentralHandler handler;

    private BusinessCentralSimulator(SimulatorHost host, BusinessCentralHandler handler, EntraTokenIssuer issuer, BusinessCentralSimulatorOptions options)
    {
        this.host = host;
        this.handler = handler;
        Issuer = issuer;
        Options = options;
    }

    /// <summary><c>http://127.0.0.1:port/</c>: both the API host and the Entra authority.</summary>
    public Uri Address => host.Address;

    public BusinessCentralSimulatorOptions Options { get; }

    public EntraTokenIssuer Issuer { get; }

    public BusinessCentralDataset Data => handler.Data;

    public IReadOnlyList<BusinessCentralRequest> Requests => handler.Journal.Entries;

    /// <summary>Called with each API request's number (from 1) before it is answered.</summary>
    public Func<int, Task>? BeforeAnswer
    {
        get => handler.BeforeAnswer;
        set => handler.BeforeAnswer = value;
    }

    public static async Task<BusinessCentralSimulator> StartAsync(BusinessCentralDataset data, TimeProvider clock, BusinessCentralSimulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        options ??= new BusinessCentralSimulatorOptions();
        var issuer = new EntraTokenIssuer(options.Tenant, [new EntraApplication(options.ClientId, options.ClientSecret, [BusinessCentralHandler.Resource + "/.default"])], clock);
        var handler = new BusinessCentralHandler(data, options, issuer);
        var host = await SimulatorHost.StartAsync(app =>
        {
            issuer.Map(app);
            app.MapGet("/v2.0/{tenant}/{environment}/api/v2.0/{**rest}", context =>
            {
                context.Request.RouteValues["kind"] = "api/v2.0";
                return handler.HandleAsync(context);
            });
            app.MapGet("/v2.0/{tenant}/{environment}/ODataV4/{**rest}", context =>
            {
                context.Request.RouteValues["kind"] = "ODataV4";
                return handler.HandleAsync(context);
            });
        }, context => FaultAnswers.Write(context, 404, """{"error":{"code":"BadRequest_NotFound","message":"No HTTP resource was found that matches the request URI."}}""", "application/json; charset=utf-8"), cancellationToken).ConfigureAwait(false);
        return new BusinessCentralSimulator(host, handler, issuer, options);
    }

    /// <summary>Queues faults for the next matching requests.</summary>
    public void Inject(params BusinessCentralFault[] faults) => handler.Faults.Enqueue(faults);

    /// <summary>Every next link handed out so far is refused from now on (400, as an expired <c>$skiptoken</c>).</summary>
    public void ExpirePageTokens() => handler.ExpirePageTokens();

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
