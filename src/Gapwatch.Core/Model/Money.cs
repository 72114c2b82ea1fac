namespace Gapwatch.Model;

/// <summary>
/// An amount in one currency. Adding, subtracting or comparing two currencies throws: a mixed
/// sum has no meaning until one side is translated at a stated rate.
/// </summary>
public readonly record struct Money(decimal Amount, Currency Currency)
{
    public static Money Zero(Currency currency) => new(0m, currency);

    public static Money operator +(Money left, Money right) => new(left.Amount + right.Amount, SameCurrency(left, right));

    public static Money operator -(Money left, Money right) => new(left.Amount - right.Amount, SameCurrency(left, right));

    public static Money operator -(Money value) => new(-value.Amount, value.Currency);

    public static bool operator >(Money left, Money right) => left.Amount > right.Amount && Equals(SameCurrency(left, right), left.Currency);

    public static bool operator <(Money left, Money right) => left.Amount < right.Amount && Equals(SameCurrency(left, right), left.Currency);

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Negate() => -this;

    /// <summary>Rounds to the currency's minor unit, half away from zero.</summary>
    public Money Rounded() => new(Currency.Round(Amount), Currency);

    public string Format() => Currency.Format(Amount);

    public override string ToString() => $"{Format()} {Currency.Code}";

    private static Currency SameCurrency(Money left, Money right) =>
        left.Currency == right.Currency
            ? left.Currency
            : throw new InvalidOperationException($"cannot combine {left.Currency.Code} with {right.Currency.Code}: translate one side first");
}
