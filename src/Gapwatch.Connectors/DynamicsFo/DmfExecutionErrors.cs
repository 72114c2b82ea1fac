using System.Text.Json;
using System.Text.RegularExpressions;
using Gapwatch.Connectors.OData;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;

namespace Gapwatch.Connectors.DynamicsFo;

/// <summary>
/// One data entity whose data-management imports are the commerce integration's log, and the sync
/// object its failed records stand for. <see cref="EntityName"/> is compared as the execution
/// history writes it (verify: it may be the DMF entity name, e.g. <c>Customers V3</c>, rather than
/// the public collection name); spaces and case are ignored when the object is recognised.
/// </summary>
public sealed record DmfLogEntity(string EntityName, SyncObject Object)
{
    /// <summary>The entities a commerce integration imports into: customers and sales order headers.</summary>
    public static IReadOnlyList<DmfLogEntity> Defaults { get; } =
        [new("CustomersV3", SyncObject.Customer), new("SalesOrderHeadersV2", SyncObject.Order)];

    /// <summary>
    /// <c>Name</c> or <c>Name=customer|order</c>. Without the object, names starting with
    /// <c>Customer</c> (or <c>CustCustomer</c>) are customers and <c>SalesOrderHeader</c> orders.
    /// </summary>
    public static DmfLogEntity Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        var parts = spec.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0)
        {
            throw new ArgumentException($"'{spec}': an entity name is needed before '='");
        }

        SyncObject? what = parts.Length == 2
            ? parts[1].ToUpperInvariant() switch
            {
                "CUSTOMER" => SyncObject.Customer,
                "ORDER" => SyncObject.Order,
                _ => throw new ArgumentException($"'{spec}': the object after '=' is 'customer' or 'order'"),
            }
            : Infer(parts[0]);
        return what is { } known
            ? new DmfLogEntity(parts[0], known)
            : throw new ArgumentException($"'{spec}': say which object its records are, e.g. '{parts[0]}=customer' or '{parts[0]}=order'");
    }

    /// <summary>The stored form, read back by <see cref="Parse"/>.</summary>
    public override string ToString() => $"{EntityName}={Object.ToString().ToLowerInvariant()}";

    internal static string Normalise(string name) => name.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    private static SyncObject? Infer(string name) => Normalise(name) switch
    {
        var n when n.StartsWith("CUSTOMER", StringComparison.Ordinal) || n.StartsWith("CUSTCUSTOMER", StringComparison.Ordinal) => SyncObject.Customer,
        var n when n.StartsWith("SALESORDERHEADER", StringComparison.Ordinal) => SyncObject.Order,
        _ => null,
    };
}

/// <summary>
/// The commerce integration's failures as Finance &amp; Operations keeps them: the data-management
/// (DMF) execution history. <c>DataManagementExecutionJobDetails</c> is paged by staging start time
/// for the configured entities; for each execution with an entity in Error or Canceled, or with
/// fewer records created and updated than staged, <c>GetExecutionErrors</c> is called once per page
/// and each failed record becomes a <see cref="SyncLogEntry"/> with outcome Failed and the id
/// <c>{JobId}/{EntityName}/{RecordId}</c>, stable across re-reads (a re-read replaces, never
/// duplicates). Live dual-write failures are rolled back and never stored as rows; initial-sync and
/// catch-up runs go through DMF, so their errors are here (see docs/connectors.md).
/// </summary>
internal sealed class DmfExecutionErrors
{
    public const string StreamName = "dmf_execution_errors";
    public const string DetailsEntitySet = "DataManagementExecutionJobDetails";
    public const string ErrorsAction = "DataManagementDefinitionGroups/Microsoft.Dynamics.DataEntities.GetExecutionErrors";

    public const string Select =
        "DefinitionGroupId,JobId,EntityName,StagingStatus,TargetStatus,StagingStartDateTime,TargetStartDateTime,StagingRecordsToBeProcessedCount,TargetRecordsCreatedCount,TargetRecordsUpdatedCount";

    public const string OrderBy = "StagingStartDateTime,JobId,EntityName";

    private static readonly DateOnly NullDate = new(1900, 1, 1);

    private readonly IReadOnlyList<DmfLogEntity> entities;
    private readonly Regex? reference;
    private readonly TimeSpan reReadWindow;

    public DmfExecutionErrors(IReadOnlyList<DmfLogEntity> entities, string? referencePattern, TimeSpan reReadWindow)
    {
        this.entities = entities;
        reference = Reference(referencePattern);
        this.reReadWindow = reReadWindow;
    }

