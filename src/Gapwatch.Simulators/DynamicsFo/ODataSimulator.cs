using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.DynamicsFo;

/// <summary>
/// What the Finance &amp; Operations and Dataverse simulators share: an <see cref="ODataCollectionEndpoint"/>
/// on its own loopback host (anything off its routes answers a bare 404), its faults, its request
/// journal and its tables. Each subclass names its profile and tables.
/// </summary>
public abstract class ODataSimulator : IAsyncDisposable
{
    private readonly SimulatorHost host;

    private protected ODataSimulator(SimulatorHost host, ODataCollectionEndpoint endpoint)
    {
        this.host = host;
        Endpoint = endpoint;
    }

    public Uri Address => host.Address;

    /// <summary>The resource tokens must be issued for (the service's origin, no trailing slash).</summary>
    public string Resource => host.Address.GetLeftPart(UriPartial.Authority);

    public ODataCollectionEndpoint Endpoint { get; }

    public PendingFaults<DynamicsFault> Faults => Endpoint.Faults;

    public RequestJournal<DynamicsRequestLog> Requests => Endpoint.Requests;

    public ODataTable this[string entitySet] => Endpoint[entitySet];

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>An endpoint of <paramref name="profile"/> holding <paramref name="tables"/>, listening on its own host.</summary>
    private protected static async Task<(SimulatorHost Host, ODataCollectionEndpoint Endpoint)> StartEndpointAsync(ODataServiceProfile profile, EntraTokenIssuer issuer, IEnumerable<ODataTable> tables)
    {
        var endpoint = new ODataCollectionEndpoint(profile, issuer);
        foreach (var table in tables)
        {
            endpoint.Add(table);
        }

        var host = await SimulatorHost.StartAsync(endpoint.Map, context => FaultAnswers.Write(context, 404, "", "text/plain")).ConfigureAwait(false);
        return (host, endpoint);
    }
}
