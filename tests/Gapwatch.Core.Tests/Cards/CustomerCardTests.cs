using Gapwatch.Cards;
using Gapwatch.Cards.Customers;
using Gapwatch.Model;
using Gapwatch.Testing.Builders;

namespace Gapwatch.Core.Tests.Cards;

public sealed class CustomerCardTests
{
    private static CardResult AbsentCard(Gapwatch.Generator.Seeds.SeedBuilder b, params string[] entities) =>
        CustomerCards.CustomersAbsent(new CardContext(b.Data, Workspaces.Settings(entities: entities), Workspaces.AsOf));

    private static CommerceOrder OrderFor(Gapwatch.Generator.Seeds.SeedBuilder b, CommerceCustomer customer, string[]? tags = null) =>
        b.Order(customer.Platform, customer.Id, b.At(4, 10, 12), 100m, tags: tags);

    [Fact]
    public void Match_VatWithSpacesAndDots_MatchesActiveRecord()
    {
        var b = Workspaces.Builder();
        b.ErpCustomer("E1", "C1", "Acme Limited", "ap@acme.example", vat: "GB123456789");
        OrderFor(b, b.Customer(Platform.BigCommerce, "1", "Buyer", "buyer@acme.example", "Acme Ltd", b2b: true, vat: "gb 123.456-789"));
        Assert.Equal(0m, AbsentCard(b).Headline);
    }

    [Fact]
    public void Match_InactiveErpCustomer_CountsAsAbsentWithReactivateFlag()
    {
        var b = Workspaces.Builder();
        b.ErpCustomer("E1", "C1", "Jo Bloggs", "jo@mail.example", status: ErpCustomerStatus.Inactive);
        OrderFor(b, b.Customer(Platform.Shopify, "1", "Jo Bloggs", "jo@mail.example"));
        var row = Assert.Single(AbsentCard(b).CustomerRows);
        Assert.Contains(row.Flags, f => f.StartsWith("reactivate, don't recreate: E1/C1", StringComparison.Ordinal));
    }

    [Fact]
    public void Match_OnlyInAnotherEntity_CountsAsAbsentSayingWhereItExists()
    {
        var b = Workspaces.Builder();
        b.ErpCustomer("E2", "C9", "Jo Bloggs", "jo@mail.example");
        OrderFor(b, b.Customer(Platform.Shopify, "1", "Jo Bloggs", "jo@mail.example"), ["entity:E1"]);
        var row = Assert.Single(AbsentCard(b, "E1", "E2").CustomerRows);
        Assert.Equal("E1", row.ExpectedEntity);
        Assert.Contains("exists in entity E2 as C9", row.Flags);
    }

    [Fact]
    public void Match_HoldingCustomerWithSameEmail_IsLookedThrough()
    {
        var b = Workspaces.Builder();
        b.ErpCustomer("E1", "WEB", "Web sales", "jo@mail.example", holding: true);
        OrderFor(b, b.Customer(Platform.Shopify, "1", "Jo Bloggs", "jo@mail.example"));
        Assert.Equal(1m, AbsentCard(b).Headline);
    }

    [Fact]
    public void Match_B2bWithoutVatInErp_FallsBackToAccountReferenceThenEmail()
    {
        var b = Workspaces.Builder();
        b.ErpCustomer("E1", "C1", "Acme", "other@acme.example", accountReference: "ACME-01");
        b.ErpCustomer("E1", "C2", "Beta", "orders@beta.example");
        OrderFor(b, b.Customer(Platform.BigCommerce, "1", "A", "x@acme.example", "Acme", b2b: true, vat: "GB1", accountReference: " ACME-01 "));
        OrderFor(b, b.Customer(Platform.BigCommerce, "2", "B", "Orders@Beta.example", "Beta", b2b: true, vat: "GB2"));
        Assert.Equal(0m, AbsentCard(b).Headline);
    }

    [Fact]
    public void Match_DtcSharesOnlyAccountReference_IsAbsentBecauseDtcMatchesOnEmail()
    {
        var b = Workspaces.Builder();
        b.ErpCustomer("E1", "C1", "Jo", "old@mail.example", accountReference: "JO-1");
        OrderFor(b, b.Customer(Platform.Shopify, "1", "Jo", "new@mail.example", accountReference: "JO-1"));
        Assert.Equal(1m, AbsentCard(b).Headline);
    }

