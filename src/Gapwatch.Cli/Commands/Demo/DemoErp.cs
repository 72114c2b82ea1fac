using System.Security.Cryptography;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Dataverse;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Generator.Demo;
using Gapwatch.Model;
using Gapwatch.Simulators.BusinessCentral;
using Gapwatch.Simulators.Dataverse;
using Gapwatch.Simulators.DynamicsFo;
using Gapwatch.Simulators.SageIntacct;

namespace Gapwatch.Cli.Commands.Demo;

/// <summary>
/// The demo's ERP side: the chosen ERP's simulator on loopback serving the generator's ERP records,
/// one connection stored exactly as <c>gapwatch connect &lt;erp&gt;</c> stores it (secrets
/// encrypted), synced by <see cref="DemoStorefronts.SyncAsync"/> with the storefronts. What the
/// ERP's API cannot carry is left to the import (<see cref="Carries"/>).
/// </summary>
internal sealed class DemoErp : IAsyncDisposable
{
    private readonly ErpKind erp;
    private readonly IntacctSimulator? intacct;
    private readonly DynamicsTenant? dynamics;
    private readonly BusinessCentralSimulator? businessCentral;
    private readonly IReadOnlyList<BusinessCentralCompany> companies = [];
    private readonly string reportingCurrency = "USD";

    private DemoErp(ErpKind erp, IntacctSimulator? intacct = null, DynamicsTenant? dynamics = null, BusinessCentralSimulator? businessCentral = null,
        IReadOnlyList<BusinessCentralCompany>? companies = null, string? reportingCurrency = null)
    {
        this.erp = erp;
        this.intacct = intacct;
        this.dynamics = dynamics;
        this.businessCentral = businessCentral;
        this.companies = companies ?? [];
        this.reportingCurrency = reportingCurrency ?? this.reportingCurrency;
    }

    /// <summary>The simulators this ERP is served by, for the demo's printed lines.</summary>
    public string Simulators => erp switch
    {
        ErpKind.DynamicsFo => "Finance & Operations + Dataverse (one Entra tenant)",
        ErpKind.BusinessCentral => "Business Central (with its Entra token issuer)",
        _ => "Sage Intacct",
    };

    /// <summary>What of the generated ERP side is imported instead of synced, for the demo's printed lines (empty: nothing).</summary>
    public string ImportedNote => erp switch
    {
        ErpKind.DynamicsFo => "the sync log's freshness, which no F&O source reports, and ",
        ErpKind.BusinessCentral => "the sync log of the other platforms, which the Shopify Connector does not keep, its freshness, and ",
        _ => "",
    };

    /// <summary>Starts the ERP's simulator(s) with the generated ERP records; null when this ERP is not served yet (its books are imported).</summary>
    public static async Task<DemoErp?> StartAsync(DemoWorkspace demo, CancellationToken cancellationToken)
    {
        switch (demo.Settings.Erp)
        {
            case ErpKind.SageIntacct:
                var options = new IntacctSimulatorOptions { Entities = [.. demo.Settings.Entities], SenderPassword = Secret(), UserPassword = Secret() };
                return new DemoErp(ErpKind.SageIntacct, await IntacctSimulator.StartAsync(
                    DemoIntacctDataset.From(demo.Data, lastSync: DemoStorefronts.LastSync(demo.Data, ConnectionStore.SageIntacctPlatform),
                        syncLogLastSync: DemoStorefronts.LastSync(demo.Data, IntacctConnector.SyncLogSource)), options, cancellationToken).ConfigureAwait(false));
            case ErpKind.DynamicsFo:
                var tenant = await DynamicsTenant.StartAsync(TimeProvider.System).ConfigureAwait(false);
                try
                {
                    DemoDynamicsRows.Load(tenant, Capped(demo.Data));
                    return new DemoErp(ErpKind.DynamicsFo, dynamics: tenant);
                }
                catch
                {
                    await tenant.DisposeAsync().ConfigureAwait(false);
                    throw;
                }

            case ErpKind.BusinessCentral:
                var currency = demo.Settings.ReportingCurrency.ToString();
                var dataset = new BusinessCentralDataset();
                var served = new List<BusinessCentralCompany>();
                foreach (var company in DemoBusinessCentralRows.Build(demo.Data, demo.Settings.Entities, currency, DemoStorefronts.LastSync(demo.Data, ConnectionStore.BusinessCentralPlatform)))
                {
                    var rows = dataset.AddCompany(company.Name, company.Id);
                    foreach (var (collection, list) in company.Collections)
                    {
                        rows.Publish(collection);
                        rows.UpsertAll(collection, list);
                    }

                    served.Add(new BusinessCentralCompany(company.Name, company.Entity));
                }

                var simulator = await BusinessCentralSimulator.StartAsync(dataset, TimeProvider.System, new BusinessCentralSimulatorOptions { ClientSecret = Secret() }, cancellationToken)
                    .ConfigureAwait(false);
                return new DemoErp(ErpKind.BusinessCentral, businessCentral: simulator, companies: served, reportingCurrency: currency);

            default:
                return null;
        }
    }

