using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// The reader of <c>GetExecutionErrors</c> (strict, the fallback for unescaped quotes and line
/// breaks, unreadable records reported) and the mapping of DMF execution details to log entries.
/// </summary>
public sealed class DmfExecutionErrorTests : IDisposable
{
    private static readonly DateTimeOffset Staged = new(2026, 4, 14, 9, 0, 0, TimeSpan.Zero);
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-dmf-store-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void Reader_ProperJson_IsReadStrictly()
    {
        var list = DmfExecutionErrorReader.Read("""[{"RecordId":"C-1001","Field":"VATNum","ErrorMessage":"Tax exempt number \"DE1\" is not valid"},{"RecordId":"C-1002","Field":"","ErrorMessage":"Customer group 'B2B' does not exist"}]""");

        Assert.False(list.FellBack);
        Assert.Empty(list.Unreadable);
        Assert.Equal(["C-1001", "C-1002"], list.Items.Select(i => i.RecordId));
        Assert.Equal("Tax exempt number \"DE1\" is not valid", list.Items[0].ErrorMessage);
    }

    [Fact]
    public void Reader_ARecordIdSentAsANumber_IsReadAsItsText()
    {
        var list = DmfExecutionErrorReader.Read("""[{"RecordId":5637144576,"Field":null,"ErrorMessage":"rejected"}]""");

        Assert.Equal(("5637144576", null, "rejected"), (list.Items[0].RecordId, list.Items[0].Field, list.Items[0].ErrorMessage));
    }

    [Fact]
    public void Reader_UnescapedQuoteAndLineBreak_FallsBackAndReadsEveryRecord()
    {
        var raw = "[{\"RecordId\":\"C-1001\",\"Field\":\"CustomerAccount\",\"ErrorMessage\":\"Customer account \"C-1001\" already exists\r\nin company USMF\"}," +
                  "{\"RecordId\":\"C-1002\",\"Field\":\"VATNum\",\"ErrorMessage\":\"Value \"x\" is not valid\"}," +
                  "{\"RecordId\":\"C-1003\",\"Field\":\"Name\",\"ErrorMessage\":\"plain \\u00e9 message\"}]";

        var list = DmfExecutionErrorReader.Read(raw);

        Assert.True(list.FellBack);
        Assert.Empty(list.Unreadable);
        Assert.Equal(["C-1001", "C-1002", "C-1003"], list.Items.Select(i => i.RecordId));
        Assert.Equal("Customer account \"C-1001\" already exists\r\nin company USMF", list.Items[0].ErrorMessage);
        Assert.Equal(["CustomerAccount", "VATNum", "Name"], list.Items.Select(i => i.Field));
        Assert.Equal("plain é message", list.Items[2].ErrorMessage);
    }

