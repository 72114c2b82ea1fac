using Gapwatch.Model;

namespace Gapwatch.Reconciliation.Input;

/// <summary>
/// One workspace's facts in flat columns with integer keys: what the compute engines read. Built
/// from stored records by <see cref="ReconciliationInputBuilder"/>, or generated directly by the
/// benchmark. <see cref="Labels"/> maps slots back to records for drill rows (absent for
/// generated data).
/// </summary>
public sealed class ReconciliationInput
{
    public required Currency[] Currencies { get; init; }

    public required RateTable Rates { get; init; }

    public required string[] Entities { get; init; }

    public required LockTable Locks { get; init; }

    public required KeyTable Keys { get; init; }

    public required OrderColumns Orders { get; init; }

    public required ErpOrderColumns ErpOrders { get; init; }

    public required DocumentColumns Documents { get; init; }

    public required BuyerColumns Buyers { get; init; }

    public required ErpCustomerColumns ErpCustomers { get; init; }

    /// <summary>The aligned as-of time, Unix seconds: facts stamped later are ignored.</summary>
    public required long AsOf { get; init; }

    public InputLabels? Labels { get; init; }

    public Currency ReportingCurrency => Currencies[Rates.ReportingCurrency];

    /// <summary>
    /// Translates minor units of a currency into minor units of the reporting currency at a rate,
    /// rounded half away from zero: the one rounding rule of every gap figure.
    /// </summary>
    public long ToReportingMinor(long minor, short currency, decimal rate)
    {
        if (minor == 0)
        {
            return 0;
        }

        if (TryToReportingMinorExact(minor, currency, rate, out var result))
        {
            return result;
        }

        var scaled = minor * rate * Scale(currency);
        return decimal.ToInt64(Math.Round(scaled, 0, MidpointRounding.AwayFromZero));
    }

    private static readonly long[] Powers =
    [
        1L, 10L, 100L, 1_000L, 10_000L, 100_000L, 1_000_000L, 10_000_000L, 100_000_000L, 1_000_000_000L, 10_000_000_000L,
        100_000_000_000L, 1_000_000_000_000L, 10_000_000_000_000L, 100_000_000_000_000L, 1_000_000_000_000_000L,
        10_000_000_000_000_000L, 100_000_000_000_000_000L, 1_000_000_000_000_000_000L,
    ];

    private static readonly Int128 DecimalExactLimit = Int128.Parse("1000000000000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// The same figure in integer arithmetic: minor × mantissa × 10^shift / 10^scale, rounded half
    /// away from zero. Taken only where the decimal computation is exact (its product stays below
    /// 10^27, well inside decimal's 96-bit mantissa), so both give the same result to the unit;
    /// anything larger falls back to decimal.
    /// </summary>
    private bool TryToReportingMinorExact(long minor, short currency, decimal rate, out long result)
    {
        result = 0;
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(rate, bits);
        if (bits[2] != 0 || minor == long.MinValue)
        {
            return false;
        }

        var mantissa = ((ulong)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = (bits[3] < 0) != (minor < 0);
        var shift = Shift(currency);
        if (shift >= Powers.Length || -shift >= Powers.Length)
        {
            return false;
        }

        Int128 product = (Int128)Math.Abs(minor) * mantissa;
        if (shift > 0)
        {
            product *= Powers[shift];
        }
        else
        {
            scale -= shift;
        }

        if (product >= DecimalExactLimit || scale >= Powers.Length)
        {
            return false;
        }

        var divisor = (Int128)Powers[scale];
        var quotient = Int128.DivRem(product, divisor);
        var rounded = quotient.Quotient + (quotient.Remainder * 2 >= divisor ? 1 : 0);
        if (rounded > long.MaxValue)
        {
            return false;
        }

        result = negative ? -(long)rounded : (long)rounded;
        return true;
    }

    private int Shift(short currency) => ReportingCurrency.MinorDigits - Currencies[currency].MinorDigits;

    private decimal Scale(short currency)
    {
        var shift = ReportingCurrency.MinorDigits - Currencies[currency].MinorDigits;
        return shift switch
        {
            0 => 1m,
            > 0 => Pow10(shift),
            _ => 1m / Pow10(-shift),
        };
    }

    private static decimal Pow10(int power)
    {
        var result = 1m;
        for (var i = 0; i < power; i++)
        {
            result *= 10m;
        }

        return result;
    }
}

/// <summary>The records behind each slot, so drill rows can name orders, documents and customers.</summary>
public sealed class InputLabels
{
    public required IReadOnlyList<CommerceOrder> Orders { get; init; }

    public required IReadOnlyList<ErpSalesOrder> ErpOrders { get; init; }

    public required IReadOnlyList<ErpDocument> Documents { get; init; }

    public required IReadOnlyList<ErpCustomer> ErpCustomers { get; init; }

    /// <summary>Storefront accounts by slot (orders reference them through <see cref="OrderColumns.CustomerAccount"/>).</summary>
    public required IReadOnlyList<CommerceCustomer> Accounts { get; init; }

    /// <summary>Buyer slot of each storefront account.</summary>
    public required int[] AccountBuyer { get; init; }
}