    [Fact]
    public void Population_SameBuyerOnTwoPlatforms_CountsOnce()
    {
        var b = Workspaces.Builder();
        OrderFor(b, b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example"));
        OrderFor(b, b.Customer(Platform.BigCommerce, "7", "Jo", " JO@mail.example"));
        var row = Assert.Single(AbsentCard(b).CustomerRows);
        Assert.Equal(2, row.Orders.Count);
        Assert.Equal(["shopify:1", "bigcommerce:7"], row.CommerceCustomers);
    }

    [Fact]
    public void Population_DraftOnly_IsLeftOut()
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        b.Order(customer.Platform, customer.Id, b.At(4, 10, 12), 100m, status: CommerceOrderStatus.Draft);
        Assert.Equal(0m, AbsentCard(b).Headline);
    }

    [Theory]
    [InlineData(4, 6, 0, 1)]
    [InlineData(4, 5, 23, 0)]
    public void Window_SevenDaysEndingOnAsOfDay_IncludesItsFirstDayOnly(int month, int day, int hour, int expected)
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        b.Order(customer.Platform, customer.Id, b.At(month, day, hour, 59), 100m);
        Assert.Equal(expected, AbsentCard(b).Headline);
    }

    [Theory]
    [InlineData(15 * 60, "sync_lagging")]
    [InlineData((15 * 60) + 1, "never_synced")]
    public void SyncCause_CreatedAtTheLagTolerance_IsLaggingAndJustOutsideIsNeverSynced(int secondsBeforeAsOf, string expected)
    {
        var b = Workspaces.Builder();
        b.SyncAttempt(SyncObject.Customer, "bigcommerce:other", Workspaces.AsOf.AddSeconds(-5), SyncOutcome.Created);
        var customer = b.Customer(Platform.BigCommerce, "1", "A", "a@trade.example", "Trade", b2b: true, vat: "GB9",
            created: Workspaces.AsOf.AddSeconds(-secondsBeforeAsOf));
        b.Order(customer.Platform, customer.Id, Workspaces.AsOf.AddSeconds(-10), 100m);
        var card = CustomerCards.B2bCustomersAbsentSync(new CardContext(b.Data, Workspaces.Settings(), Workspaces.AsOf));
        Assert.Equal(expected, Assert.Single(card.CustomerRows).Group);
    }

    [Fact]
    public void SyncCause_LatestAttemptFailed_CarriesMessageAndLogRow()
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.BigCommerce, "1", "A", "a@trade.example", "Trade", b2b: true, vat: "GB9", created: b.At(4, 1, 9));
        b.SyncAttempt(SyncObject.Customer, "bigcommerce:1", b.At(4, 2, 9), SyncOutcome.Failed, "TAXSCHEDULE missing");
        OrderFor(b, customer);
        var row = Assert.Single(CustomerCards.B2bCustomersAbsentSync(new CardContext(b.Data, Workspaces.Settings(), Workspaces.AsOf)).CustomerRows);
        Assert.Equal("sync_failed", row.Group);
        Assert.Equal("TAXSCHEDULE missing", row.SyncMessage);
        Assert.Equal(b.Data.SyncLog[0].Id, row.SyncLogId);
    }

    [Theory]
    [InlineData(SyncOutcome.Skipped, "skipped: duplicate email")]
    [InlineData(SyncOutcome.Created, "logged as created on 2026-04-02 09:00 UTC, but no active record in the expected entity")]
    public void SyncCause_AttemptThatLeftNoActiveRecord_IsAFailureNotNeverSynced(SyncOutcome outcome, string message)
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.BigCommerce, "1", "A", "a@trade.example", "Trade", b2b: true, vat: "GB9", created: b.At(4, 1, 9));
        b.SyncAttempt(SyncObject.Customer, "bigcommerce:1", b.At(4, 2, 9), outcome, "duplicate email");
        OrderFor(b, customer);
        var row = Assert.Single(CustomerCards.B2bCustomersAbsentSync(new CardContext(b.Data, Workspaces.Settings(), Workspaces.AsOf)).CustomerRows);
        Assert.Equal("sync_failed", row.Group);
        Assert.Equal(message, row.SyncMessage);
        Assert.Equal(b.Data.SyncLog[0].Id, row.SyncLogId);
    }

    [Fact]
    public void Groups_AddUpToTheHeadline()
    {
        var b = Workspaces.Builder();
        for (var i = 0; i < 12; i++)
        {
            OrderFor(b, b.Customer(Platform.Shopify, $"{i}", $"Person {i}", $"p{i}@mail.example"));
        }

        var card = AbsentCard(b);
        Assert.Equal(12m, card.Headline);
        Assert.Equal(card.Headline, card.Groups.Sum(g => g.Count));
        Assert.Equal(Sentiment.Alert, card.Sentiment);
    }
}
