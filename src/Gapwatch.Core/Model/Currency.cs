namespace Gapwatch.Model;

/// <summary>
/// An ISO 4217 currency with the number of minor digits it is booked in.
/// Invariant: the code is three upper-case letters; minor digits are 0–4.
/// </summary>
public readonly record struct Currency
{
    private static readonly Dictionary<string, int> MinorDigitsByCode = new(StringComparer.Ordinal)
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2, ["CHF"] = 2,
        ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2, ["CZK"] = 2, ["HUF"] = 2, ["MXN"] = 2,
        ["BRL"] = 2, ["ZAR"] = 2, ["SGD"] = 2, ["HKD"] = 2, ["CNY"] = 2, ["INR"] = 2, ["AED"] = 2,
        ["JPY"] = 0, ["KRW"] = 0, ["ISK"] = 0, ["CLP"] = 0, ["VND"] = 0,
        ["BHD"] = 3, ["KWD"] = 3, ["JOD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    private Currency(string code, int minorDigits)
    {
        Code = code;
        MinorDigits = minorDigits;
    }

    public string Code { get; }

    public int MinorDigits { get; }

    public static IReadOnlyCollection<string> KnownCodes => MinorDigitsByCode.Keys;

    public static Currency Of(string code) =>
        TryParse(code, out var currency)
            ? currency
            : throw new ArgumentException($"'{code}' is not a supported ISO 4217 currency code", nameof(code));

    public static bool TryParse(string? code, out Currency currency)
    {
        currency = default;
        if (code is null || !MinorDigitsByCode.TryGetValue(code, out var digits))
        {
            return false;
        }

        currency = new Currency(code, digits);
        return true;
    }

    /// <summary>Rounds to this currency's minor unit, half away from zero (the commercial convention).</summary>
    public decimal Round(decimal amount) => Math.Round(amount, MinorDigits, MidpointRounding.AwayFromZero);

    /// <summary>Whole minor units of an amount already rounded to this currency.</summary>
    public long ToMinorUnits(decimal amount) => decimal.ToInt64(Round(amount) * MinorFactor);

    public decimal FromMinorUnits(long minorUnits) => minorUnits / (decimal)MinorFactor;

    public long MinorFactor => MinorDigits switch { 0 => 1, 1 => 10, 2 => 100, 3 => 1000, _ => 10000 };

    /// <summary>Formats an amount with exactly this currency's minor digits, invariant culture.</summary>
    public string Format(decimal amount) =>
        Round(amount).ToString("F" + MinorDigits.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => Code ?? "";
}
