using System.Globalization;
using System.Text;
using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Files.Workspace;

/// <summary>
/// Writes the field map as a commented YAML file a person can read and diff. Written by hand
/// rather than serialised, so every key carries the sentence that says what it does.
/// </summary>
internal static class WorkspaceFileWriter
{
    public static string Render(WorkspaceSettings s)
    {
        var y = new StringBuilder();
        y.AppendLine("# Gapwatch workspace: one merchant. Credentials never live in this file.");
        y.AppendLine($"name: {Quote(s.Name)}");
        y.AppendLine($"erp: {s.Erp.Key()}                 # sage_intacct | business_central | dynamics_fo");
        y.AppendLine($"platforms: [{string.Join(", ", s.Platforms.Select(p => p.Key()))}]   # shopify | bigcommerce | adobe_commerce");
        y.AppendLine("# ERP entities this workspace posts to (Intacct entities, BC companies, F&O legal entities).");
        y.AppendLine($"entities: [{string.Join(", ", s.Entities.Select(Quote))}]");
        y.AppendLine($"reporting_currency: {s.ReportingCurrency.Code}");
        y.AppendLine($"time_zone: {Quote(s.TimeZone)}          # IANA id; windows and posting days are days in this zone");
        y.AppendLine();
        y.AppendLine("# Match keys, tried in this order per customer type: vat_number | account_reference | email");
        y.AppendLine("match_keys:");
        y.AppendLine($"  b2b: [{string.Join(", ", s.B2bMatchKeys.Select(MatchKeyName))}]");
        y.AppendLine($"  dtc: [{string.Join(", ", s.DtcMatchKeys.Select(MatchKeyName))}]");
        y.AppendLine();
        y.AppendLine("# Which storefront signal marks a customer B2B.");
        y.AppendLine("b2b_rule:");
        y.AppendLine($"  company_account: {Bool(s.B2bRule.CompanyAccount)}");
        y.AppendLine($"  customer_groups: [{string.Join(", ", s.B2bRule.CustomerGroups.Select(Quote))}]");
        y.AppendLine($"  tags: [{string.Join(", ", s.B2bRule.Tags.Select(Quote))}]");
        y.AppendLine();
        AppendRouting(y, s.EntityRouting);
        y.AppendLine();
        y.AppendLine("# ERP customer ids that are generic parking records (for example a 'Web Sales' customer): never a match.");
        y.AppendLine($"holding_customers: [{string.Join(", ", s.HoldingCustomers.Select(Quote))}]");
        y.AppendLine();
        y.AppendLine("# Commerce order tag prefixes that carry ERP dimensions where no ERP document does (tag 'department:200').");
        y.AppendLine("dimensions:");
        y.AppendLine($"  department_tag: {Quote(s.DimensionMap.DepartmentTag)}");
        y.AppendLine($"  location_tag: {Quote(s.DimensionMap.LocationTag)}");
        y.AppendLine($"  project_tag: {Quote(s.DimensionMap.ProjectTag)}");
        y.AppendLine();
        y.AppendLine("tolerances:");
        y.AppendLine($"  sync_lag_minutes: {s.Tolerances.SyncLagMinutes}          # created this recently: lagging, not failed");
        y.AppendLine($"  period_boundary_hours: {s.Tolerances.PeriodBoundaryHours}     # placed this close to the window end may post after it");
        y.AppendLine();
        y.AppendLine("windows:");
        y.AppendLine($"  customer_card_days: {s.Windows.CustomerCardDays}");
        y.AppendLine($"  revenue_gap_days: {s.Windows.RevenueGapDays}");
        y.AppendLine();
        y.AppendLine("# Alert when the figure is above the threshold (the revenue gap alerts on its Unknown reason only).");
        y.AppendLine("thresholds:");
        y.AppendLine($"  customers_absent: {s.Thresholds.CustomersAbsent}");
        y.AppendLine($"  customers_absent_b2b: {(s.Thresholds.CustomersAbsentB2b is { } b2b ? b2b.ToString(CultureInfo.InvariantCulture) : "null")}   # optional separate threshold for the B2B subset");
        y.AppendLine($"  b2b_customers_absent_sync: {s.Thresholds.B2bCustomersAbsentSync}");
        y.AppendLine($"  customers_absent_blocked: {s.Thresholds.CustomersAbsentBlocked}");
        y.AppendLine($"  revenue_gap_unknown: {s.Thresholds.RevenueGapUnknown.ToString(CultureInfo.InvariantCulture)}   # in reporting currency");
        y.AppendLine();
        y.AppendLine("# Minimum score (0-1) of a name + postcode or phone match that flags a suspected duplicate.");
        y.AppendLine($"suspected_duplicate_threshold: {s.SuspectedDuplicateThreshold.ToString(CultureInfo.InvariantCulture)}");
        AppendServe(y, s.Schedule, s.AlertDelivery);
        return y.ToString();
    }

