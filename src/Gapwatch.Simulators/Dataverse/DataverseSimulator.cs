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
public sealed class DataverseSimulator : ODataSimulator
{
    public const string Accounts = "accounts";
    public const string Contacts = "contacts";

    private DataverseSimulator(SimulatorHost host, ODataCollectionEndpoint endpoint)
        : base(host, endpoint)
    {
    }

    public static async Task<DataverseSimulator> StartAsync(EntraTokenIssuer issuer)
    {
        string[] common = ["emailaddress1", "msdyn_taxexemptnumber", "msdyn_accountreference", "_msdyn_company_value", "statecode", "modifiedon", "createdon"];
        var (host, endpoint) = await StartEndpointAsync(
            new ODataServiceProfile("Dataverse", "api/data/v9.2/", 5_000, null, null, SkipSupported: false),
            issuer,
            [
                new ODataTable(Accounts, ["accountid"], ["accountid", "name", "accountnumber", "customertypecode", .. common], navigation: ["msdyn_company"]),
                new ODataTable(Contacts, ["contactid"], ["contactid", "fullname", "msdyn_customeraccount", .. common], navigation: ["msdyn_company"]),
            ]).ConfigureAwait(false);
        return new DataverseSimulator(host, endpoint);
    }
}
