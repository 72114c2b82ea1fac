using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Bench.Sync;

/// <summary>
/// Seeded datasets for <c>gapwatch bench sync</c>, in each simulator's own wire shape: N orders and
/// N/4 customers (at least one), each record on its own second from 2025-01-01 (so keyset paging
/// never meets a tie), every order placed by a customer, amounts in USD with 8% tax, no refunds,
/// companies or credit memos (the streams measured are customers and orders).
/// </summary>
public static class SyncBenchData
{
    public static readonly DateTimeOffset Base = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static int CustomersFor(int orders) => Math.Max(1, orders / 4);

    public static ShopifyDataset Shopify(int orders, ulong seed)
    {
        var data = new ShopifyDataset();
        Fill(orders, seed,
            c => data.Customer(c, Base.AddSeconds(c), Email(c), "First" + c, "Last" + c, zip: "10001"),
            (o, customer, a) => data.Order(1_000_000 + o, Base.AddSeconds(o), customer, "USD", a.Subtotal, a.Shipping, a.Tax));
        return data;
    }

    public static BigCommerceDataset BigCommerce(int orders, ulong seed)
    {
        var data = new BigCommerceDataset();
        Fill(orders, seed,
            c => data.Customer(c, Base.AddSeconds(c), Email(c), "First" + c, "Last" + c, postcode: "10001"),
            (o, customer, a) => data.Order(100 + o, Base.AddSeconds(o), customer, "USD", a.Subtotal, a.Shipping, a.Tax));
        return data;
    }

    public static AdobeCommerceDataset AdobeCommerce(int orders, ulong seed)
    {
        var data = new AdobeCommerceDataset();
        Fill(orders, seed,
            c => data.Customer(c, Base.AddSeconds(c), Email(c), "First" + c, "Last" + c),
            (o, customer, a) => data.Order(o, Base.AddSeconds(o), customer, "USD", a.Subtotal, a.Shipping, a.Tax));
        return data;
    }

    /// <summary>
    /// The same customers and orders for every platform (one seeded sequence), handed to each
    /// dataset's own builders so the platforms differ only in their ids and wire shapes.
    /// </summary>
    private static void Fill(int orders, ulong seed, Action<int> addCustomer, Action<int, int, (decimal Subtotal, decimal Shipping, decimal Tax)> addOrder)
    {
        var rng = new Rng(seed);
        var customers = CustomersFor(orders);
        for (var c = 1; c <= customers; c++)
        {
            addCustomer(c);
        }

        for (var o = 1; o <= orders; o++)
        {
            var amounts = Amounts(ref rng);
            addOrder(o, 1 + rng.Next(customers), amounts);
        }
    }

    private static string Email(int customer) => "buyer" + customer.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@example.com";

    private static (decimal Subtotal, decimal Shipping, decimal Tax) Amounts(ref Rng rng)
    {
        var subtotal = (1_000 + rng.Next(49_000)) / 100m;
        var shipping = rng.Next(3) * 5m;
        var tax = Math.Round(subtotal * 0.08m, 2, MidpointRounding.AwayFromZero);
        return (subtotal, shipping, tax);
    }

    /// <summary>SplitMix64: the same sequence on every platform for a seed.</summary>
    private struct Rng(ulong seed)
    {
        private ulong state = seed;

        public int Next(int bound)
        {
            unchecked
            {
                var z = state += 0x9E3779B97F4A7C15UL;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return (int)((z ^ (z >> 31)) % (ulong)bound);
            }
        }
    }
}
