using Gapwatch.Cards;
using Gapwatch.Model;

namespace Gapwatch.Core.Tests.Reconciliation;

/// <summary>Properties of the absent-customer cards (4.1–4.3) over generated workspaces, for every ERP.</summary>
public sealed class CustomerCardPropertyTests
{
    public static TheoryData<ErpKind> Erps => [.. RandomWorkspaces.Erps];

    /// <summary>
    /// Each card's count is its number of drill rows, and its groups add up to it (count, orders
    /// attached, order value); no order is attached to two rows; the populations nest: 4.2 (B2B,
    /// active orders) within 4.3 (active orders) within 4.1 (any order but drafts), and 4.3's B2B
    /// group is exactly 4.2's customers; a customer's row appears under every entity its orders expect.
    /// </summary>
    [Theory]
    [MemberData(nameof(Erps))]
    public void CustomerCards_CountsEqualRows_GroupsAddUp_AndPopulationsNest(ErpKind erp) =>
        Property.Check(RandomWorkspaces.For(erp), 1_000, 50_000, w =>
        {
            var cards = CardEngine.ComputeAll(w.Data, w.Settings, w.AsOf).Where(c => c.Unit == "count").ToDictionary(c => c.Key);
            foreach (var card in cards.Values)
            {
                Assert.Equal(card.CustomerRows.Count, card.Headline);
                Assert.Equal(card.Headline, card.Groups.Sum(g => g.Count));
                Assert.Equal(card.CustomerRows.Sum(r => r.Orders.Count), card.Groups.Sum(g => g.Orders));
                Assert.Equal(card.CustomerRows.Sum(r => r.OrderValue.Amount), card.Groups.Sum(g => g.Amount!.Value.Amount));
                Assert.All(card.CustomerRows, r => Assert.Contains(r.Group, card.Groups.Select(g => g.Key)));
                var orders = card.CustomerRows.SelectMany(r => r.Orders).ToList();
                Assert.Equal(orders.Count, orders.Distinct(StringComparer.Ordinal).Count());
                Assert.Equal(card.CustomerRows.Count, card.CustomerRows.Select(r => r.Customer).Distinct(StringComparer.Ordinal).Count());
                Assert.All(card.CustomerRows, r => Assert.NotEmpty(r.Orders));
                Assert.Equal(card.AlertFigure, card.Headline);
            }

            var all = cards[CardKeys.CustomersAbsent].CustomerRows.ToDictionary(r => r.Customer, StringComparer.Ordinal);
            var blocked = cards[CardKeys.CustomersAbsentBlocked].CustomerRows.ToDictionary(r => r.Customer, StringComparer.Ordinal);
            var sync = cards[CardKeys.B2bCustomersAbsentSync].CustomerRows;
            foreach (var row in blocked.Values)
            {
                Assert.True(all.TryGetValue(row.Customer, out var wider), $"{row.Customer} blocked but not absent");
                Assert.Subset(wider.Orders.ToHashSet(StringComparer.Ordinal), row.Orders.ToHashSet(StringComparer.Ordinal));
            }

            foreach (var row in sync)
            {
                Assert.True(blocked.TryGetValue(row.Customer, out var wider), $"{row.Customer} in sync health but not blocked");
                Assert.Equal(wider.Orders, row.Orders);
                Assert.Equal("b2b", row.Type);
            }

            Assert.Equal(sync.Count, cards[CardKeys.CustomersAbsentBlocked].Groups.Single(g => g.Key == "b2b").Count);
            var absent = cards[CardKeys.CustomersAbsent];
            Assert.Equal(absent.Headline, absent.Measures["b2b"] + absent.Measures["dtc"]);
            Assert.Equal(absent.CustomerRows.Sum(r => r.Orders.Count), absent.Measures["orders"]);
            var blockedCard = cards[CardKeys.CustomersAbsentBlocked];
            Assert.Equal(blockedCard.CustomerRows.Sum(r => r.OrderValue.Amount), blockedCard.Measures["blocked_value"]);
            Assert.True(blockedCard.Measures["largest_single_customer"] <= blockedCard.Measures["blocked_value"] || blockedCard.Measures["blocked_value"] < 0);

            // The entity filter (`--entity X` keeps rows whose expected entities include X) misses no row.
            foreach (var card in cards.Values)
            {
                var entities = card.CustomerRows.SelectMany(r => r.ExpectedEntity.Split(", ")).Distinct(StringComparer.Ordinal).ToList();
                var covered = entities.SelectMany(e => card.CustomerRows.Where(r => r.ExpectedEntity.Split(", ").Contains(e))).Distinct().Count();
                Assert.Equal(card.CustomerRows.Count, covered);
            }
        }, $"{nameof(CustomerCards_CountsEqualRows_GroupsAddUp_AndPopulationsNest)} [{erp.Key()}]");
}

/// <summary>Guards the generator against going vacuous: over its first cases every reason, cause and cohort occurs.</summary>
public sealed class RandomWorkspaceCoverageTests
{
    [Fact]
    public void Generator_ReachesEveryReasonCauseCohortAndTheLockFlag()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var erp in RandomWorkspaces.Erps)
        {
            var gen = RandomWorkspaces.For(erp);
            for (var i = 0; i < 200; i++)
            {
                var w = gen.Generate(new CsCheck.PCG(7, (ulong)i), null, out _);
                foreach (var card in CardEngine.ComputeAll(w.Data, w.Settings, w.AsOf))
                {
                    seen.UnionWith(card.GapRows.Where(r => r.Amount.Amount != 0m).Select(r => "reason:" + r.Reason));
                    seen.UnionWith(card.GapRows.SelectMany(r => r.Flags).Select(f => "flag:" + f));
                    seen.UnionWith(card.CustomerRows.Select(r => card.Key + ":" + r.Group));
                }
            }
        }

        string[] expected =
        [
            "reason:pending_invoicing", "reason:voided", "reason:credit_memo", "reason:unmapped_customer", "reason:period_boundary",
            "reason:fx_translation", "reason:revenue_deferred", "reason:multi_entity_routing", "reason:unknown", "flag:period locked",
            "customers_absent:new_dtc", "customers_absent:new_b2b", "customers_absent:b2b_vat_not_keyed",
            "b2b_customers_absent_sync:never_synced", "b2b_customers_absent_sync:sync_failed", "b2b_customers_absent_sync:sync_lagging",
            "b2b_customers_absent_sync:account_merged", "customers_absent_blocked:b2b", "customers_absent_blocked:dtc",
        ];
        Assert.Empty(expected.Except(seen));
    }
}
