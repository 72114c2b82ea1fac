using Gapwatch.Simulators.DynamicsFo;
using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.Dataverse;

/// <summary>
/// A Dataverse organisation on loopback: <c>/api/data/v9.2/accounts</c> and <c>contacts</c>,
/// pages of at most 5,000 rows with a <c>$skiptoken</c> cookie in the next link, no <c>$skip</c>,
/// the <c>msdyn_company</c> lookup served when <c>$expand</c>ed. Tokens come from the tenant's
/// <see cref="EntraTokenIssuer"/> for the resource that is this simulator's origin.
/// </summary>
public sealed class DataverseSimulator : IAsyncDisposable
{
    public const string Accounts = "accounts";
    public const string Contacts = "contacts";

    private readonly SimulatorHost host;

    private DataverseSimulator(SimulatorHost host, ODataCollectionEndpoint endpoint)
    {
        this.host = host;
        Endpoint = endpoint;
    }

    public Uri Address => host.Address;

    public string Resource => host.Address.GetLeftPart(UriPartial.Authority);

    public ODataCollectionEndpoint Endpoint { get; }

    public PendingFaults<DynamicsFault> Faults => Endpoint.Faults;

    public RequestJournal<DynamicsRequestLog> Requests => Endpoint.Requests;

    public ODataTable this[string entitySet] => Endpoint[entitySet];

    public static async Task<DataverseSimulator> StartAsync(EntraTokenIssuer issuer)
    {
        var endpoint = new ODataCollectionEndpoint(new ODataServiceProfile("Dataverse", "api/data/v9.2/", 5_000, null, null, SkipSupported: false), issuer);
        string[] common = ["emailaddress1", "msdyn_taxexemptnumber", "msdyn_accountreference", "_msdyn_company_value", "statecode", "modifiedon", "createdon"];
        endpoint.Add(new ODataTable(Accounts, ["accountid"], ["accountid", "name", "accountnumber", "customertypecode", .. common], navigation: ["msdyn_company"]));
        endpoint.Add(new ODataTable(Contacts, ["contactid"], ["contactid", "fullname", "msdyn_customeraccount", .. common], navigation: ["msdyn_company"]));
        var host = await SimulatorHost.StartAsync(endpoint.Map, context => FaultAnswers.Write(context, 404, "", "text/plain")).ConfigureAwait(false);
        return new DataverseSimulator(host, endpoint);
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();
}
