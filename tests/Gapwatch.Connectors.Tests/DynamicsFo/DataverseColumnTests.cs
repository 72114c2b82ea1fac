using System.Text.Json.Nodes;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Dataverse;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Sync;
using Gapwatch.Simulators.Dataverse;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// The Dataverse columns Gapwatch selects exist on a standard dual-write organisation: contacts are
/// keyed by <c>msdyn_contactpersonid</c> and restricted to customer contacts (<c>msdyn_sellable eq
/// true</c>), the tax-exempt number is read on accounts only, and the account reference only from a
/// column the connection names — because, as the simulator does like the real Web API, Dataverse
/// refuses a whole query whose <c>$select</c> names a column the table lacks.
/// </summary>
public sealed class DataverseColumnTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-dv-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Select_NamesOnlyDocumentedColumns_AndTheReferenceColumnOnlyWhenConfigured()
    {
        var org = new Uri("https://contoso.crm.dynamics.com");
        var standard = new DataverseConnection(org, Credentials(org));
        var custom = new DataverseConnection(org, Credentials(org)) { AccountReferenceColumn = "new_accountreference" };

        Assert.Equal("accountid,name,emailaddress1,msdyn_taxexemptnumber,accountnumber,_msdyn_company_value,modifiedon", DataverseConnector.Select(DataverseConnector.AccountColumns, standard));
        Assert.Equal("contactid,fullname,emailaddress1,msdyn_contactpersonid,_msdyn_company_value,modifiedon", DataverseConnector.Select(DataverseConnector.ContactColumns, standard));
        Assert.EndsWith(",new_accountreference", DataverseConnector.Select(DataverseConnector.ContactColumns, custom), StringComparison.Ordinal);
        Assert.Null(standard.AccountReferenceColumn);
        Assert.Equal("msdyn_sellable eq true", standard.CustomerContactFilter);
        Assert.Throws<ArgumentException>(() => new DataverseConnection(org, Credentials(org)) { AccountReferenceColumn = "name,fullname" });
    }

    [Fact]
    public async Task StandardOrganisation_NoReferenceColumn_SyncsAndAsksForCustomerContactsOnly()
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.DataverseAccountReferenceColumn = null;
        var vendorContact = new JsonObject
        {
            ["contactid"] = "contact-vendor-1", ["fullname"] = "Vendor Person", ["emailaddress1"] = "vendor@example.com", ["msdyn_contactpersonid"] = "000123",
            ["msdyn_sellable"] = false, ["statecode"] = 0, ["modifiedon"] = "2026-04-14T10:00:00Z",
        };
        h.Dataverse[DataverseSimulator.Contacts].Put(vendorContact);

        var summary = await h.SyncDataverseAsync();

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        var queries = h.Dataverse.Requests.Entries.Select(r => (r.EntitySet, Query: Uri.UnescapeDataString(r.Query))).ToList();
        Assert.All(queries, q => Assert.DoesNotContain("accountreference", q.Query, StringComparison.Ordinal));
        Assert.All(queries.Where(q => q.EntitySet == DataverseSimulator.Contacts), q =>
        {
            Assert.Contains("msdyn_sellable eq true", q.Query, StringComparison.Ordinal);
            Assert.DoesNotContain("msdyn_taxexemptnumber", q.Query, StringComparison.Ordinal);
        });
        var stored = h.Store.Load().DataverseRecords;
        Assert.DoesNotContain(stored, r => r.Id == "contact-vendor-1"); // a vendor's contact person is not a customer
        Assert.All(stored, r => Assert.Null(r.AccountReference));
        Assert.Equal(h.Data.DataverseRecords.Count, stored.Count);
        Assert.Contains(stored, r => r.RecordType == "contact" && r.PromotedToErp); // promoted through msdyn_contactpersonid + company
    }

    [Fact]
    public async Task ReferenceColumnTheOrganisationLacks_FailsTheStreamWithDataversesError()
    {
        await using var h = await DynamicsHarness.StartAsync();
        h.DataverseAccountReferenceColumn = "msdyn_accountreference";

        var summary = await h.SyncDataverseAsync();

        var accounts = summary.Streams.Single(s => s.Stream == "accounts");
        Assert.Equal(StreamStatus.Failed, accounts.Status);
        Assert.Equal(SyncErrorKind.Permanent, accounts.ErrorKind);
        Assert.Contains("Could not find a property named 'msdyn_accountreference'", accounts.Message, StringComparison.Ordinal);
        Assert.Empty(h.Store.Load().DataverseRecords);
    }

    [Fact]
    public async Task ConfiguredReferenceColumn_IsReadIntoTheRecords()
    {
        await using var h = await DynamicsHarness.StartAsync();

        var summary = await h.SyncDataverseAsync();

        Assert.True(summary.Succeeded);
        h.AssertDataverseEqualsSource();
        Assert.Contains(h.Store.Load().DataverseRecords, r => r.AccountReference is not null);
    }

    [Fact]
    public void Connection_KeepsItsColumnsAndContactFilter_WhenStoredAndReopened()
    {
        var store = ConnectionStore.Open(scratch);
        var org = new Uri("https://contoso.crm.dynamics.com");

        var standard = store.OpenDataverse(store.SaveDataverse("a", new DataverseConnection(org, Credentials(org))));
        var custom = store.OpenDataverse(store.SaveDataverse("b", new DataverseConnection(org, Credentials(org)) { AccountReferenceColumn = "new_ref", CustomerContactFilter = null }));

        Assert.Equal((null, "msdyn_sellable eq true"), (standard.AccountReferenceColumn, standard.CustomerContactFilter));
        Assert.Equal(("new_ref", (string?)null), (custom.AccountReferenceColumn, custom.CustomerContactFilter));
    }

    private static EntraCredentials Credentials(Uri org) =>
        new(EntraCredentials.PublicCloud, "contoso.onmicrosoft.com", "app-1", "top-secret-value", DataverseConnection.ScopeOf(org));
}
