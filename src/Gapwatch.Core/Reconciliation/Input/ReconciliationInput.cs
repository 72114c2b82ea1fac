using System.Runtime.CompilerServices;
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
    public long ToReportingMinor(long minor, short currency, decimal rate) => ToReportingMinor(minor, PrepareRate(currency, rate));

    /// <summary>
    /// The same translation at a rate prepared once (<see cref="PrepareRate"/>): an integer multiply
    /// and a rounding division where the product fits 64 bits, else the exact 128-bit path, else decimal.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long ToReportingMinor(long minor, in ReportingRate rate)
    {
        if (minor == 0)
        {
            return 0;
        }

        if (rate.Fast && minor != long.MinValue)
        {
            var magnitude = (ulong)Math.Abs(minor);
            var high = Math.BigMul(magnitude, rate.Mantissa, out var product);
            if (high == 0 && (rate.Multiplier == 1 || Math.BigMul(product, rate.Multiplier, out product) == 0))
            {
                var quotient = product / rate.Divisor;
                var remainder = product - (quotient * rate.Divisor);
                var rounded = quotient + (remainder * 2 >= rate.Divisor ? 1UL : 0UL);
                if (rounded <= long.MaxValue)
                {
                    return (minor < 0) != rate.Negative ? -(long)rounded : (long)rounded;
                }
            }
        }

        return ToReportingMinorSlow(minor, rate.Currency, rate.Rate);
    }

    /// <summary>
    /// Pre-extracts a rate's mantissa and scale (with the currencies' minor-digit shift folded in) so
    /// each translation is integer arithmetic; results are identical to the decimal computation.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReportingRate PrepareRate(short currency, decimal rate)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(rate, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var shift = Shift(currency);
        var fast = bits[2] == 0 && shift < Powers.Length && -shift < Powers.Length;
        var multiplier = 1UL;
        if (fast && shift > 0)
        {
            multiplier = (ulong)Powers[shift];
        }
        else if (fast)
        {
            scale -= shift;
        }

        fast &= scale < Powers.Length;
        var mantissa = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
        return new ReportingRate(rate, currency, fast, mantissa, multiplier, fast ? (ulong)Powers[scale] : 1UL, bits[3] < 0);
    }

    private long ToReportingMinorSlow(long minor, short currency, decimal rate)
    {
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

        var mantissa = unchecked(((ulong)(uint)bits[1] << 32) | (uint)bits[0]);
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

/// <summary>
/// A rate into the reporting currency prepared for integer translation (<see cref="ReconciliationInput.PrepareRate"/>):
/// the product <c>|minor| × Mantissa × Multiplier</c> divided by <c>Divisor</c>, rounded half away from zero.
/// <see cref="Fast"/> is false where that form does not apply; the decimal <see cref="Rate"/> is kept for the fallback.
/// </summary>
public readonly record struct ReportingRate(
    decimal Rate, short Currency, bool Fast, ulong Mantissa, ulong Multiplier, ulong Divisor, bool Negative);

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