    /// <summary>
    /// The pattern that finds the commerce reference in an ErrorMessage (named group <c>ref</c>);
    /// null when none is set. An invalid pattern, or one without the group, is refused here.
    /// </summary>
    public static Regex? Reference(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return null;
        }

        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"the reference pattern is not a valid regular expression: {e.Message}", nameof(pattern), e);
        }

        return regex.GetGroupNames().Contains("ref", StringComparer.Ordinal)
            ? regex
            : throw new ArgumentException("the reference pattern needs a named group 'ref', e.g. Customer account '(?<ref>[^']+)'", nameof(pattern));
    }

    /// <summary>
    /// The run's window on staging start, reaching <see cref="reReadWindow"/> further back than the
    /// checkpoint: an execution still running when it was last read is read again once it ended.
    /// The re-read rows do not move the cursor, so a window holding more pages than the syncer's
    /// pages per query stops the stream with its "raise the page limit" error rather than looping.
    /// </summary>
    public string Filter(PageRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ODataQuery.And(
            request.UpdatedFrom is { } from ? $"StagingStartDateTime ge {ODataQuery.Instant(from - reReadWindow)}" : null,
            $"StagingStartDateTime le {ODataQuery.Instant(request.UpdatedTo)}",
            ODataQuery.AnyOf("EntityName", entities.Select(e => ODataQuery.Text(e.EntityName))))!;
    }

    /// <summary>The action's body: <c>{"executionId":"…"}</c>, escaped as JSON.</summary>
    public static string ErrorsRequest(string jobId) =>
        "{\"executionId\":" + JsonSerializer.Serialize(jobId, DynamicsFoJson.Default.String) + "}";

    /// <summary>
    /// One page of execution details to outcomes: every detail moves the keyset cursor (its staging
    /// start, <c>JobId/EntityName</c>); a failed one brings its records' errors, fetched once per
    /// JobId with <paramref name="errorsOf"/>; a record that cannot be read is refused with an excerpt.
    /// </summary>
    public async Task<IReadOnlyList<ODataRowOutcome>> MapAsync(
        IReadOnlyList<FoExecutionJobDetailRow> rows, Func<string, CancellationToken, Task<string?>> errorsOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(errorsOf);
        var outcomes = new List<ODataRowOutcome>();
        var failed = new Dictionary<string, List<FailedDetail>>(StringComparer.OrdinalIgnoreCase);
        var jobs = new List<string>();
        foreach (var row in rows)
        {
            if (string.IsNullOrWhiteSpace(row.JobId) || string.IsNullOrWhiteSpace(row.EntityName) || Instant(row.StagingStartDateTime) is not { } started)
            {
                outcomes.Add(ODataRowOutcome.Refused(row.JobId, "DataManagementExecutionJobDetails row without JobId, EntityName or StagingStartDateTime"));
                continue;
            }

            var key = $"{row.JobId}/{row.EntityName}";
            var entity = Entity(row.EntityName);
            if (entity is null || !Failed(row))
            {
                // Read and passed: an entity not configured (the filter should not send it) or an execution without failures.
                outcomes.Add(new ODataRowOutcome([], started, key, null));
                continue;
            }

            if (!failed.TryGetValue(row.JobId, out var details))
            {
                failed[row.JobId] = details = [];
                jobs.Add(row.JobId);
            }

            details.Add(new FailedDetail(row, entity, started, Instant(row.TargetStartDateTime) ?? started, key));
        }

        foreach (var job in jobs)
        {
            var text = await errorsOf(job, cancellationToken).ConfigureAwait(false);
            outcomes.AddRange(Outcomes(job, failed[job], DmfExecutionErrorReader.Read(text)));
        }

        return outcomes;
    }

    /// <summary>
    /// The execution's errors as log entries. GetExecutionErrors does not name the entity of an
    /// error: they belong to the execution's one failed entity, or, when several failed, to the
    /// first configured one (customers before orders: a missing customer is what strands orders),
    /// with the others named in the message (verify against a real multi-entity project).
    /// </summary>
    private IEnumerable<ODataRowOutcome> Outcomes(string job, List<FailedDetail> details, DmfExecutionErrorList errors)
    {
        var ordered = details.OrderBy(d => IndexOf(d.Entity)).ToList();
        var owner = ordered[0];
        var others = ordered.Count > 1 ? $" [execution {job} also failed for {string.Join(", ", ordered.Skip(1).Select(d => d.Row.EntityName))}; the errors do not name their entity]" : "";
        var records = new List<ISourceRecord>();
        var refused = new List<ODataRowOutcome>();
        foreach (var record in errors.Items.GroupBy(e => Text(e.RecordId) ?? "", StringComparer.Ordinal))
        {
            var messages = record.Select(Message).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            var reference = record.Select(e => FromMessage(e.ErrorMessage)).FirstOrDefault(r => r is not null) ?? Text(record.Key);
            if (reference is null)
            {
                refused.Add(ODataRowOutcome.Refused(owner.Key, $"execution {job} {owner.Row.EntityName}: an error without RecordId and no reference in its message: {string.Join("; ", messages)}"));
                continue;
            }

            var id = $"{job}/{owner.Row.EntityName}/{(record.Key.Length > 0 ? record.Key : reference)}";
            records.Add(new SyncLogEntry(id, owner.Entity.Object, reference, owner.Attempted, SyncOutcome.Failed,
                messages.Count == 0 ? null : string.Join("; ", messages) + others, owner.Started));
        }

        refused.AddRange(errors.Unreadable.Select(excerpt =>
            ODataRowOutcome.Refused(owner.Key, $"execution {job} {owner.Row.EntityName}: GetExecutionErrors returned a record that could not be read: {excerpt}")));
        if (records.Count == 0 && refused.Count == 0)
        {
            refused.Add(ODataRowOutcome.Refused(owner.Key,
                $"execution {job} {owner.Row.EntityName}: staging {owner.Row.StagingStatus}, target {owner.Row.TargetStatus}, but GetExecutionErrors listed no record; see the execution log in Data management"));
        }

        yield return new ODataRowOutcome(records, owner.Started, owner.Key, null);
        foreach (var other in ordered.Skip(1))
        {
            yield return new ODataRowOutcome([], other.Started, other.Key, null);
        }

        foreach (var refusal in refused)
        {
            yield return refusal;
        }
    }

    /// <summary>
    /// Error or Canceled in staging or target, or (once both steps have settled) fewer records
    /// created and updated than staged. An execution still running is read again within the
    /// re-read window. The values are the <c>DMFBatchJobStatus</c> enum of the F&amp;O metadata.
    /// </summary>
    private static bool Failed(FoExecutionJobDetailRow row)
    {
        if (Is(row.StagingStatus, "Error") || Is(row.StagingStatus, "Canceled") || Is(row.TargetStatus, "Error") || Is(row.TargetStatus, "Canceled"))
        {
            return true;
        }

        if (Unsettled(row.StagingStatus) || Unsettled(row.TargetStatus))
        {
            return false;
        }

        var staged = row.StagingRecordsToBeProcessedCount ?? 0;
        return staged > 0 && staged > (row.TargetRecordsCreatedCount ?? 0) + (row.TargetRecordsUpdatedCount ?? 0);
    }

    /// <summary>A step that has not finished yet: its counts are not final.</summary>
    private static bool Unsettled(string? status) =>
        Is(status, "NotStarted") || Is(status, "Waiting") || Is(status, "Executing") || Is(status, "Ready") || Is(status, "Cancelling") || Is(status, "Hold");

    private string? FromMessage(string? message) =>
        reference is not null && message is not null && reference.Match(message) is { Success: true } match && match.Groups["ref"].Value.Trim() is { Length: > 0 } found
            ? found
            : null;

    /// <summary>The error's message on one line, with the field it names.</summary>
    private static string Message(FoExecutionErrorItem error)
    {
        var text = string.Join(' ', (error.ErrorMessage ?? "").Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return Text(error.Field) is { } field && text.Length > 0 ? $"{text} (field {field})" : text;
    }

    private DmfLogEntity? Entity(string name)
    {
        var normalised = DmfLogEntity.Normalise(name);
        return entities.FirstOrDefault(e => DmfLogEntity.Normalise(e.EntityName) == normalised);
    }

    private int IndexOf(DmfLogEntity entity)
    {
        var index = entities.Count;
        for (var i = 0; i < entities.Count; i++)
        {
            if (entities[i] == entity)
            {
                index = i;
                break;
            }
        }

        // Customers first whatever the configured order, then the configured order.
        return (entity.Object == SyncObject.Customer ? 0 : 1_000) + index;
    }

    private static bool Is(string? status, string value) => string.Equals(status?.Trim(), value, StringComparison.OrdinalIgnoreCase);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>F&amp;O writes an empty date-time as <c>1900-01-01</c>: no time.</summary>
    private static DateTimeOffset? Instant(DateTimeOffset? value) => value is { } v && DateOnly.FromDateTime(v.UtcDateTime) != NullDate ? v.ToUniversalTime() : null;

    private sealed record FailedDetail(FoExecutionJobDetailRow Row, DmfLogEntity Entity, DateTimeOffset Started, DateTimeOffset Attempted, string Key);
}
