using System.Globalization;
using System.Text.Json.Nodes;
using Gapwatch.Model;
using Gapwatch.Simulators.DynamicsFo;

namespace Gapwatch.Connectors.Tests.DynamicsFo;

/// <summary>
/// Data-management executions for the simulated F&amp;O environment, and the log entries the
/// connector must make of them. A failed customer import's error names the commerce reference as
/// its RecordId; one execution's answer carries the field trap (an unescaped quote, a line break)
/// and a record nothing can read.
/// </summary>
internal static class DmfFixture
{
    public const string Customers = "CustomersV3";
    public const string Orders = "SalesOrderHeadersV2";
    public const string Field = "CustomerAccount";

    /// <summary>The record of the trap answer that cannot be read: reported, never dropped.</summary>
    public const string Unreadable = "{\"RecordId\":\"UNREADABLE-1\",\"Field\":\"X\" cut off";

    /// <summary>F&amp;O sends whole seconds.</summary>
    public static DateTimeOffset Seconds(DateTimeOffset value) => new(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    public static JsonObject Detail(string job, string entity, DateTimeOffset staged, string stagingStatus = "Finished", string targetStatus = "Finished", long toProcess = 1, long created = 1) => new()
    {
        ["DefinitionGroupId"] = "Commerce " + entity,
        ["JobId"] = job,
        ["EntityName"] = entity,
        ["StagingStatus"] = stagingStatus,
        ["TargetStatus"] = targetStatus,
        ["StagingStartDateTime"] = Instant(staged),
        ["StagingEndDateTime"] = Instant(staged.AddSeconds(20)),
        ["TargetStartDateTime"] = targetStatus == "NotRun" ? "1900-01-01T00:00:00Z" : Instant(staged.AddSeconds(30)),
        ["TargetEndDateTime"] = targetStatus is "NotRun" or "Executing" ? "1900-01-01T00:00:00Z" : Instant(staged.AddSeconds(50)),
        ["StagingRecordsToBeProcessedCount"] = toProcess,
        ["TargetRecordsCreatedCount"] = created,
        ["TargetRecordsUpdatedCount"] = 0,
    };

    /// <summary>
    /// Serves each failed customer create as its own failed import (job <c>IMP-{n}</c>) whose target
    /// started when the create was attempted; the first one's answer is the trap. Returns the
    /// entries a full read must store, in id order.
    /// </summary>
    public static List<SyncLogEntry> ServeFailures(DynamicsFoSimulator fo, IReadOnlyList<SyncLogEntry> failures)
    {
        var expected = new List<SyncLogEntry>();
        for (var i = 0; i < failures.Count; i++)
        {
            var failure = failures[i];
            var job = string.Create(CultureInfo.InvariantCulture, $"IMP-{i + 1:D4}");
            var attempted = Seconds(failure.AttemptedAt);
            var staged = attempted.AddSeconds(-30);
            fo[DynamicsFoSimulator.ExecutionJobDetails].Put(Detail(job, Customers, staged, targetStatus: "Error", created: 0));
            var message = failure.Message ?? "rejected";
            string stored;
            if (i == 0)
            {
                var trap = $"Customer \"{failure.ExternalReference}\" rejected:\r\n{message}";
                fo.PutExecutionErrors(job, $"[{{\"RecordId\":\"{failure.ExternalReference}\",\"Field\":\"{Field}\",\"ErrorMessage\":\"{trap}\"}},{Unreadable}]");
                stored = $"Customer \"{failure.ExternalReference}\" rejected: {message}";
            }
            else
            {
                fo.PutExecutionErrors(job, [(failure.ExternalReference, Field, message)]);
                stored = message;
            }

            expected.Add(new SyncLogEntry($"{job}/{Customers}/{failure.ExternalReference}", SyncObject.Customer, failure.ExternalReference, attempted,
                SyncOutcome.Failed, $"{stored} (field {Field})", staged));
        }

        return [.. expected.OrderBy(e => e.Id, StringComparer.Ordinal)];
    }

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
