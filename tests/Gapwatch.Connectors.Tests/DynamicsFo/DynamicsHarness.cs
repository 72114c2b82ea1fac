using Gapwatch.Cli.Commands.Demo;
using Gapwatch.Connectors.Dataverse;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Http;
using Gapwatch.Connectors.Sync;
using Gapwatch.Connectors.Tests.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;
using Gapwatch.Simulators.DynamicsFo;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// One workspace store, a simulated Dynamics 365 tenant (Entra, F&amp;O, Dataverse) on loopback
/// filled from the demo generator, and the real connectors between them over HTTP on a fake clock
/// that jumps over waits. Records every cursor it sees. Disposing stops the servers and deletes the store.
/// </summary>
internal sealed class DynamicsHarness : SyncHarness
{
    public const string FoSource = "dynamics_fo:sim";
    public const string DataverseSource = "dataverse:sim";

    /// <summary>Two hours after the demo's export: every generated version is below the first run's upper bound.</summary>
    public static readonly DateTimeOffset Start = new(2026, 4, 14, 15, 30, 0, TimeSpan.Zero);

    private DynamicsHarness(DynamicsTenant tenant, WorkspaceData data, AutoAdvancingClock clock, ConnectorHttpOptions http)
        : base("dynamics", clock, services => services.AddDynamicsFoConnector(http).AddDataverseConnector(http))
    {
        Tenant = tenant;
        Data = data;
    }

    public DynamicsTenant Tenant { get; }

    public DynamicsFoSimulator Fo => Tenant.FinanceOperations;

    public Gapwatch.Simulators.Dataverse.DataverseSimulator Dataverse => Tenant.Dataverse;

    /// <summary>The generator's records the simulators were filled from.</summary>
    public WorkspaceData Data { get; }

    /// <summary>Rows per page the connectors ask for.</summary>
    public int PageSize { get; set; } = 400;

    /// <summary>The Dataverse connection's account-reference column: the simulated organisation's custom one unless a test changes it.</summary>
    public string? DataverseAccountReferenceColumn { get; set; } = Gapwatch.Simulators.Dataverse.DataverseSimulator.AccountReferenceColumn;

    public string Secret { get; set; } = DynamicsTenant.ClientSecret;

    /// <summary>The own-contract log the demo serves its sync log through; null reads none.</summary>
    public string? IntegrationLogEntitySet { get; set; } = DynamicsFoConnection.DefaultIntegrationLogEntitySet;

    /// <summary>The entities whose DMF execution errors are read (the connector's defaults unless set).</summary>
    public IReadOnlyList<DmfLogEntity> DmfEntities { get; set; } = DmfLogEntity.Defaults;

    public string? DmfReferencePattern { get; set; }

    /// <summary>Only these streams are synced; all when null.</summary>
    public IReadOnlySet<string>? OnlyStreams { get; set; }

    public static async Task<DynamicsHarness> StartAsync(ConnectorHttpOptions? http = null, WorkspaceData? data = null)
    {
        var clock = new AutoAdvancingClock(Start);
        var tenant = await DynamicsTenant.StartAsync(clock);
        var generated = data ?? DynamicsDemoRows.Shared;
        DemoDynamicsRows.Load(tenant, generated);
        return new DynamicsHarness(tenant, generated, clock, http ?? new ConnectorHttpOptions { AttemptTimeout = TimeSpan.FromMinutes(10) });
    }

    public DynamicsFoConnection FoConnection() =>
        new(Fo.Address, Credentials(Fo.Address, DynamicsFoConnection.ScopeOf(Fo.Address)))
        {
            PageSize = PageSize,
            DimensionDelimiter = DemoDynamicsRows.Delimiter,
            HoldingCustomerGroups = [DemoDynamicsRows.HoldingGroup],
            IntegrationLogEntitySet = IntegrationLogEntitySet,
            ExecutionErrorEntities = DmfEntities,
            ExecutionErrorReferencePattern = DmfReferencePattern,
        };