    /// <summary>The ERP's connection, stored as <c>connect</c> stores it: the Intacct one with the demo company's custom fields as <c>--field</c> mappings.</summary>
    public StoredConnection Connect(string workspaceDirectory)
    {
        var store = ConnectionStore.Open(workspaceDirectory);
        if (dynamics is not null)
        {
            // As 'connect dynamics_fo --holding-group WEB --dimension-delimiter | --integration-log-entity GapwatchIntegrationLogEntries' and 'connect dataverse --fo-environment …' store them.
            EntraCredentials Credentials(string scope) =>
                new(dynamics.Authority, DynamicsTenant.TenantId, DynamicsTenant.ClientId, DynamicsTenant.ClientSecret, scope);
            var fo = dynamics.FinanceOperations.Address;
            // The demo's log is its generator's sync log, served through the own-contract entity; the
            // simulator holds no DMF executions, so the default DMF stream reads none and the cards stay
            // those of the import path.
            store.SaveDynamicsFo(ConnectionStore.DynamicsFoPlatform, new DynamicsFoConnection(fo, Credentials(DynamicsFoConnection.ScopeOf(fo)))
            {
                HoldingCustomerGroups = [DemoDynamicsRows.HoldingGroup],
                DimensionDelimiter = DemoDynamicsRows.Delimiter,
                IntegrationLogEntitySet = DynamicsFoConnection.DefaultIntegrationLogEntitySet,
            });
            var organization = dynamics.Dataverse.Address;
            return store.SaveDataverse(ConnectionStore.DataversePlatform, new DataverseConnection(organization, Credentials(DataverseConnection.ScopeOf(organization)))
            {
                FinanceOperations = new DynamicsFoConnection(fo, Credentials(DynamicsFoConnection.ScopeOf(fo))),
                AccountReferenceColumn = DataverseSimulator.AccountReferenceColumn, // as 'connect dataverse --account-reference-column' stores it
            });
        }

        if (businessCentral is not null)
        {
            // As 'connect business_central --company "<name>=<entity>" … --shopify-log' stores it.
            var bc = businessCentral.Options;
            return store.SaveBusinessCentral(ConnectionStore.BusinessCentralPlatform, new BusinessCentralConnection(
                businessCentral.Address, businessCentral.Address, bc.Tenant, bc.Environment, bc.ClientId, bc.ClientSecret, companies)
            {
                SyncLog = new BusinessCentralSyncLogServices(),
            }, reportingCurrency);
        }

        var o = intacct!.Options;
        return store.SaveSageIntacct(ConnectionStore.SageIntacctPlatform, new IntacctConnection(o.SenderId, o.SenderPassword, o.CompanyId, o.UserId, o.UserPassword, address: intacct.Address)
        {
            Fields = DemoIntacctDataset.Fields,
            SyncLogObject = "GW_SYNC_LOG",
            EntitySessions = o.Entities, // as '--per-entity US100,CA200': GL lines and periods carry no entity field, their session says whose they are
        });
    }

    /// <summary>
    /// Whether the synced ERP side carries <paramref name="record"/> (so the import leaves it out):
    /// Sage Intacct carries every ERP record, the integration's sync log and their freshness.
    /// </summary>
    /// <remarks>
    /// Finance &amp; Operations carries every ERP record and the integration log, Dataverse its
    /// accounts and contacts; the log has no freshness source of its own there (it is read with
    /// F&amp;O), so the generated <c>sync_log</c> freshness row is imported.
    /// </remarks>
    public bool Carries(ISourceRecord record) => record switch
    {
        SyncLogEntry e when erp == ErpKind.BusinessCentral => e.ExternalReference.StartsWith("shopify:", StringComparison.Ordinal),
        ErpCustomer or ErpSalesOrder or ErpDocument or GlEntry or ExchangeRate or PeriodLock or SyncLogEntry => true,
        DataverseRecord => erp == ErpKind.DynamicsFo,
        SourceFreshness s => s.Source == erp.Key() || (erp == ErpKind.SageIntacct && s.Source == IntacctConnector.SyncLogSource)
            || (erp == ErpKind.DynamicsFo && s.Source == ConnectionStore.DataversePlatform),
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (intacct is not null)
        {
            await intacct.DisposeAsync().ConfigureAwait(false);
        }

        if (dynamics is not null)
        {
            await dynamics.DisposeAsync().ConfigureAwait(false);
        }

        if (businessCentral is not null)
        {
            await businessCentral.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The generated records whose served version would be later than their service's last sync in
    /// the generated freshness rows (F&amp;O's invoice journal and integration log, Dataverse's rows), versioned at that
    /// time, so a sync pinned to it reads them all.
    /// </summary>
    private static WorkspaceData Capped(WorkspaceData data)
    {
        var fo = DemoStorefronts.LastSync(data, ConnectionStore.DynamicsFoPlatform);
        var dataverse = DemoStorefronts.LastSync(data, ConnectionStore.DataversePlatform);
        var capped = new WorkspaceData();
        capped.ErpCustomers.AddRange(data.ErpCustomers);
        capped.ErpSalesOrders.AddRange(data.ErpSalesOrders);
        capped.ErpDocuments.AddRange(data.ErpDocuments.Select(d => d.UpdatedAt > fo ? d with { UpdatedAt = fo } : d)); // the invoice journal's SysModifiedDateTime
        capped.GlEntries.AddRange(data.GlEntries);
        capped.ExchangeRates.AddRange(data.ExchangeRates);
        capped.PeriodLocks.AddRange(data.PeriodLocks);
        capped.SyncLog.AddRange(data.SyncLog.Select(e => e.UpdatedAt > fo ? e with { UpdatedAt = fo } : e));
        capped.DataverseRecords.AddRange(data.DataverseRecords.Select(r => r.UpdatedAt > dataverse ? r with { UpdatedAt = dataverse } : r));
        return capped;
    }

    /// <summary>A fresh password per demo run: the simulator accepts only it, and the workspace stores it encrypted.</summary>
    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
