namespace Gapwatch.Generator.Demo;

/// <summary>
/// The amounts of one storefront order, as the platform reports them: lines, discounts, shipping,
/// tax and the total the buyer pays (tax-inclusive in the EU store). Net revenue is total − tax.
/// </summary>
internal sealed record DemoAmounts(decimal Lines, decimal Discounts, decimal Shipping, decimal Tax, bool TaxesIncluded, decimal Total)
{
    private static readonly decimal[] UsSalesTax = [0m, 0.04m, 0.06m, 0.0625m, 0.07m, 0.0725m, 0.0825m, 0.08875m];
    private static readonly decimal[] CanadianTax = [0.05m, 0.12m, 0.13m, 0.14975m];

    public static DemoAmounts Draw(DemoRandom random, bool b2b, DemoCountry country)
    {
        var europe = country is DemoCountry.Germany or DemoCountry.France or DemoCountry.Netherlands;
        var (median, scale) = country switch
        {
            DemoCountry.Canada => (b2b ? 1_500.0 : 120.0, 1.25m),
            DemoCountry.UnitedStates => (b2b ? 1_200.0 : 95.0, 1m),
            _ => (b2b ? 1_100.0 : 85.0, 0.9m),
        };
        var lines = b2b ? random.Amount(median, 0.9, 150m, 60_000m) : random.Amount(median, 0.7, 12m, 2_500m);
        var discounts = !b2b && random.Chance(0.25) ? Math.Round(lines * random.Percent(10, 20), 2) : 0m;
        var shipping = b2b ? Math.Round(lines * 0.015m, 2)
            : lines >= 100m * scale ? 0m
            : random.Chance(0.5) ? 7.95m * scale : 9.95m * scale;
        shipping = Math.Round(shipping, 2);
        var rate = TaxRate(random, b2b, country);
        var beforeTax = lines - discounts + shipping;
        if (europe && !b2b)
        {
            // EU prices include VAT: the total is what the shopper sees, the tax is carved out of it.
            var included = Math.Round(beforeTax * rate / (1 + rate), 2, MidpointRounding.AwayFromZero);
            return new DemoAmounts(lines, discounts, shipping, included, true, beforeTax);
        }

        var tax = Math.Round(beforeTax * rate, 2, MidpointRounding.AwayFromZero);
        return new DemoAmounts(lines, discounts, shipping, tax, false, beforeTax + tax);
    }

    private static decimal TaxRate(DemoRandom random, bool b2b, DemoCountry country) => country switch
    {
        DemoCountry.UnitedStates => b2b && random.Chance(0.75) ? 0m : random.Pick(UsSalesTax), // most trade buyers hold a resale certificate
        DemoCountry.Canada => random.Pick(CanadianTax),
        _ when b2b => 0m, // intra-EU reverse charge
        DemoCountry.Germany => 0.19m,
        DemoCountry.France => 0.20m,
        _ => 0.21m,
    };
}