    public DataverseConnection DataverseConnection(bool confirmInFo = true) =>
        new(Dataverse.Address, Credentials(Dataverse.Address, Connectors.Dataverse.DataverseConnection.ScopeOf(Dataverse.Address)))
        {
            PageSize = PageSize,
            FinanceOperations = confirmInFo ? FoConnection() : null,
            AccountReferenceColumn = DataverseAccountReferenceColumn,
        };

    public IReadOnlyList<IStreamSource> FoStreams() => Services.GetRequiredService<DynamicsFoConnector>().Streams(FoConnection());

    public Task<SyncSummary> SyncFoAsync(ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null) =>
        RunSelectedAsync(FoSource, "dynamics_fo", FoStreams(), state, wrap);

    public Task<SyncSummary> SyncDataverseAsync(ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null, bool confirmInFo = true) =>
        RunSelectedAsync(DataverseSource, "dataverse", Services.GetRequiredService<DataverseConnector>().Streams(DataverseConnection(confirmInFo)), state, wrap);


    /// <summary>The store holds exactly what the simulators serve for F&amp;O, each key once.</summary>
    public void AssertFoEqualsSource()
    {
        var expected = DynamicsDemoRows.Expected(Data);
        var stored = Store.Load();
        Same(expected.ErpCustomers, stored.ErpCustomers);
        Same(expected.ErpSalesOrders, stored.ErpSalesOrders);
        Same(expected.ErpDocuments, stored.ErpDocuments);
        Same(expected.GlEntries, stored.GlEntries);
        Same(expected.ExchangeRates, stored.ExchangeRates);
        Same(expected.PeriodLocks, stored.PeriodLocks);
        Same(expected.SyncLog, stored.SyncLog);
    }

    /// <summary>The store holds exactly what one stream's entity set serves.</summary>
    public void AssertStreamEqualsSource(string stream)
    {
        var expected = DynamicsDemoRows.Expected(Data);
        var stored = Store.Load();
        switch (stream)
        {
            case "customers": Same(expected.ErpCustomers, stored.ErpCustomers); break;
            case "invoices": Same(expected.ErpDocuments, stored.ErpDocuments); break;
            case "gl_entries": Same(expected.GlEntries, stored.GlEntries); break;
            case "integration_log": Same(expected.SyncLog, stored.SyncLog); break;
            case "accounts": Same(expected.DataverseRecords.Where(r => r.RecordType == "account"), stored.DataverseRecords); break;
            default: throw new ArgumentOutOfRangeException(nameof(stream), stream, "no expectation for this stream");
        }
    }

    public void AssertDataverseEqualsSource() => Same(DynamicsDemoRows.Expected(Data).DataverseRecords, Store.Load().DataverseRecords);

    protected override ValueTask DisposeSimulatorAsync() => Tenant.DisposeAsync();

    /// <summary>Same records (value equality), each key once.</summary>
    private static void Same<T>(IEnumerable<T> expected, IEnumerable<T> stored)
        where T : ISourceRecord
    {
        var keys = stored.Select(r => r.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        var want = expected.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        var got = stored.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        Assert.Equal(want.Count, got.Count);
        for (var i = 0; i < want.Count; i++)
        {
            Assert.True(Equals(want[i], got[i]), $"{typeof(T).Name} {want[i].Key}: expected {want[i]}, stored {got[i]}");
        }
    }

    private EntraCredentials Credentials(Uri address, string scope) =>
        new(Tenant.Authority, DynamicsTenant.TenantId, DynamicsTenant.ClientId, Secret, scope);

    private Task<SyncSummary> RunSelectedAsync(string source, string freshness, IReadOnlyList<IStreamSource> streams, ISyncStateStore? state, Func<IStreamSource, IStreamSource>? wrap) =>
        RunAsync(source, freshness, streams.Where(s => OnlyStreams is null || OnlyStreams.Contains(s.Name)), state, wrap);
}
