namespace Gapwatch.Generator.Demo;

/// <summary>
/// The one source of chance in the demo: a seeded <see cref="Random"/>, drawn from in a fixed
/// order, so a seed always yields the same workspace. Money is drawn as whole cents.
/// </summary>
internal sealed class DemoRandom(int seed)
{
    private readonly Random random = new(seed);

    public bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>0 ≤ result &lt; <paramref name="count"/>.</summary>
    public int Next(int count) => random.Next(count);

    /// <summary><paramref name="min"/> ≤ result ≤ <paramref name="max"/>.</summary>
    public int Between(int min, int max) => random.Next(min, max + 1);

    public double NextDouble() => random.NextDouble();

    public T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>An amount with a long right tail (most orders small, a few large), rounded to cents and clamped.</summary>
    public decimal Amount(double median, double spread, decimal min, decimal max)
    {
        // Box–Muller: a normal draw, turned log-normal around the median.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        var value = (decimal)Math.Round(median * Math.Exp(spread * normal), 2);
        return Math.Clamp(value, min, max);
    }

    /// <summary>A share between <paramref name="min"/> and <paramref name="max"/>, to whole percent.</summary>
    public decimal Percent(int min, int max) => Between(min, max) / 100m;

    /// <summary>An index drawn with the given weights (they need not add up to one).</summary>
    public int Weighted(IReadOnlyList<double> weights)
    {
        var total = weights.Sum();
        var draw = random.NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
