using Gapwatch.Cards;
using Gapwatch.Generator.Seeds;
using Gapwatch.Model;
using Gapwatch.Testing.Builders;

namespace Gapwatch.Core.Tests.Reconciliation;

/// <summary>Worked single cases of the revenue-gap rules: precedence, FX, locks, labels. Window 14 Mar – 12 Apr 2026, UTC.</summary>
public sealed class RevenueGapRuleTests
{
    private static CardResult Gap(SeedBuilder b, ErpKind erp = ErpKind.SageIntacct, params string[] entities) =>
        CardEngine.ComputeAll(b.Data, Workspaces.Settings(erp, entities), Workspaces.AsOf).Single(c => c.Key == CardKeys.RevenueGap);

    private static GapRow RowOf(CardResult card, CommerceOrder order) => Assert.Single(card.GapRows, r => r.CommerceOrder == order.Key);

    [Fact]
    public void Precedence_FirstRuleThatFitsWins()
    {
        var b = Workspaces.Builder();
        var absent = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        var present = b.Customer(Platform.Shopify, "2", "Al", "al@mail.example");
        b.ErpCustomer("E1", "C2", "Al", "al@mail.example");

        // Cancelled and routed wrongly: voided wins over multi-entity routing.
        var cancelled = b.Order(Platform.Shopify, absent.Id, b.At(4, 1, 10), 100m, status: CommerceOrderStatus.Cancelled, tags: ["entity:E1"]);
        b.ErpOrder("E2", cancelled, null, ErpOrderStatus.Open, b.At(4, 1, 11));

        // ERP order in the wrong entity for an absent buyer: multi-entity routing wins over unmapped customer.
        var misrouted = b.Order(Platform.Shopify, absent.Id, b.At(4, 2, 10), 200m, tags: ["entity:E1"]);
        b.ErpOrder("E2", misrouted, null, ErpOrderStatus.Released, b.At(4, 2, 11));

        // No ERP trace, absent buyer, placed within the tolerance of the window end: unmapped customer wins over period boundary.
        var unmapped = b.Order(Platform.Shopify, absent.Id, b.At(4, 12, 9), 300m, tags: ["entity:E1"]);

        // Present buyer, placed near the end, ERP order created after the window end: period boundary wins over pending invoicing.
        var boundary = b.Order(Platform.Shopify, present.Id, b.At(4, 12, 9), 400m, tags: ["entity:E1"]);
        b.ErpOrder("E1", boundary, "C2", ErpOrderStatus.Open, b.At(4, 13, 1));

        // Present buyer, ERP order created in the window, nothing invoiced: pending invoicing.
        var pending = b.Order(Platform.Shopify, present.Id, b.At(4, 5, 9), 500m, tags: ["entity:E1"]);
        b.ErpOrder("E1", pending, "C2", ErpOrderStatus.Released, b.At(4, 5, 10));

        var card = Gap(b, entities: ["E1", "E2"]);
        Assert.Equal("voided", RowOf(card, cancelled).Reason);
        Assert.Equal("multi_entity_routing", RowOf(card, misrouted).Reason);
        Assert.Equal("unmapped_customer", RowOf(card, unmapped).Reason);
        Assert.Equal("period_boundary", RowOf(card, boundary).Reason);
        Assert.Equal("pending_invoicing", RowOf(card, pending).Reason);
        Assert.Equal(1500m, card.Headline);
    }

    [Fact]
    public void Fx_PeriodAverageVersusBookedRate_IsFxTranslation()
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        b.ErpCustomer("E1", "C1", "Jo", "jo@mail.example");
        b.AverageRate("EUR", "USD", 4, 1.10m);
        var order = b.Order(Platform.Shopify, customer.Id, b.At(4, 1, 10), 1000m, currency: "EUR");
        b.ErpOrder("E1", order, "C1", ErpOrderStatus.Invoiced, b.At(4, 1, 11));
        b.Invoice("E1", order, "C1", SeedBuilder.Day(4, 2), rate: 1.08m);

        var card = Gap(b);

