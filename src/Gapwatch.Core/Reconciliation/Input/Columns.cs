namespace Gapwatch.Reconciliation.Input;

/// <summary>Entity slot of an order whose routing found no answer, or two different answers.</summary>
public static class EntitySlot
{
    public const int None = -1;
    public const int Ambiguous = -2;
}

/// <summary>
/// Commerce orders as flat columns: the compute engines read these, never per-row objects.
/// Amounts are minor units of the order currency; instants are Unix seconds; days are
/// <see cref="DateOnly.DayNumber"/> in the workspace time zone.
/// </summary>
public sealed class OrderColumns(int count)
{
    public int Count { get; } = count;

    public byte[] Platform { get; } = new byte[count];

    public int[] Buyer { get; } = new int[count];

    /// <summary>The storefront account the order references (before any merge), or -1.</summary>
    public int[] CustomerAccount { get; } = new int[count];

    public long[] PlacedAt { get; } = new long[count];

    public int[] PlacedDay { get; } = new int[count];

    /// <summary>Month index (year × 12 + month − 1) of the placing day, for period-average rates.</summary>
    public int[] PlacedMonth { get; } = new int[count];

    /// <summary><see cref="Model.CommerceOrderStatus"/> values.</summary>
    public byte[] Status { get; } = new byte[count];

    public short[] Currency { get; } = new short[count];

    public long[] NetMinor { get; } = new long[count];

    public int[] ExpectedEntity { get; } = new int[count];
}

/// <summary>ERP sales orders as flat columns; <see cref="Order"/> is the linked commerce order or -1.</summary>
public sealed class ErpOrderColumns(int count)
{
    public int Count { get; } = count;

    public int[] Entity { get; } = new int[count];

    /// <summary><see cref="Model.ErpOrderStatus"/> values.</summary>
    public byte[] Status { get; } = new byte[count];

    public short[] Currency { get; } = new short[count];

    public long[] NetMinor { get; } = new long[count];

    public long[] CreatedAt { get; } = new long[count];

    public int[] Order { get; } = new int[count];
}

/// <summary>Commerce-sourced invoices and credit memos as flat columns.</summary>
public sealed class DocumentColumns(int count)
{
    public int Count { get; } = count;

    /// <summary><see cref="Model.ErpDocumentKind"/> values.</summary>
    public byte[] Kind { get; } = new byte[count];

    public int[] Entity { get; } = new int[count];

    public int[] PostedDay { get; } = new int[count];

    public long[] CreatedAt { get; } = new long[count];

    public short[] Currency { get; } = new short[count];

    public long[] NetMinor { get; } = new long[count];

    public long[] DeferredMinor { get; } = new long[count];

    /// <summary>The rate the ERP booked, document currency to reporting currency.</summary>
    public decimal[] Rate { get; } = new decimal[count];

    public int[] Order { get; } = new int[count];
}

/// <summary>Distinct buyers (storefront accounts joined by shared keys) and their normalised keys.</summary>
public sealed class BuyerColumns(int count)
{
    public int Count { get; } = count;

    public bool[] IsB2b { get; } = new bool[count];

    public bool[] HasVatNumber { get; } = new bool[count];

    /// <summary>Earliest storefront creation of the buyer's accounts, Unix seconds.</summary>
    public long[] CreatedAt { get; } = new long[count];

    /// <summary>CSR offsets into <see cref="Keys"/>: buyer b owns Keys[KeyStart[b]..KeyStart[b+1]).</summary>
    public int[] KeyStart { get; } = new int[count + 1];

    /// <summary>Interned normalised keys; the key's type is <see cref="KeyTable.TypeOf"/>.</summary>
    public int[] Keys { get; set; } = [];
}

/// <summary>ERP customer master as flat columns with an inverted index from key to records.</summary>
public sealed class ErpCustomerColumns(int count)
{
    public int Count { get; } = count;

    public int[] Entity { get; } = new int[count];

    public bool[] Active { get; } = new bool[count];

    public bool[] Holding { get; } = new bool[count];

    /// <summary>CSR offsets by key id: records holding key k are ByKey[ByKeyStart[k]..ByKeyStart[k+1]).</summary>
    public int[] ByKeyStart { get; set; } = [0];

    public int[] ByKey { get; set; } = [];
}
