using System.Text.Json;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Files.Import;
using Gapwatch.Model;

namespace Gapwatch.Connectors.Tests.BusinessCentral;

/// <summary>
/// Microsoft's own API v2.0 examples (CC-BY-4.0, copied into tests/data/fixtures/bc with their
/// SOURCES rows) parse with the connector's mappers into valid records, or are refused with a reason
/// where the docs sample is cut short.
/// </summary>
public sealed class BusinessCentralRealFixtureTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "fixtures", "bc");

    private static readonly CompanyContext Company = new("CRONUS", "USD", BusinessCentralDimensionCodes.Default, new BusinessCentralRates(null!, []), "USD");

    private static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Folder, name)));
        return document.RootElement.Clone();
    }

    private static void AssertValid(IEnumerable<ISourceRecord> records) =>
        Assert.All(records, r => Assert.Empty(RecordValidator.Validate(r, "bc fixture")));

    [Fact]
    public void Folder_HoldsOnlyFixturesOfItsSourcesFile_AllUnderALicence()
    {
        var sources = File.ReadAllText(Path.Combine(Folder, "SOURCES.md"));
        var files = Directory.EnumerateFiles(Folder, "*.json").Select(Path.GetFileName).ToList();
        Assert.Equal(9, files.Count);
        Assert.All(files, f => Assert.Matches($@"\| `bc/{System.Text.RegularExpressions.Regex.Escape(f!)}` \|[^\n]*\| CC-BY-4.0 \|", sources));
        Assert.Contains("Microsoft, Business Central API v2.0 reference", sources, StringComparison.Ordinal);
    }

    [Fact]
    public void Customer_BlankBlocked_IsAnActiveRecordOfTheCompany()
    {
        var outcome = BusinessCentralMapper.Customer(Load("customer-get.json"), Company);

        Assert.Null(outcome.Rejected);
        var customer = Assert.IsType<ErpCustomer>(Assert.Single(outcome.Records));
        Assert.Equal(("CRONUS", "10000", "Adatum Corporation", "robert.townes@contoso.com", "31772", "US", ErpCustomerStatus.Active),
            (customer.Entity, customer.Id, customer.Name, customer.Email, customer.Postcode, customer.Country, customer.Status));
        Assert.Null(customer.VatNumber); // "" on the wire
        Assert.Equal(new DateTimeOffset(2020, 8, 21, 7, 38, 44, 293, TimeSpan.Zero), customer.UpdatedAt);
        AssertValid(outcome.Records);
    }

    [Fact]
    public void SalesOrder_DocsSampleWithoutStatusAndTotals_IsRefusedWithTheReason()
    {
        var outcome = BusinessCentralMapper.SalesOrder(Load("salesorder-get.json"), Company);

        Assert.Empty(outcome.Records);
        Assert.Equal("101005", outcome.Rejected!.ExternalId);
        Assert.Contains("status", outcome.Rejected.Reason, StringComparison.Ordinal);
        Assert.NotNull(outcome.Cursor); // the cursor still passes the row
    }

    [Fact]
    public void PostedInvoice_IsADocument_WithoutAnOrderWhenOrderNumberIsEmpty()
    {
        var outcome = BusinessCentralMapper.SalesInvoice(Load("salesinvoice-get.json"), Company, BusinessCentralMapper.NonePosted); // Paid: posted whatever the G/L says

        Assert.Null(outcome.Rejected);
        var invoice = Assert.IsType<ErpDocument>(Assert.Single(outcome.Records));
        Assert.Equal((ErpDocumentKind.Invoice, "PS-INV103001", "20000", new DateOnly(2019, 1, 15), "USD", 164.7m, 1m, false),
            (invoice.DocumentKind, invoice.Id, invoice.CustomerId, invoice.PostedOn, invoice.Currency, invoice.NetAmount, invoice.ExchangeRate, invoice.CommerceSourced));
        Assert.Equal(new DateTimeOffset(2019, 1, 15, 0, 0, 0, TimeSpan.Zero), invoice.CreatedAt); // the posting day, not lastModifiedDateTime (2020-08-21, moved by the payment)
        AssertValid(outcome.Records);
    }

    [Fact]
    public void CreditMemo_DraftV1Sample_IsNotBooked()
    {
        var outcome = BusinessCentralMapper.SalesCreditMemo(Load("salescreditmemo-get.json"), Company, BusinessCentralMapper.NonePosted);

        Assert.Null(outcome.Rejected);
        Assert.Empty(outcome.Records);
    }

    [Fact]
    public void GeneralLedgerEntry_CreditIsNegative_InTheLocalCurrency()
    {
        var outcome = BusinessCentralMapper.GlEntry(Load("generalledgerentry-get.json"), Company);

        var entry = Assert.IsType<GlEntry>(Assert.Single(outcome.Records));
        Assert.Equal(("1", new DateOnly(2019, 1, 15), "10700", -128.4m, "USD", "PS-INV103001"),
            (entry.Id, entry.PostedOn, entry.Account, entry.Amount, entry.Currency, entry.SourceDocumentId));
        AssertValid(outcome.Records);
    }

    [Fact]
    public void DimensionSetLine_MapsByTheConnectionsCodes()
    {
        var line = Load("dimensionsetline-get.json").Deserialize(BusinessCentralJson.Default.BcDimensionSetLine)!;

        var dimensions = BusinessCentralMapper.Dimensions([line], new BusinessCentralDimensionCodes(Department: "BUSINESSGROUP"));

        Assert.Equal(new Dimensions("HOME"), dimensions);
        Assert.Equal(Dimensions.None, BusinessCentralMapper.Dimensions([line], BusinessCentralDimensionCodes.Default));
    }

    [Fact]
    public void CurrencyExchangeRate_AndAccountingPeriod_Parse()
    {
        var rate = Load("currencyexchangerate-get.json").Deserialize(BusinessCentralJson.Default.BcCurrencyExchangeRate)!;
        var period = Load("accountingperiod-get.json").Deserialize(BusinessCentralJson.Default.BcAccountingPeriod)!;

        Assert.Equal(("USD", new DateOnly(2023, 5, 1), 1.08m, "EUR", 0.93m), (rate.CurrencyCode, rate.StartingDate!.Value, rate.ExchangeRateAmount!.Value, rate.RelationalCurrencyCode, rate.RelationalExchangeRateAmount!.Value));
        Assert.Equal((new DateOnly(2025, 1, 1), false), (period.StartingDate!.Value, period.Closed!.Value)); // dateLocked (a date in this sample, boolean per the docs) is not read
    }

    [Fact]
    public void ItemLedgerEntry_EscapedEnumsDecode()
    {
        var row = Load("itemledgerentry-get.json");

        Assert.Equal("Positive Adjmt.", BusinessCentralMapper.DecodeEnum(row.GetProperty("entryType").GetString()));
        Assert.Equal("", BusinessCentralMapper.DecodeEnum(row.GetProperty("documentType").GetString()));
        Assert.Equal(ErpCustomerStatus.Active, BusinessCentralMapper.CustomerStatus("_x0020_"));
        Assert.Equal(ErpOrderStatus.Shipped, BusinessCentralMapper.OrderStatus("Open", true));
    }

    /// <summary>API v2.0 salesOrders.status is Draft, In Review or Open only: Open is BC's Released (or Pending Prepayment), Draft/In Review are open orders.</summary>
    [Theory]
    [InlineData("Draft", false, ErpOrderStatus.Open)]
    [InlineData("In_x0020_Review", false, ErpOrderStatus.Open)]
    [InlineData("Open", false, ErpOrderStatus.Released)]
    [InlineData("Draft", true, ErpOrderStatus.Shipped)]
    [InlineData("Open", true, ErpOrderStatus.Shipped)]
    public void SalesOrderStatus_ApiValues_MapToWhatTheyMeanInBc(string status, bool fullyShipped, ErpOrderStatus expected) =>
        Assert.Equal(expected, BusinessCentralMapper.OrderStatus(status, fullyShipped));

    /// <summary>The Sales Header's own statuses never reach the API page; one arriving is refused, not guessed.</summary>
    [Theory]
    [InlineData("Released")]
    [InlineData("Pending_x0020_Prepayment")]
    [InlineData("Pending_x0020_Approval")]
    [InlineData("Archived")]
    public void SalesOrderStatus_NotAnApiValue_IsRefused(string status) =>
        Assert.Null(BusinessCentralMapper.OrderStatus(status, false));
}