    /// <summary>The server's sections; at their defaults they are written as comments, an example to fill in (docs/alerts.md).</summary>
    private static void AppendServe(StringBuilder y, RefreshSchedule schedule, AlertDeliverySettings alerts)
    {
        y.AppendLine();
        y.AppendLine("# How often 'gapwatch serve' refreshes this workspace, in minutes (1-1440).");
        var every = schedule.EveryMinutes.ToString(CultureInfo.InvariantCulture);
        y.AppendLine(schedule.EveryMinutes == RefreshSchedule.DefaultEveryMinutes ? $"# schedule:\n#   refresh_every_minutes: {every}" : $"schedule:\n  refresh_every_minutes: {every}");
        y.AppendLine();
        y.AppendLine("# Where fired alerts go. secret_env names the environment variable holding the signing secret;");
        y.AppendLine("# the secret itself never goes in this file.");
        if (alerts.Webhooks.Count == 0 && alerts.DashboardUrl is null && !alerts.AllowPrivateTargets)
        {
            y.AppendLine("# alerts:");
            y.AppendLine("#   dashboard_url: https://gapwatch.example.com/");
            y.AppendLine("#   webhooks:");
            y.AppendLine("#     - name: finance-slack");
            y.AppendLine("#       url: https://hooks.slack.com/services/...");
            y.AppendLine("#       secret_env: GAPWATCH_WEBHOOK_FINANCE");
            return;
        }

        y.AppendLine("alerts:");
        if (alerts.DashboardUrl is { } url)
        {
            y.AppendLine($"  dashboard_url: {Quote(url.ToString())}");
        }

        y.AppendLine($"  allow_private_targets: {Bool(alerts.AllowPrivateTargets)}");
        if (alerts.Webhooks.Count == 0)
        {
            y.AppendLine("  webhooks: []");
            return;
        }

        y.AppendLine("  webhooks:");
        foreach (var webhook in alerts.Webhooks)
        {
            y.AppendLine($"    - name: {Quote(webhook.Name)}");
            y.AppendLine($"      url: {Quote(webhook.Url.ToString())}");
            y.AppendLine($"      secret_env: {Quote(webhook.SecretEnvironmentVariable)}");
        }
    }

    private static void AppendRouting(StringBuilder y, EntityRouting r)
    {
        y.AppendLine("# How an order finds its entity: a customer override wins; otherwise the tag rule and the");
        y.AppendLine("# ship-to-country rule each may name one. Two different answers make the order 'ambiguous'.");
        y.AppendLine("entity_routing:");
        y.AppendLine($"  default_entity: {(r.DefaultEntity is null ? "null" : Quote(r.DefaultEntity))}");
        y.AppendLine($"  tag_prefix: {Quote(r.TagPrefix)}");
        AppendMap(y, "by_tag_value", r.ByTagValue);
        AppendMap(y, "by_ship_to_country", r.ByShipToCountry);
        AppendMap(y, "customer_overrides", r.CustomerOverrides);
    }

    private static void AppendMap(StringBuilder y, string key, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            y.AppendLine($"  {key}: {{}}");
            return;
        }

        y.AppendLine($"  {key}:");
        foreach (var (from, to) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            y.AppendLine($"    {Quote(from)}: {Quote(to)}");
        }
    }

    public static string MatchKeyName(MatchKey key) => key switch
    {
        MatchKey.VatNumber => "vat_number",
        MatchKey.AccountReference => "account_reference",
        _ => "email",
    };

    private static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Double-quoted YAML scalar: safe for any text (colons, '#', leading spaces).</summary>
    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
