using Gapwatch.Simulators.Dataverse;
using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>
/// A Dynamics 365 tenant on loopback: one Entra token endpoint and one app registration allowed
/// into two resources, a Finance &amp; Operations environment and a Dataverse organisation, each on
/// its own port. A token is good only for the resource it was issued for, as in a real tenant.
/// </summary>
public sealed class DynamicsTenant : IAsyncDisposable
{
    private readonly SimulatorHost entra;

    private DynamicsTenant(SimulatorHost entra, EntraTokenIssuer issuer, DynamicsFoSimulator financeOperations, DataverseSimulator dataverse)
    {
        this.entra = entra;
        Issuer = issuer;
        FinanceOperations = financeOperations;
        Dataverse = dataverse;
    }

    public const string TenantId = "contoso.onmicrosoft.com";
    public const string ClientId = "2f0c9d6e-5a7b-4c1d-9e8f-000000000001";
    public const string ClientSecret = "Fo~simulated-client-secret-value";

    public EntraTokenIssuer Issuer { get; }

    /// <summary>The authority the connectors ask for tokens (<c>{authority}/{tenant}/oauth2/v2.0/token</c>).</summary>
    public Uri Authority => entra.Address;

    public DynamicsFoSimulator FinanceOperations { get; }

    public DataverseSimulator Dataverse { get; }

    public static async Task<DynamicsTenant> StartAsync(TimeProvider clock, string defaultCompany = "usmf")
    {
        // The app's scopes name the two services' origins, known only once they listen.
        var scopes = new List<string>();
        var issuer = new EntraTokenIssuer(TenantId, [new EntraApplication(ClientId, ClientSecret, scopes)], clock);
        var entra = await SimulatorHost.StartAsync(issuer.Map, context => FaultAnswers.Write(context, 404, "", "text/plain")).ConfigureAwait(false);
        var fo = await DynamicsFoSimulator.StartAsync(issuer, defaultCompany).ConfigureAwait(false);
        var dataverse = await DataverseSimulator.StartAsync(issuer).ConfigureAwait(false);
        scopes.Add(fo.Resource + "/.default");
        scopes.Add(dataverse.Resource + "/.default");
        return new DynamicsTenant(entra, issuer, fo, dataverse);
    }

    public async ValueTask DisposeAsync()
    {
        await Dataverse.DisposeAsync().ConfigureAwait(false);
        await FinanceOperations.DisposeAsync().ConfigureAwait(false);
        await entra.DisposeAsync().ConfigureAwait(false);
    }
}