    [Fact]
    public void Reader_ARecordWithoutItsMarkers_IsReportedNeverDropped()
    {
        var raw = "[{\"RecordId\":\"C-1001\",\"Field\":\"A\",\"ErrorMessage\":\"bad \"quote\"\"},{\"RecordId\":\"C-1002\",\"Field\":\"B\" garbage without message}]";

        var list = DmfExecutionErrorReader.Read(raw);

        Assert.Equal("C-1001", Assert.Single(list.Items).RecordId);
        Assert.Contains("C-1002", Assert.Single(list.Unreadable), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("[]")]
    public void Reader_NothingListed_IsEmpty(string? value) => Assert.Empty(DmfExecutionErrorReader.Read(value).Items);

    [Fact]
    public async Task Map_FailedCustomerImport_BecomesOneFailedEntryPerRecord_WithAStableId()
    {
        var dmf = Mapper();
        var rows = new[] { Detail("IMP-1", "CustomersV3", target: "Error"), Detail("IMP-2", "CustomersV3") };
        var asked = new List<string>();

        var outcomes = await dmf.MapAsync(rows, (job, _) =>
        {
            asked.Add(job);
            return Task.FromResult<string?>("""[{"RecordId":"C-1001","Field":"VATNum","ErrorMessage":"Tax exempt number is not valid"},{"RecordId":"C-1001","Field":"Name","ErrorMessage":"Name is too long"}]""");
        }, CancellationToken.None);

        Assert.Equal(["IMP-1"], asked);
        var entry = Assert.IsType<SyncLogEntry>(Assert.Single(outcomes.SelectMany(o => o.Records)));
        Assert.Equal(("IMP-1/CustomersV3/C-1001", SyncObject.Customer, "C-1001", SyncOutcome.Failed), (entry.Id, entry.Object, entry.ExternalReference, entry.Outcome));
        Assert.Equal("Tax exempt number is not valid (field VATNum); Name is too long (field Name)", entry.Message);
        Assert.Equal(Staged.AddMinutes(1), entry.AttemptedAt);
        // Every detail moves the keyset cursor, the passed one too.
        Assert.Equal(2, outcomes.Count(o => o.Version == Staged && o.Key is not null && o.Rejected is null));
    }

    [Fact]
    public async Task Map_OneJobWithTwoFailedDetails_IsAskedOnce_AndTheErrorsGoToTheCustomers()
    {
        var dmf = Mapper();
        var rows = new[] { Detail("IMP-1", "SalesOrderHeadersV2", target: "Error"), Detail("IMP-1", "CustomersV3", staging: "Canceled") };
        var asked = 0;

        var outcomes = await dmf.MapAsync(rows, (_, _) =>
        {
            asked++;
            return Task.FromResult<string?>("""[{"RecordId":"C-1","Field":"","ErrorMessage":"rejected"}]""");
        }, CancellationToken.None);

        Assert.Equal(1, asked);
        var entry = Assert.IsType<SyncLogEntry>(Assert.Single(outcomes.SelectMany(o => o.Records)));
        Assert.Equal(("IMP-1/CustomersV3/C-1", SyncObject.Customer), (entry.Id, entry.Object));
        Assert.Contains("also failed for SalesOrderHeadersV2", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Map_ReferencePattern_TakesTheCommerceReferenceFromTheMessage_ElseRecordId()
    {
        var dmf = Mapper(pattern: "Customer account '(?<ref>[^']+)'");

        var outcomes = await dmf.MapAsync([Detail("IMP-1", "CustomersV3", target: "Error")], (_, _) => Task.FromResult<string?>(
            """[{"RecordId":"5637144576","Field":"","ErrorMessage":"Customer account 'shopify:1001' could not be created"},{"RecordId":"5637144577","Field":"","ErrorMessage":"no account named"}]"""), CancellationToken.None);

        var entries = outcomes.SelectMany(o => o.Records).Cast<SyncLogEntry>().OrderBy(e => e.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["shopify:1001", "5637144577"], entries.Select(e => e.ExternalReference));
        Assert.Equal("IMP-1/CustomersV3/5637144576", entries[0].Id);
    }

    [Fact]
    public async Task Map_StillExecuting_IsNotAsked_AndFewerRecordsThanStagedIsAFailure()
    {
        var dmf = Mapper();
        var rows = new[]
        {
            Detail("IMP-1", "CustomersV3", target: "Executing", staged: 5, created: 0),
            Detail("IMP-2", "SalesOrderHeadersV2", target: "Finished", staged: 5, created: 3, updated: 1),
            Detail("IMP-3", "SalesOrderHeadersV2", target: "Finished", staged: 5, created: 3, updated: 2),
        };
        var asked = new List<string>();

        var outcomes = await dmf.MapAsync(rows, (job, _) =>
        {
            asked.Add(job);
            return Task.FromResult<string?>("""[{"RecordId":"shopify:2001","Field":"","ErrorMessage":"Item 'X' does not exist"}]""");
        }, CancellationToken.None);

        Assert.Equal(["IMP-2"], asked);
        var entry = Assert.IsType<SyncLogEntry>(Assert.Single(outcomes.SelectMany(o => o.Records)));
        Assert.Equal(SyncObject.Order, entry.Object);
    }

    [Fact]
    public async Task Map_FailedWithoutListedErrors_OrAnUnreadableRecord_IsRefusedNotDropped()
    {
        var dmf = Mapper();

        var outcomes = await dmf.MapAsync([Detail("IMP-1", "CustomersV3", target: "Error"), Detail("IMP-2", "CustomersV3", target: "Error")],
            (job, _) => Task.FromResult<string?>(job == "IMP-1" ? "[]" : "[{\"RecordId\":\"C-1\" broken"), CancellationToken.None);

        var refused = outcomes.Where(o => o.Rejected is not null).Select(o => o.Rejected!).ToList();
        Assert.Equal(2, refused.Count);
        Assert.Contains(refused, r => r.ExternalId == "IMP-1/CustomersV3" && r.Reason.Contains("listed no record", StringComparison.Ordinal));
        Assert.Contains(refused, r => r.ExternalId == "IMP-2/CustomersV3" && r.Reason.Contains("could not be read", StringComparison.Ordinal));
    }

    [Fact]
    public void Filter_WindowsOnStagingStart_ReachesTheReReadWindowBack_AndNamesTheEntities()
    {
        var filter = Mapper().Filter(new PageRequest(Staged, Staged.AddHours(2), null, 100));

        Assert.Equal("StagingStartDateTime ge 2026-04-13T09:00:00.000Z and StagingStartDateTime le 2026-04-14T11:00:00.000Z and (EntityName eq 'CustomersV3' or EntityName eq 'SalesOrderHeadersV2')", filter);
    }

    [Theory]
    [InlineData("CustomersV3", "CustomersV3", SyncObject.Customer)]
    [InlineData("Customers V3", "Customers V3", SyncObject.Customer)]
    [InlineData("SalesOrderHeadersV3", "SalesOrderHeadersV3", SyncObject.Order)]
    [InlineData("WebCustomerImport=customer", "WebCustomerImport", SyncObject.Customer)]
    [InlineData(" Orders = order ", "Orders", SyncObject.Order)]
    public void LogEntity_Parse(string spec, string name, SyncObject what) => Assert.Equal(new DmfLogEntity(name, what), DmfLogEntity.Parse(spec));

    [Theory]
    [InlineData("VendorsV2")]
    [InlineData("CustomersV3=vendor")]
    [InlineData("=customer")]
    public void LogEntity_Parse_Refuses(string spec) => Assert.Throws<ArgumentException>(() => DmfLogEntity.Parse(spec));

    [Theory]
    [InlineData("(unclosed")]
    [InlineData("Customer '([^']+)'")]
    public void ReferencePattern_InvalidOrWithoutTheRefGroup_IsRefused(string pattern) =>
        Assert.Throws<ArgumentException>(() => DynamicsFoConnection.CheckReferencePattern(pattern));

    [Fact]
    public void StoredConnection_KeepsTheDmfSettings_AndAnOldOneReadsTheDefaults()
    {
        var store = ConnectionStore.Open(scratch);
        var environment = new Uri("https://contoso.operations.dynamics.com/");
        var credentials = new EntraCredentials(EntraCredentials.PublicCloud, "contoso.onmicrosoft.com", "client", "secret-value", DynamicsFoConnection.ScopeOf(environment));
        var custom = store.SaveDynamicsFo("custom", new DynamicsFoConnection(environment, credentials)
        {
            ExecutionErrorEntities = [new("Customers V3", SyncObject.Customer)],
            ExecutionErrorReferencePattern = "'(?<ref>[^']+)'",
        });
        var defaults = store.SaveDynamicsFo("defaults", new DynamicsFoConnection(environment, credentials));
        var old = store.SaveDynamicsFo("old", new DynamicsFoConnection(environment, credentials));

        var reopened = store.OpenDynamicsFo(custom);
        Assert.Equal([new DmfLogEntity("Customers V3", SyncObject.Customer)], reopened.ExecutionErrorEntities);
        Assert.Equal("'(?<ref>[^']+)'", reopened.ExecutionErrorReferencePattern);
        Assert.Null(reopened.IntegrationLogEntitySet);
        Assert.Null(defaults.Entra!.ExecutionErrorEntities);
        Assert.Equal(DmfLogEntity.Defaults, store.OpenDynamicsFo(defaults).ExecutionErrorEntities);
        // A connection stored before the DMF fields (and before the log entity was written) reads both defaults.
        var legacy = store.OpenDynamicsFo(old with { Entra = old.Entra! with { IntegrationLogEntitySet = null, ExecutionErrorEntities = null } });
        Assert.Equal((DynamicsFoConnection.DefaultIntegrationLogEntitySet, 2), (legacy.IntegrationLogEntitySet, legacy.ExecutionErrorEntities.Count));
    }

    private static DmfExecutionErrors Mapper(string? pattern = null) => new(DmfLogEntity.Defaults, pattern, TimeSpan.FromDays(1));

    private static FoExecutionJobDetailRow Detail(
        string job, string entity, string staging = "Finished", string target = "Finished", long staged = 1, long created = 0, long updated = 0) =>
        new("Commerce import", job, entity, staging, target, Staged, Staged.AddMinutes(1),
            staged, target == "Finished" && staging == "Finished" && created == 0 && updated == 0 ? staged : created, updated);
}
