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

        var scaled = minor * rate * Scale(currency);
        return decimal.ToInt64(Math.Round(scaled, 0, MidpointRounding.AwayFromZero));
    }

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
