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

    private static FoInvoiceRow Invoice(decimal total, decimal tax = 0m, string? created = null, string origin = "WEB") => new(
        "usmf", "CIV-1", DateTimeOffset.Parse("2026-04-11T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        created is null ? null : DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture),
        "shopify:1001", "CUS-1", origin, "USD", total, tax, null, null, "");

    [Fact]
    public void Invoice_NegativeTotal_IsACreditMemoStoredPositiveNetOfTax()
    {
        var document = Assert.IsType<ErpDocument>(Assert.Single(DynamicsFoMapper.Invoice(Invoice(-120m, -20m), ["WEB"], '-').Records));

        Assert.Equal((ErpDocumentKind.CreditMemo, 100m, "USMF", 1m), (document.DocumentKind, document.NetAmount, document.Entity, document.ExchangeRate));
    }

    [Fact]
    public void Invoice_NullDate1900_IsNoCreatedTime_AndTheInvoiceDayStandsIn()
    {
        var document = (ErpDocument)DynamicsFoMapper.Invoice(Invoice(50m, created: "1900-01-01T12:00:00Z"), ["WEB"], '-').Records[0];

        Assert.Equal(new DateTimeOffset(2026, 4, 11, 0, 0, 0, TimeSpan.Zero), document.CreatedAt);
        Assert.Equal(new DateOnly(2026, 4, 11), document.PostedOn);
    }

    [Fact]
    public void Invoice_OriginOtherThanTheIntegrations_IsNotCommerceSourced()
    {
        var document = (ErpDocument)DynamicsFoMapper.Invoice(Invoice(50m, origin: ""), ["WEB"], '-').Records[0];

        Assert.False(document.CommerceSourced);
    }

    [Theory]
    [InlineData("No", ErpCustomerStatus.Active)]
    [InlineData("", ErpCustomerStatus.Active)]
    [InlineData("All", ErpCustomerStatus.Inactive)]
    [InlineData("Invoice", ErpCustomerStatus.Inactive)]
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
    public void PeriodStatus_OpenIsNoLock_ClosedAndOnHoldAre()
    {
        static FoPeriodStatusRow Row(string status) => new("usmf", new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), status, null);

        Assert.Empty(DynamicsFoMapper.PeriodStatus(Row("Open")).Records);
        Assert.Single(DynamicsFoMapper.PeriodStatus(Row("Closed")).Records);
        var hold = (PeriodLock)DynamicsFoMapper.PeriodStatus(Row("OnHold")).Records[0];
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), hold.LockedAt);
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
}
