using Gapwatch.Model;

namespace Gapwatch.Core.Tests.Model;

public sealed class MoneyTests
{
    private static readonly Currency Usd = Currency.Of("USD");
    private static readonly Currency Gbp = Currency.Of("GBP");

    [Fact]
    public void Add_SameCurrency_SumsExactly() =>
        Assert.Equal(new Money(0.3m, Usd), new Money(0.1m, Usd) + new Money(0.2m, Usd));

    [Fact]
    public void Add_DifferentCurrencies_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new Money(1m, Usd) + new Money(1m, Gbp));
        Assert.Contains("USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("GBP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_DifferentCurrencies_Throws() =>
        Assert.Throws<InvalidOperationException>(() => new Money(2m, Usd) > new Money(1m, Gbp));

    [Theory]
    [InlineData("USD", "2.345", "2.35")]
    [InlineData("USD", "-2.345", "-2.35")]
    [InlineData("USD", "2.344", "2.34")]
    [InlineData("JPY", "1234.5", "1235")]
    [InlineData("KWD", "1.0005", "1.001")]
    public void Format_RoundsHalfAwayFromZeroToMinorDigits(string code, string amount, string expected) =>
        Assert.Equal(expected, new Money(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), Currency.Of(code)).Format());

    [Fact]
    public void Currency_UnknownCode_IsRefusedWithItsName()
    {
        var error = Assert.Throws<ArgumentException>(() => Currency.Of("XXZ"));
        Assert.Contains("'XXZ'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("USD", "12.34", 1234L)]
    [InlineData("JPY", "1234", 1234L)]
    [InlineData("KWD", "1.234", 1234L)]
    public void MinorUnits_RoundTrip(string code, string amount, long minor)
    {
        var currency = Currency.Of(code);
        var value = decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(minor, currency.ToMinorUnits(value));
        Assert.Equal(value, currency.FromMinorUnits(minor));
    }
}
