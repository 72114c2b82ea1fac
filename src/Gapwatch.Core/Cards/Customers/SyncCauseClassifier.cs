using Gapwatch.Matching;
using Gapwatch.Model;

namespace Gapwatch.Cards.Customers;

/// <summary>A cause of card 4.2 and, for a failed create, the log row that proves it.</summary>
public sealed record SyncCause(string Key, string? Message, string? LogId);

/// <summary>
/// Reads the integration sync log to say why a B2B buyer is absent. First match wins: account
/// merged, a failed latest attempt, sync lagging, then never synced only when no attempt was
/// logged at all (a skipped or unheld create is a failure to fix).
/// </summary>
public sealed class SyncCauseClassifier
{
    private readonly CardContext context;
    private readonly BuyerDirectory directory;
    private readonly Dictionary<string, List<SyncLogEntry>> customerAttempts;
    private readonly DateTimeOffset? lastRun;

    public SyncCauseClassifier(CardContext context, BuyerDirectory directory)
    {
        this.context = context ?? throw new ArgumentNullException(nameof(context));
        this.directory = directory ?? throw new ArgumentNullException(nameof(directory));
        var known = context.Data.SyncLog.Where(e => e.AttemptedAt <= context.AsOf).ToList();
        lastRun = known.Count == 0 ? null : known.Max(e => e.AttemptedAt);
        customerAttempts = known.Where(e => e.Object == SyncObject.Customer)
            .GroupBy(e => NormaliseReference(e.ExternalReference), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.AttemptedAt).ThenBy(e => e.Id, StringComparer.Ordinal).ToList(), StringComparer.Ordinal);
    }

    public SyncCause Classify(AbsentBuyer absent)
    {
        ArgumentNullException.ThrowIfNull(absent);
        if (ReferencesMergedAccount(absent))
        {
            return new SyncCause("account_merged", null, null);
        }

        var latest = LatestAttempt(absent.Buyer);
        if (latest is { Outcome: SyncOutcome.Failed })
        {
            return new SyncCause("sync_failed", latest.Message, latest.Id);
        }

        if (IsLagging(absent.Buyer))
        {
            return new SyncCause("sync_lagging", null, null);
        }

        // An attempt that did not end in a usable record is a failure to fix, not "never synced":
        // the integration skipped it, or reported a create the master does not hold as active.
        return latest switch
        {
            null => new SyncCause("never_synced", null, null),
            { Outcome: SyncOutcome.Skipped } => new SyncCause("sync_failed", "skipped: " + (latest.Message ?? "no reason logged"), latest.Id),
            _ => new SyncCause("sync_failed", $"logged as {latest.Outcome.ToString().ToLowerInvariant()} on {latest.AttemptedAt:yyyy-MM-dd HH:mm} UTC, but no active record in the expected entity", latest.Id),
        };
    }

    public static string Consequence(string cause) => cause switch
    {
        "never_synced" => "no ERP record: the next invoice cannot take a VAT treatment",
        "sync_failed" => "create rejected: orders stranded until the rejection is fixed",
        "sync_lagging" => "expected to clear on the next sync run",
        "account_merged" => "orders point at a retired storefront account",
        _ => "",
    };

    private bool ReferencesMergedAccount(AbsentBuyer absent)
    {
        var labels = context.Labels;
        return absent.Orders.Any(o =>
        {
            var account = context.Input.Orders.CustomerAccount[o];
            return account >= 0 && labels.Accounts[account].MergedIntoId is not null;
        });
    }

    private SyncLogEntry? LatestAttempt(int buyer)
    {
        SyncLogEntry? latest = null;
        foreach (var reference in References(buyer))
        {
            if (!customerAttempts.TryGetValue(reference, out var attempts))
            {
                continue;
            }

            var candidate = attempts[^1];
            if (latest is null || candidate.AttemptedAt > latest.AttemptedAt)
            {
                latest = candidate;
            }
        }

        return latest;
    }

    /// <summary>Created after the integration's last run, or within the sync-lag tolerance of the as-of time.</summary>
    private bool IsLagging(int buyer)
    {
        var created = DateTimeOffset.FromUnixTimeSeconds(context.Input.Buyers.CreatedAt[buyer]);
        var tolerance = TimeSpan.FromMinutes(context.Settings.Tolerances.SyncLagMinutes);
        return (lastRun is { } run && created > run) || created >= context.AsOf - tolerance;
    }

    /// <summary>The references an integration may log a customer under: qualified id, bare id, account reference, email.</summary>
    private IEnumerable<string> References(int buyer)
    {
        foreach (var account in directory.Accounts(buyer))
        {
            yield return NormaliseReference(account.Key);
            yield return NormaliseReference(account.Id);
            if (KeyNormalizer.AccountReference(account.AccountReference) is { } reference)
            {
                yield return NormaliseReference(reference);
            }

            if (KeyNormalizer.Email(account.Email) is { } email)
            {
                yield return email;
            }
        }
    }

    private static string NormaliseReference(string reference) => reference.Trim().ToLowerInvariant();
}
