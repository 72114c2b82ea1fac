using System.Text.Json.Nodes;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Dataverse;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.OData;
using Gapwatch.Model;
using Gapwatch.Simulators.DynamicsFo;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>The F&amp;O and Dataverse row mappings at their edges, the simulator's filter, and the stored connections.</summary>
public sealed class DynamicsMappingTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-dynamics-store-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static FoInvoiceRow Invoice(decimal total, decimal tax = 0m, string? created = null, string origin = "WEB", decimal? exchRate = null) => new(
        "usmf", 5637144577, "CIV-1", DateTimeOffset.Parse("2026-04-11T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        created is null ? null : DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture),
        "SO-1", "shopify:1001", "CUS-1", origin, "USD", total, tax, exchRate, new DateTimeOffset(2026, 4, 11, 18, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Invoice_NegativeTotal_IsACreditMemoStoredPositiveNetOfTax_WithoutDeferral()
    {
        var outcome = DynamicsFoMapper.Invoice(Invoice(-120m, -20m), ["WEB"], Dimensions.None);
        var document = Assert.IsType<ErpDocument>(Assert.Single(outcome.Records));

        Assert.Equal((ErpDocumentKind.CreditMemo, 100m, "USMF", 1m, 0m), (document.DocumentKind, document.NetAmount, document.Entity, document.ExchangeRate, document.DeferredAmount));
        Assert.Equal(("shopify:1001", "CUS-1"), (document.ExternalOrderReference, document.CustomerId));
        // Read by keyset: the version is SysModifiedDateTime, the cursor's tie-break the SourceKey.
        Assert.Equal((new DateTimeOffset(2026, 4, 11, 18, 0, 0, TimeSpan.Zero), "5637144577"), (outcome.Version!.Value, outcome.Key));
        Assert.Equal(outcome.Version, document.UpdatedAt);
    }

    [Theory]
    [InlineData(130.5, 1.305)]
    [InlineData(100, 1)]
    [InlineData(0.7312, 0.007312)]
    [InlineData(0, 1)]
    public void Invoice_ExchRate_IsPer100Units(decimal exchRate, decimal booked)
    {
        var document = (ErpDocument)DynamicsFoMapper.Invoice(Invoice(50m, exchRate: exchRate), ["WEB"], Dimensions.None).Records[0];

        Assert.Equal(booked, document.ExchangeRate);
    }

    [Fact]
    public void Invoice_DimensionsAreTheSalesOrders_AndTheCreatedTimeIsCreatedOn()
    {
        var dimensions = new Dimensions("100", "NJ", null, "CUS-1");

        var document = (ErpDocument)DynamicsFoMapper.Invoice(Invoice(50m, created: "2026-04-11T09:30:00Z"), ["WEB"], dimensions).Records[0];

        Assert.Equal((dimensions, new DateTimeOffset(2026, 4, 11, 9, 30, 0, TimeSpan.Zero)), (document.Dimensions, document.CreatedAt));
    }

    [Fact]
    public void Invoice_NullDate1900_IsNoCreatedTime_AndTheInvoiceDayStandsIn()
    {
        var document = (ErpDocument)DynamicsFoMapper.Invoice(Invoice(50m, created: "1900-01-01T12:00:00Z"), ["WEB"], Dimensions.None).Records[0];

        Assert.Equal(new DateTimeOffset(2026, 4, 11, 0, 0, 0, TimeSpan.Zero), document.CreatedAt);
        Assert.Equal(new DateOnly(2026, 4, 11), document.PostedOn);
    }

    [Fact]
    public void Invoice_OriginOtherThanTheIntegrations_IsNotCommerceSourced()
    {
        var document = (ErpDocument)DynamicsFoMapper.Invoice(Invoice(50m, origin: ""), ["WEB"], Dimensions.None).Records[0];

        Assert.False(document.CommerceSourced);
    }

    [Fact]
    public void GlLine_TakesCompanyDayAndDocumentFromItsJournalEntry()
    {
        var header = new FoGlHeaderRow(5637144600, "camf", "VCIV-1", new DateTimeOffset(2026, 3, 31, 12, 0, 0, TimeSpan.Zero), "CIV-1");
        var line = new FoGlLineRow(5637150001, 5637144600, "401100|100|NJ", "CAD", -80.5m);

        var entry = Assert.IsType<GlEntry>(Assert.Single(DynamicsFoMapper.GlEntry(line, header, '|').Records));

        Assert.Equal(new GlEntry("CAMF", "5637150001", new DateOnly(2026, 3, 31), "401100", -80.5m, "CAD", "CIV-1", new Dimensions("100", "NJ", null, null), null), entry);
        Assert.NotNull(DynamicsFoMapper.GlEntry(line, header with { SubledgerVoucherDataAreaId = "" }, '|').Rejected);
    }

    [Theory]
    [InlineData("Backorder", "Active", ErpOrderStatus.Open)]
    [InlineData("Backorder", "Confirmed", ErpOrderStatus.Released)]
    [InlineData("None", "Picked", ErpOrderStatus.Released)]
    [InlineData("Delivered", "Delivered", ErpOrderStatus.Shipped)]
    public void SalesOrder_DimensionsFromDefaultLedgerDimensionDisplayValue_AndTheProcessingStatusEnum(string status, string processing, ErpOrderStatus expected)
    {
        var row = new FoSalesOrderRow("usmf", "SO-1", "shopify:1001", "CUS-1", status, processing, "USD", 80m,
            new DateTimeOffset(2026, 4, 1, 9, 0, 0, TimeSpan.Zero), "100|NJ||CUS-1");

        var order = (ErpSalesOrder)DynamicsFoMapper.SalesOrder(row, '|').Records[0];

        Assert.Equal((expected, new Dimensions("100", "NJ", null, "CUS-1")), (order.Status, order.Dimensions));
    }

    [Theory]
    [InlineData("No", ErpCustomerStatus.Active)]
    [InlineData("", ErpCustomerStatus.Active)]
    [InlineData("Never", ErpCustomerStatus.Active)]
    [InlineData("Requisition", ErpCustomerStatus.Active)]
    [InlineData("All", ErpCustomerStatus.Inactive)]
    [InlineData("Invoice", ErpCustomerStatus.Inactive)]
    [InlineData("Payment", ErpCustomerStatus.Inactive)]
    public void Customer_OnHoldStatus_OtherThanNo_IsInactive(string onHold, ErpCustomerStatus expected)
    {
        var row = new FoCustomerRow("camf", "CUS-9", "Bergwerk", "", "", "DE123", "", "", "DE", "WEB", onHold);

        var customer = (ErpCustomer)DynamicsFoMapper.Customer(row, ["web"]).Records[0];

        Assert.Equal((expected, "CAMF", true, null), (customer.Status, customer.Entity, customer.IsHolding, customer.Email));
    }

    [Fact]
    public void Customer_WithoutItsAccount_IsRefused()
    {
        var outcome = DynamicsFoMapper.Customer(new FoCustomerRow("usmf", " ", null, null, null, null, null, null, null, null, "No"), []);

        Assert.Empty(outcome.Records);
        Assert.NotNull(outcome.Rejected);
    }

    [Fact]
    public void LedgerAccount_SplitsMainAccountAndDimensions_EmptySegmentsAreNone()
    {
        var (account, dimensions) = DynamicsFoDimensions.Account("401100-100--PRJ-7", '-');

        // A value holding the delimiter ("PRJ-7") splits in two: why the delimiter is the environment's own setting.
        Assert.Equal(("401100", new Dimensions("100", null, "PRJ", "7")), (account, dimensions));
    }

    [Fact]
    public void PeriodStatus_OpenIsNoLock_ClosedAndOnHoldAre_LockedTheDayAfterTheEnd()
    {
        static FoLedgerPeriodRow Row(string status) => new("USMF", "Fiscal", "2026", "Period 1", status, "usmf");
        var january = new FoFiscalPeriodRow("Fiscal", "2026", "Period 1", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), "Operating");

        Assert.Empty(DynamicsFoMapper.PeriodStatus(Row("Open"), january).Records);
        Assert.Single(DynamicsFoMapper.PeriodStatus(Row("Closed"), january).Records);
        var hold = (PeriodLock)DynamicsFoMapper.PeriodStatus(Row("OnHold"), january).Records[0];
        Assert.Equal(new PeriodLock("USMF", new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), null), hold);
    }

    [Fact]
    public void PeriodStatus_WithoutLegalEntityOrCalendarPeriod_IsRefused_AnOpeningPeriodIsNoLock()
    {
        var row = new FoLedgerPeriodRow("USMF", "Fiscal", "2026", "Opening", "Closed", "usmf");
        var opening = new FoFiscalPeriodRow("Fiscal", "2026", "Opening", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), "Opening");

        Assert.Equal(ODataRowOutcome.Nothing, DynamicsFoMapper.PeriodStatus(row, opening));
        Assert.Contains("LegalEntityId", DynamicsFoMapper.PeriodStatus(row with { LegalEntityId = null }, opening).Rejected!.Reason, StringComparison.Ordinal);
        Assert.Contains("FiscalPeriods", DynamicsFoMapper.PeriodStatus(row, null).Rejected!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void JoinFilter_QuotesDoubled_KeysOrChained()
    {
        Assert.Equal("(SalesOrderNumber eq 'SO-1' or SalesOrderNumber eq 'O''Brien')", ODataQuery.AnyOf("SalesOrderNumber", new[] { "SO-1", "O'Brien" }.Select(ODataQuery.Text)));
        Assert.Equal(50, DynamicsFoJoins.KeysPerRequest);
    }

    [Fact]
    public void DataverseRow_WithAccountButNoCompany_IsNotPromoted()
    {
        var row = new DataverseRow("a-1", null, "Acme", null, "a@example.com", null, "CUS-1", null, null, null, DateTimeOffset.UnixEpoch);

        Assert.Null(DataverseMapper.DualWriteKey(row));
        var record = (DataverseRecord)DataverseMapper.Record(row, "account", [("USMF", "CUS-1")]).Records[0];
        Assert.False(record.PromotedToErp);
    }

    [Fact]
    public void Filter_EnumFieldComparedWithAPlainString_IsRefusedAsOnFo()
    {
        var fields = new HashSet<string> { "PostingLayer", "Name" };
        var enums = new HashSet<string> { "PostingLayer" };

        Assert.Throws<ODataQueryException>(() => ODataFilter.Parse("PostingLayer eq 'Current'", fields, enums));
        var filter = ODataFilter.Parse("PostingLayer eq Microsoft.Dynamics.DataEntities.CurrentOperationsTax'Current' and (Name eq 'O''Brien' or not Name ne 'x')", fields, enums);
        Assert.True(filter.Matches(new JsonObject { ["PostingLayer"] = "Current", ["Name"] = "o'brien" }));
        Assert.False(filter.Matches(new JsonObject { ["PostingLayer"] = "Operations", ["Name"] = "x" }));
    }

    [Fact]
    public void Filter_LongEqualityChain_AnswersAsTheTermByTermComparison()
    {
        var fields = new HashSet<string> { "SalesOrderNumber", "GeneralJournalEntry", "AccountingDate" };
        var keys = Enumerable.Range(1, 60).Select(i => $"SO-{i:D5}").ToList();
        var orders = ODataFilter.Parse("(" + string.Join(" or ", keys.Select(k => $"SalesOrderNumber eq '{k}'")) + ")", fields, new HashSet<string>());
        var entries = ODataFilter.Parse(string.Join(" or ", Enumerable.Range(100, 60).Select(i => $"GeneralJournalEntry eq {i}")), fields, new HashSet<string>());
        var days = ODataFilter.Parse("AccountingDate eq 2026-04-01T00:00:00Z or AccountingDate eq 2026-04-02T00:00:00Z", fields, new HashSet<string>());

        Assert.True(orders.Matches(new JsonObject { ["SalesOrderNumber"] = "so-00042" })); // strings compare case-insensitively, as term by term
        Assert.False(orders.Matches(new JsonObject { ["SalesOrderNumber"] = "SO-00061" }));
        Assert.False(orders.Matches(new JsonObject { ["SalesOrderNumber"] = null }));
        Assert.True(entries.Matches(new JsonObject { ["GeneralJournalEntry"] = 159L }));
        Assert.True(entries.Matches(new JsonObject { ["GeneralJournalEntry"] = 100.0m }));
        Assert.False(entries.Matches(new JsonObject { ["GeneralJournalEntry"] = 160 }));
        Assert.True(days.Matches(new JsonObject { ["AccountingDate"] = "2026-04-02T02:00:00+02:00" })); // an instant, not text
    }

    [Fact]
    public void Connections_AreStoredWithTheSecretEncrypted_AndReadBack_AndTheirTextHidesTheSecret()
    {
        var store = ConnectionStore.Open(scratch);
        var environment = new Uri("https://usmf.operations.dynamics.com");
        var credentials = new EntraCredentials(EntraCredentials.PublicCloud, "contoso.onmicrosoft.com", "app-1", "top-secret-value", DynamicsFoConnection.ScopeOf(environment));
        var fo = new DynamicsFoConnection(environment, credentials) { HoldingCustomerGroups = ["WEB"], DimensionDelimiter = '|' };
        var org = new Uri("https://contoso.crm.dynamics.com");
        var dataverse = new DataverseConnection(org, credentials with { Scope = DataverseConnection.ScopeOf(org) }) { FinanceOperations = fo };

        var storedFo = store.SaveDynamicsFo("fo", fo);
        var storedDataverse = store.SaveDataverse("dv", dataverse);
        var reopened = store.OpenDataverse(storedDataverse);
        var reopenedFo = store.OpenDynamicsFo(storedFo);

        Assert.DoesNotContain("top-secret-value", File.ReadAllText(Path.Combine(scratch, ".gapwatch", "connections.json")), StringComparison.Ordinal);
        Assert.Equal("top-secret-value", reopened.Credentials.ClientSecret);
        Assert.Equal("https://contoso.crm.dynamics.com/.default", reopened.Credentials.Scope);
        Assert.Equal("https://usmf.operations.dynamics.com/.default", reopened.FinanceOperations!.Credentials.Scope);
        Assert.Equal(('|', "WEB"), (reopenedFo.DimensionDelimiter, reopenedFo.HoldingCustomerGroups.Single()));
        Assert.DoesNotContain("top-secret-value", fo.ToString() + dataverse + credentials, StringComparison.Ordinal);
    }

    [Fact]
    public void StoredSettings_HandEditedIntoSomethingUnreadable_AskForANewConnect_NamingTheCommand()
    {
        var store = ConnectionStore.Open(scratch);
        var environment = new Uri("https://usmf.operations.dynamics.com");
        var credentials = new EntraCredentials(EntraCredentials.PublicCloud, "contoso.onmicrosoft.com", "app-1", "top-secret-value", DynamicsFoConnection.ScopeOf(environment));
        var storedFo = store.SaveDynamicsFo("fo", new DynamicsFoConnection(environment, credentials));
        var org = new Uri("https://contoso.crm.dynamics.com");
        var storedDataverse = store.SaveDataverse("dv", new DataverseConnection(org, credentials with { Scope = DataverseConnection.ScopeOf(org) }));

        var noGroup = storedFo with { Entra = storedFo.Entra! with { ExecutionErrorReferencePattern = "Customer account '([^']+)'" } };
        var badColumn = storedDataverse with { Entra = storedDataverse.Entra! with { AccountReferenceColumn = "new ref; drop" } };

        Assert.Contains("run 'gapwatch connect dynamics_fo' again", Assert.Throws<CredentialException>(() => store.OpenDynamicsFo(noGroup)).Message, StringComparison.Ordinal);
        Assert.Contains("run 'gapwatch connect dataverse' again", Assert.Throws<CredentialException>(() => store.OpenDataverse(badColumn)).Message, StringComparison.Ordinal);
    }
}
