namespace Gapwatch.Model;

/// <summary>Everything synced into one workspace: the facts the cards are computed from.</summary>
public sealed class WorkspaceData
{
    public List<CommerceCustomer> CommerceCustomers { get; } = [];

    public List<CommerceOrder> CommerceOrders { get; } = [];

    public List<CommerceRefund> CommerceRefunds { get; } = [];

    public List<ErpCustomer> ErpCustomers { get; } = [];

    public List<ErpSalesOrder> ErpSalesOrders { get; } = [];

    public List<ErpDocument> ErpDocuments { get; } = [];

    public List<GlEntry> GlEntries { get; } = [];

    public List<ExchangeRate> ExchangeRates { get; } = [];

    public List<PeriodLock> PeriodLocks { get; } = [];

    public List<SyncLogEntry> SyncLog { get; } = [];

    public List<DataverseRecord> DataverseRecords { get; } = [];

    public List<SourceFreshness> Sources { get; } = [];

    public int Count =>
        CommerceCustomers.Count + CommerceOrders.Count + CommerceRefunds.Count + ErpCustomers.Count +
        ErpSalesOrders.Count + ErpDocuments.Count + GlEntries.Count + ExchangeRates.Count +
        PeriodLocks.Count + SyncLog.Count + DataverseRecords.Count + Sources.Count;

    /// <summary>All records, in a fixed kind order.</summary>
    public IEnumerable<ISourceRecord> All() =>
        CommerceCustomers.Cast<ISourceRecord>().Concat(CommerceOrders).Concat(CommerceRefunds)
            .Concat(ErpCustomers).Concat(ErpSalesOrders).Concat(ErpDocuments).Concat(GlEntries)
            .Concat(ExchangeRates).Concat(PeriodLocks).Concat(SyncLog).Concat(DataverseRecords).Concat(Sources);

    /// <summary>Adds a record to the list of its kind.</summary>
    public void Add(ISourceRecord record)
    {
        switch (record)
        {
            case CommerceCustomer r: CommerceCustomers.Add(r); break;
            case CommerceOrder r: CommerceOrders.Add(r); break;
            case CommerceRefund r: CommerceRefunds.Add(r); break;
            case ErpCustomer r: ErpCustomers.Add(r); break;
            case ErpSalesOrder r: ErpSalesOrders.Add(r); break;
            case ErpDocument r: ErpDocuments.Add(r); break;
            case GlEntry r: GlEntries.Add(r); break;
            case ExchangeRate r: ExchangeRates.Add(r); break;
            case PeriodLock r: PeriodLocks.Add(r); break;
            case SyncLogEntry r: SyncLog.Add(r); break;
            case DataverseRecord r: DataverseRecords.Add(r); break;
            case SourceFreshness r: Sources.Add(r); break;
            default: throw new ArgumentException($"unknown record type {record.GetType().Name}", nameof(record));
        }
    }
}