        Assert.Equal(1100m, card.Measures["commerce_revenue"]); // EUR 1,000 at the April average 1.10
        Assert.Equal(1080m, card.Measures["gl_booked_revenue"]); // booked at 1.08
        var row = RowOf(card, order);
        Assert.Equal(("fx_translation", 20m), (row.Reason, row.Amount.Amount));
        Assert.Equal(20m, card.Headline);
    }

    [Theory]
    [InlineData(20, 0, true)]
    [InlineData(19, 5, false)]
    public void ZeroGap_OverABusyWindow_SaysCheckTheConnectors(int invoicedOrders, int drafts, bool expected)
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        b.ErpCustomer("E1", "C1", "Jo", "jo@mail.example");
        for (var i = 0; i < invoicedOrders; i++)
        {
            var order = b.Order(Platform.Shopify, customer.Id, b.At(4, 1, 10, i), 100m);
            b.ErpOrder("E1", order, "C1", ErpOrderStatus.Invoiced, b.At(4, 1, 11, i));
            b.Invoice("E1", order, "C1", SeedBuilder.Day(4, 2));
        }

        for (var i = 0; i < drafts; i++)
        {
            b.Order(Platform.Shopify, customer.Id, b.At(4, 3, 10, i), 100m, status: CommerceOrderStatus.Draft);
        }

        var card = Gap(b);

        Assert.Equal(0m, card.Headline);
        Assert.Equal(expected, card.Notes.Any(n => n.Contains("still pulling orders", StringComparison.Ordinal)));
    }

    [Fact]
    public void Fx_DeferredPartAndRestSplitOneInvoicedOrder()
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        b.ErpCustomer("E1", "C1", "Jo", "jo@mail.example");
        b.AverageRate("EUR", "USD", 4, 1.10m);
        var order = b.Order(Platform.Shopify, customer.Id, b.At(4, 1, 10), 1000m, currency: "EUR");
        b.ErpOrder("E1", order, "C1", ErpOrderStatus.Invoiced, b.At(4, 1, 11));
        b.Invoice("E1", order, "C1", SeedBuilder.Day(4, 2), rate: 1.08m, net: 900m, deferred: 100m);

        var card = Gap(b);

        // commerce 1,100.00; invoiced 900 → at average 990.00, at booked 972.00, less deferred 108.00 → booked 864.00.
        var parts = card.GapRows.Where(r => r.CommerceOrder == order.Key).ToDictionary(r => r.Reason, r => r.Amount.Amount);
        Assert.Equal(108m, parts["revenue_deferred"]);
        Assert.Equal(18m, parts["fx_translation"]);
        Assert.Equal(110m, parts["unknown"]);
        Assert.Equal(1100m - 864m, card.Headline);
        Assert.Equal(card.Headline, parts.Values.Sum());
    }

    [Fact]
    public void Lock_DocumentCreatedAfterTheLock_IsOutOfTheFrozenFigure_AndRowsSayPeriodLocked()
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        b.ErpCustomer("E1", "C1", "Jo", "jo@mail.example");
        b.Data.PeriodLocks.Add(new PeriodLock("E1", SeedBuilder.Day(3, 1), SeedBuilder.Day(3, 31), b.At(4, 3, 12), b.ExportedAt));

        var late = b.Order(Platform.Shopify, customer.Id, b.At(3, 20, 10), 100m);
        b.ErpOrder("E1", late, "C1", ErpOrderStatus.Invoiced, b.At(3, 20, 11));
        var lateInvoice = b.Invoice("E1", late, "C1", SeedBuilder.Day(3, 21));
        b.Data.ErpDocuments[b.Data.ErpDocuments.IndexOf(lateInvoice)] = lateInvoice with { CreatedAt = b.At(4, 5, 9) };

        var onTime = b.Order(Platform.Shopify, customer.Id, b.At(3, 22, 10), 200m);
        b.ErpOrder("E1", onTime, "C1", ErpOrderStatus.Invoiced, b.At(3, 22, 11));
        b.Invoice("E1", onTime, "C1", SeedBuilder.Day(3, 23));

        var card = Gap(b);

        Assert.Equal(200m, card.Measures["gl_booked_revenue"]);
        var row = RowOf(card, late);
        Assert.Equal(("pending_invoicing", 100m), (row.Reason, row.Amount.Amount));
        Assert.Contains("period locked", row.Flags);
        Assert.Equal(100m, card.Headline);
    }

    [Fact]
    public void Boundary_InvoiceInTheWindowForAnOrderPlacedBefore_IsNegativePeriodBoundary_AndCreditMemosAreCreditMemo()
    {
        var b = Workspaces.Builder();
        var customer = b.Customer(Platform.Shopify, "1", "Jo", "jo@mail.example");
        b.ErpCustomer("E1", "C1", "Jo", "jo@mail.example");
        var before = b.Order(Platform.Shopify, customer.Id, b.At(3, 12, 10), 100m);
        b.ErpOrder("E1", before, "C1", ErpOrderStatus.Invoiced, b.At(3, 12, 11));
        b.Invoice("E1", before, "C1", SeedBuilder.Day(3, 15));
        b.CreditMemo("E1", before, "C1", SeedBuilder.Day(3, 20), 30m);

        var card = Gap(b);

        Assert.Contains(card.GapRows, r => r.CommerceOrder == before.Key && r.Reason == "period_boundary" && r.Amount.Amount == -100m);
        Assert.Contains(card.GapRows, r => r.CommerceOrder == before.Key && r.Reason == "credit_memo" && r.Amount.Amount == 30m);
        Assert.Equal(-70m, card.Headline);
    }

    [Theory]
    [InlineData(ErpKind.SageIntacct, "Pending Invoicing", "Credit Memo Refunds", "Unmapped Customer", "Multi-Entity Routing")]
    [InlineData(ErpKind.BusinessCentral, "Released-Not-Invoiced", "Sales Credit Memo Refunds", "Unmapped Marketplace", "Multi-Company Routing")]
    [InlineData(ErpKind.DynamicsFo, "Pending Invoicing", "Credit Note Refunds", "Unmapped Customer", "Multi-Entity Routing")]
    public void Labels_FollowTheErp(ErpKind erp, string pending, string creditMemo, string unmapped, string routing)
    {
        var card = Gap(Workspaces.Builder(), erp);
        var labels = card.Groups.ToDictionary(g => g.Key, g => g.Label);
        Assert.Equal(pending, labels["pending_invoicing"]);
        Assert.Equal(creditMemo, labels["credit_memo"]);
        Assert.Equal(unmapped, labels["unmapped_customer"]);
        Assert.Equal(routing, labels["multi_entity_routing"]);
    }
}
