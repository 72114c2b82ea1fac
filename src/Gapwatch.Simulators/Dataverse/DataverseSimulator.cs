using Gapwatch.Simulators.DynamicsFo;
using Gapwatch.Simulators.Entra;
using Gapwatch.Simulators.Hosting;

namespace Gapwatch.Simulators.Dataverse;

/// <summary>
/// A Dataverse organisation on loopback: <c>/api/data/v9.2/accounts</c> and <c>contacts</c>,
/// pages of at most 5,000 rows with a <c>$skiptoken</c> cookie in the next link, no <c>$skip</c>,
/// the <c>msdyn_company</c> lookup served when <c>$expand</c>ed. Tokens come from the tenant's
/// <see cref="EntraTokenIssuer"/> for the resource that is this simulator's origin.
/// <para>
/// The tables have the standard and dual-write columns Gapwatch reads (docs: dual-write
/// CustomersV3-accounts / CustomersV3-contacts) and the organisation's custom columns; as on the real
/// Web API, a <c>$select</c> or <c>$filter</c> naming any other column is answered 400 with error
/// 0x80060888 ("Could not find a property named …"), failing the whole query. There is no
/// <c>msdyn_customeraccount</c> or <c>msdyn_accountreference</c>, and no <c>msdyn_taxexemptnumber</c>
/// on contacts. The organisation <see cref="StartAsync"/> makes without naming custom columns has one,
/// <see cref="AccountReferenceColumn"/> on both tables, as a merchant would add for the account reference.
/// </para>
/// </summary>
public sealed class DataverseSimulator : ODataSimulator
{
    public const string Accounts = "accounts";
    public const string Contacts = "contacts";

    /// <summary>The custom column (default publisher prefix <c>new_</c>) the default organisation keeps the commerce account reference in.</summary>
    public const string AccountReferenceColumn = "new_accountreference";

    private DataverseSimulator(SimulatorHost host, ODataCollectionEndpoint endpoint)
        : base(host, endpoint)
    {
    }

    /// <summary>An organisation whose two tables also have <paramref name="customColumns"/> (null: <see cref="AccountReferenceColumn"/>; empty: none, a standard dual-write organisation).</summary>
    public static async Task<DataverseSimulator> StartAsync(EntraTokenIssuer issuer, IReadOnlyList<string>? customColumns = null)
    {
        string[] common = ["emailaddress1", "_msdyn_company_value", "statecode", "modifiedon", "createdon", .. customColumns ?? [AccountReferenceColumn]];
        var (host, endpoint) = await StartEndpointAsync(
            new ODataServiceProfile("Dataverse", "api/data/v9.2/", 5_000, null, null, SkipSupported: false),
            issuer,
            [
                new ODataTable(Accounts, ["accountid"], ["accountid", "name", "accountnumber", "customertypecode", "msdyn_taxexemptnumber", .. common], navigation: ["msdyn_company"]),
                new ODataTable(Contacts, ["contactid"], ["contactid", "fullname", "msdyn_contactpersonid", "msdyn_sellable", .. common], navigation: ["msdyn_company"]),
            ]).ConfigureAwait(false);
        return new DataverseSimulator(host, endpoint);
    }
}
