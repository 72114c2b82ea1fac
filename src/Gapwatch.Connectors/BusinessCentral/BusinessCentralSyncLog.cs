using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.BusinessCentral;

/// <summary>
/// The integration's own log, from the Shopify Connector's two log pages published as OData web
/// services. A log entry is one request to Shopify: the object it was about is the Shopify global id
/// (<c>gid://shopify/Customer/123</c>) in its URL or request preview; <c>HasError</c> makes it a failed
/// attempt whose message is the response preview, otherwise a created one (the log does not tell a
/// create from an update: verify). A skipped record is a record the connector chose not to sync, with
/// its reason. Rows about anything else (products, inventory) are read and not stored. Each record's id
/// names the company, the page and the entry number, so a card's "sync failed" row points at the log row.
/// </summary>
internal static partial class BusinessCentralSyncLog
{
    private const int MaxMessage = 500;

    public static NodeOutcome LogEntry(JsonElement row, CompanyContext company)
    {
        var entry = BusinessCentralMapper.Text(row, "EntryNo");
        var at = BusinessCentralMapper.Instant(row, "DateAndTime");
        if (entry is null || at is null)
        {
            return NodeOutcome.Reject(entry, $"Shopify log entry {entry ?? "(no EntryNo)"} has no readable EntryNo or DateAndTime");
        }

        var cursor = new SyncCursor(at.Value, entry);
        ShpfyLogEntry? log;
        try
        {
            log = row.Deserialize(BusinessCentralJson.Default.ShpfyLogEntry);
        }
        catch (JsonException e)
        {
            return new NodeOutcome([], cursor, new RejectedRow(entry, $"Shopify log entry {entry} could not be read: {e.Message}"));
        }

        var subject = Subject(log?.Url) ?? Subject(log?.RequestPreview);
        if (log is null || subject is not { } found)
        {
            return new NodeOutcome([], cursor, null);
        }

        var failed = log.HasError == true;
        var message = failed ? Trim(log.ResponsePreview) : null;
        return new NodeOutcome([new SyncLogEntry($"{company.Entity}:ShpfyLogEntries:{entry}", found.Object, found.Reference, at.Value,
            failed ? SyncOutcome.Failed : SyncOutcome.Created, message, at.Value)], cursor, null);
    }

    public static NodeOutcome SkippedRecord(JsonElement row, CompanyContext company)
    {
        var entry = BusinessCentralMapper.Text(row, "EntryNo");
        var at = BusinessCentralMapper.Instant(row, "CreatedOn");
        if (entry is null || at is null)
        {
            return NodeOutcome.Reject(entry, $"Shopify skipped record {entry ?? "(no EntryNo)"} has no readable EntryNo or CreatedOn");
        }

        var cursor = new SyncCursor(at.Value, entry);
        try
        {
            var skipped = row.Deserialize(BusinessCentralJson.Default.ShpfySkippedRecord);
            if (skipped?.ShopifyId is not > 0 || skipped.ShopifyId is not { } shopifyId)
            {
                return new NodeOutcome([], cursor, null);
            }

            var table = skipped.TableName ?? "";
            var order = table.Contains("Order", StringComparison.OrdinalIgnoreCase) || table.Contains("Sales", StringComparison.OrdinalIgnoreCase);
            var company2 = table.Contains("Company", StringComparison.OrdinalIgnoreCase);
            var reference = "shopify:" + (company2 ? "company-" : "") + shopifyId.ToString(CultureInfo.InvariantCulture);
            return new NodeOutcome([new SyncLogEntry($"{company.Entity}:ShpfySkippedRecords:{entry}", order ? SyncObject.Order : SyncObject.Customer, reference, at.Value,
                SyncOutcome.Skipped, Trim(skipped.SkippedReason), at.Value)], cursor, null);
        }
        catch (JsonException e)
        {
            return new NodeOutcome([], cursor, new RejectedRow(entry, $"Shopify skipped record {entry} could not be read: {e.Message}"));
        }
    }

    /// <summary>The Shopify object a request was about: customers and companies are customers (a company as <c>company-{id}</c>, as the Shopify connector keys it), orders are orders.</summary>
    internal static (SyncObject Object, string Reference)? Subject(string? text)
    {
        if (text is null || GlobalId().Match(text) is not { Success: true } match)
        {
            return null;
        }

        var id = match.Groups[2].Value;
        return match.Groups[1].Value switch
        {
            "Order" => (SyncObject.Order, "shopify:" + id),
            "Company" => (SyncObject.Customer, "shopify:company-" + id),
            _ => (SyncObject.Customer, "shopify:" + id),
        };
    }

    private static string? Trim(string? text) => BusinessCentralMapper.Blank(text) is { } t ? (t.Length > MaxMessage ? t[..MaxMessage] + "…" : t) : null;

    [GeneratedRegex(@"gid://shopify/(Customer|Company|Order)/(\d+)")]
    private static partial Regex GlobalId();
}
