using System.Globalization;
using Gapwatch.Model;

namespace Gapwatch.Files.Import;

/// <summary>Canonical text of each value type in the import format, and the enum vocabularies.</summary>
internal static class Formats
{
    public static readonly IReadOnlyDictionary<string, CommerceOrderStatus> OrderStatus = Map(
        ("open", CommerceOrderStatus.Open), ("fulfilled", CommerceOrderStatus.Fulfilled), ("cancelled", CommerceOrderStatus.Cancelled), ("draft", CommerceOrderStatus.Draft));

    public static readonly IReadOnlyDictionary<string, ErpCustomerStatus> CustomerStatus = Map(
        ("active", ErpCustomerStatus.Active), ("inactive", ErpCustomerStatus.Inactive));

    public static readonly IReadOnlyDictionary<string, ErpOrderStatus> ErpOrderStatuses = Map(
        ("open", Model.ErpOrderStatus.Open), ("released", Model.ErpOrderStatus.Released), ("shipped", Model.ErpOrderStatus.Shipped),
        ("invoiced", Model.ErpOrderStatus.Invoiced), ("cancelled", Model.ErpOrderStatus.Cancelled));

    public static readonly IReadOnlyDictionary<string, ErpDocumentKind> DocumentKind = Map(
        ("invoice", ErpDocumentKind.Invoice), ("credit_memo", ErpDocumentKind.CreditMemo));

    public static readonly IReadOnlyDictionary<string, ExchangeRateKind> RateKind = Map(
        ("period_average", ExchangeRateKind.PeriodAverage), ("spot", ExchangeRateKind.Spot));

    public static readonly IReadOnlyDictionary<string, SyncObject> SyncObjects = Map(
        ("customer", Model.SyncObject.Customer), ("order", Model.SyncObject.Order));

    public static readonly IReadOnlyDictionary<string, SyncOutcome> SyncOutcomes = Map(
        ("created", Model.SyncOutcome.Created), ("updated", Model.SyncOutcome.Updated), ("skipped", Model.SyncOutcome.Skipped), ("failed", Model.SyncOutcome.Failed));

    public static string Name<T>(IReadOnlyDictionary<string, T> map, T value)
        where T : struct => map.First(pair => EqualityComparer<T>.Default.Equals(pair.Value, value)).Key;

    public static string Decimal(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Timestamp(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    public static string? Timestamp(DateTimeOffset? value) => value is { } v ? Timestamp(v) : null;

    public static string Date(DateOnly value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string List(IReadOnlyList<string> values) => string.Join(';', values);

    private static Dictionary<string, T> Map<T>(params (string Key, T Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
