using System.Text.Json;
using Gapwatch.Model;

namespace Gapwatch.Store.Sqlite;

/// <summary>Which record type each stored kind holds.</summary>
internal static class RecordTypes
{
    private static readonly Dictionary<string, Type> ByKind = new(StringComparer.Ordinal)
    {
        [RecordKinds.CommerceCustomer] = typeof(CommerceCustomer),
        [RecordKinds.CommerceOrder] = typeof(CommerceOrder),
        [RecordKinds.CommerceRefund] = typeof(CommerceRefund),
        [RecordKinds.ErpCustomer] = typeof(ErpCustomer),
        [RecordKinds.ErpSalesOrder] = typeof(ErpSalesOrder),
        [RecordKinds.ErpDocument] = typeof(ErpDocument),
        [RecordKinds.GlEntry] = typeof(GlEntry),
        [RecordKinds.ExchangeRate] = typeof(ExchangeRate),
        [RecordKinds.PeriodLock] = typeof(PeriodLock),
        [RecordKinds.SyncLog] = typeof(SyncLogEntry),
        [RecordKinds.DataverseRecord] = typeof(DataverseRecord),
        [RecordKinds.SourceFreshness] = typeof(SourceFreshness),
    };

    public static ISourceRecord Deserialize(string kind, string payload)
    {
        if (!ByKind.TryGetValue(kind, out var type))
        {
            throw new InvalidDataException($"the store holds records of unknown kind '{kind}'");
        }

        return (ISourceRecord)(JsonSerializer.Deserialize(payload, type, GapwatchJson.Options)
            ?? throw new InvalidDataException($"a stored {kind} record is empty"));
    }
}
