using System.Security.Cryptography;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.SageIntacct;
using Gapwatch.Generator.Demo;
using Gapwatch.Model;
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

    private DemoErp(ErpKind erp, IntacctSimulator? intacct)
    {
        this.erp = erp;
        this.intacct = intacct;
    }

    /// <summary>The simulators this ERP is served by, for the demo's printed lines.</summary>
    public string Simulators => erp switch
    {
        _ => "Sage Intacct",
    };

    /// <summary>What of the generated ERP side is imported instead of synced, for the demo's printed lines (empty: nothing).</summary>
    public string ImportedNote => erp switch
    {
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
            default:
                return null;
        }
    }

    /// <summary>The ERP's connection, stored as <c>connect</c> stores it: the Intacct one with the demo company's custom fields as <c>--field</c> mappings.</summary>
    public StoredConnection Connect(string workspaceDirectory)
    {
        var store = ConnectionStore.Open(workspaceDirectory);
        var o = intacct!.Options;
        return store.SaveSageIntacct(ConnectionStore.SageIntacctPlatform, new IntacctConnection(o.SenderId, o.SenderPassword, o.CompanyId, o.UserId, o.UserPassword, address: intacct.Address)
        {
            Fields = DemoIntacctDataset.Fields,
            SyncLogObject = "GW_SYNC_LOG",
        });
    }

    /// <summary>
    /// Whether the synced ERP side carries <paramref name="record"/> (so the import leaves it out):
    /// Sage Intacct carries every ERP record, the integration's sync log and their freshness.
    /// </summary>
    public bool Carries(ISourceRecord record) => record switch
    {
        ErpCustomer or ErpSalesOrder or ErpDocument or GlEntry or ExchangeRate or PeriodLock or SyncLogEntry => true,
        SourceFreshness s => s.Source == erp.Key() || s.Source == IntacctConnector.SyncLogSource,
        _ => false,
    };

    public async ValueTask DisposeAsync()
    {
        if (intacct is not null)
        {
            await intacct.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A fresh password per demo run: the simulator accepts only it, and the workspace stores it encrypted.</summary>
    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
