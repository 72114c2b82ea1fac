using Gapwatch.Model;
using Gapwatch.Workspace;
using YamlDotNet.RepresentationModel;

namespace Gapwatch.Files.Workspace;

/// <summary>Builds <see cref="WorkspaceSettings"/> from the YAML tree; what is absent keeps its default.</summary>
internal static class WorkspaceSettingsReader
{
    private static readonly Dictionary<string, MatchKey> MatchKeys = new(StringComparer.Ordinal)
    {
        ["vat_number"] = MatchKey.VatNumber, ["account_reference"] = MatchKey.AccountReference, ["email"] = MatchKey.Email,
    };

    public static WorkspaceSettings? Read(YamlFields y, YamlMappingNode root, List<string> problems)
    {
        y.UnknownKeys(root, "", WorkspaceFile.AllowedTopKeys);
        var name = y.Text(root, "", "name", required: true) ?? "";
        var erp = Erp(y, root, problems);
        var currency = ReportingCurrency(y, root, problems);
        var entities = y.List(root, "", "entities") ?? [];
        var defaults = new WorkspaceSettings { Name = name, Erp = erp, ReportingCurrency = currency };
        var settings = defaults with
        {
            Platforms = Platforms(y, root, problems) ?? defaults.Platforms,
            Entities = entities,
            TimeZone = TimeZone(y, root, problems) ?? defaults.TimeZone,
            B2bMatchKeys = Keys(y, root, "b2b", problems) ?? defaults.B2bMatchKeys,
            DtcMatchKeys = Keys(y, root, "dtc", problems) ?? defaults.DtcMatchKeys,
            B2bRule = B2bRule(y, root, defaults.B2bRule),
            EntityRouting = Routing(y, root, entities, problems, defaults.EntityRouting),
            HoldingCustomers = y.List(root, "", "holding_customers") ?? defaults.HoldingCustomers,
            DimensionMap = Dimensions(y, root, defaults.DimensionMap),
            Tolerances = Tolerances(y, root, defaults.Tolerances),
            Windows = Windows(y, root, defaults.Windows),
            Thresholds = Thresholds(y, root, defaults.Thresholds),
            SuspectedDuplicateThreshold = y.Fraction(root, "", "suspected_duplicate_threshold") ?? defaults.SuspectedDuplicateThreshold,
            Schedule = ServeSettingsReader.Schedule(y, root, defaults.Schedule),
            AlertDelivery = ServeSettingsReader.AlertDelivery(y, root, problems, defaults.AlertDelivery),
        };
        return problems.Count == 0 ? settings : null;
    }

    private static ErpKind Erp(YamlFields y, YamlMappingNode root, List<string> problems)
    {
        var text = y.Text(root, "", "erp", required: true);
        if (text is not null && !SystemKeys.TryParseErp(text, out _))
        {
            problems.Add($"gapwatch.yaml: erp: '{text}' is not an ERP (allowed: {string.Join(", ", SystemKeys.ErpKeys)})");
        }

        return SystemKeys.TryParseErp(text, out var erp) ? erp : ErpKind.SageIntacct;
    }

    private static Currency ReportingCurrency(YamlFields y, YamlMappingNode root, List<string> problems)
    {
        var text = y.Text(root, "", "reporting_currency", required: true);
        if (Currency.TryParse(text, out var currency))
        {
            return currency;
        }

        if (text is not null)
        {
            problems.Add($"gapwatch.yaml: reporting_currency: '{text}' is not a supported ISO 4217 currency code (for example USD, EUR, GBP)");
        }

        return Currency.Of("USD");
    }

    private static string? TimeZone(YamlFields y, YamlMappingNode root, List<string> problems)
    {
        var text = y.Text(root, "", "time_zone");
        if (text is null)
        {
            return null;
        }

        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(text);
            return text;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            problems.Add($"gapwatch.yaml: time_zone: '{text}' is not an IANA time zone (for example Europe/London, America/New_York, UTC)");
            return null;
        }
    }

    private static List<Platform>? Platforms(YamlFields y, YamlMappingNode root, List<string> problems)
    {
        var list = y.List(root, "", "platforms");
        if (list is null)
        {
            return null;
        }

        var platforms = new List<Platform>();
        foreach (var item in list)
        {
            if (SystemKeys.TryParsePlatform(item, out var platform))
            {
                platforms.Add(platform);
            }
            else
            {
                problems.Add($"gapwatch.yaml: platforms: '{item}' is not a platform (allowed: {string.Join(", ", SystemKeys.PlatformKeys)})");
            }
        }

        return platforms;
    }

    private static List<MatchKey>? Keys(YamlFields y, YamlMappingNode root, string type, List<string> problems)
    {
        var section = y.Mapping(root, "", "match_keys", ["b2b", "dtc"]);
        var list = section is null ? null : y.List(section, "match_keys", type);
        if (list is null)
        {
            return null;
        }

        var unknown = list.Where(k => !MatchKeys.ContainsKey(k)).ToList();
        foreach (var key in unknown)
        {
            problems.Add($"gapwatch.yaml: match_keys.{type}: '{key}' is not a match key (allowed: vat_number, account_reference, email)");
        }

        if (list.Count == 0)
        {
            problems.Add($"gapwatch.yaml: match_keys.{type}: expected at least one key");
        }

        return [.. list.Where(MatchKeys.ContainsKey).Select(k => MatchKeys[k])];
    }

    private static B2bRule B2bRule(YamlFields y, YamlMappingNode root, B2bRule defaults)
    {
        var section = y.Mapping(root, "", "b2b_rule", ["company_account", "customer_groups", "tags"]);
        return section is null ? defaults : new B2bRule
        {
            CompanyAccount = y.Bool(section, "b2b_rule", "company_account") ?? defaults.CompanyAccount,
            CustomerGroups = y.List(section, "b2b_rule", "customer_groups") ?? defaults.CustomerGroups,
            Tags = y.List(section, "b2b_rule", "tags") ?? defaults.Tags,
        };
    }

    private static EntityRouting Routing(YamlFields y, YamlMappingNode root, IReadOnlyList<string> entities, List<string> problems, EntityRouting defaults)
    {
        var section = y.Mapping(root, "", "entity_routing", ["default_entity", "tag_prefix", "by_tag_value", "by_ship_to_country", "customer_overrides"]);
        if (section is null)
        {
            return defaults;
        }

        var routing = new EntityRouting
        {
            DefaultEntity = y.Text(section, "entity_routing", "default_entity"),
            TagPrefix = y.Text(section, "entity_routing", "tag_prefix") ?? defaults.TagPrefix,
            ByTagValue = y.Map(section, "entity_routing", "by_tag_value") ?? defaults.ByTagValue,
            ByShipToCountry = y.Map(section, "entity_routing", "by_ship_to_country") ?? defaults.ByShipToCountry,
            CustomerOverrides = y.Map(section, "entity_routing", "customer_overrides") ?? defaults.CustomerOverrides,
        };
        CheckTargets(routing, entities, problems);
        return routing;
    }

    /// <summary>Every entity the routing names must be one of the workspace's entities.</summary>
    private static void CheckTargets(EntityRouting routing, IReadOnlyList<string> entities, List<string> problems)
    {
        var known = $"(the entities are: {string.Join(", ", entities)})";
        if (routing.DefaultEntity is { } d && !entities.Contains(d))
        {
            problems.Add($"gapwatch.yaml: entity_routing.default_entity: '{d}' is not one of the entities {known}");
        }

        foreach (var (section, map) in new[] { ("by_tag_value", routing.ByTagValue), ("by_ship_to_country", routing.ByShipToCountry), ("customer_overrides", routing.CustomerOverrides) })
        {
            foreach (var (from, to) in map.Where(p => !entities.Contains(p.Value)))
            {
                problems.Add($"gapwatch.yaml: entity_routing.{section}.{from}: '{to}' is not one of the entities {known}");
            }
        }
    }

    private static DimensionMap Dimensions(YamlFields y, YamlMappingNode root, DimensionMap defaults)
    {
        var section = y.Mapping(root, "", "dimensions", ["department_tag", "location_tag", "project_tag"]);
        return section is null ? defaults : new DimensionMap
        {
            DepartmentTag = y.Text(section, "dimensions", "department_tag") ?? defaults.DepartmentTag,
            LocationTag = y.Text(section, "dimensions", "location_tag") ?? defaults.LocationTag,
            ProjectTag = y.Text(section, "dimensions", "project_tag") ?? defaults.ProjectTag,
        };
    }

    private static Tolerances Tolerances(YamlFields y, YamlMappingNode root, Tolerances defaults)
    {
        var section = y.Mapping(root, "", "tolerances", ["sync_lag_minutes", "period_boundary_hours"]);
        return section is null ? defaults : new Tolerances
        {
            SyncLagMinutes = y.WholeNumber(section, "tolerances", "sync_lag_minutes", 0, 10_080) ?? defaults.SyncLagMinutes,
            PeriodBoundaryHours = y.WholeNumber(section, "tolerances", "period_boundary_hours", 0, 720) ?? defaults.PeriodBoundaryHours,
        };
    }

    private static CardWindows Windows(YamlFields y, YamlMappingNode root, CardWindows defaults)
    {
        var section = y.Mapping(root, "", "windows", ["customer_card_days", "revenue_gap_days"]);
        return section is null ? defaults : new CardWindows
        {
            CustomerCardDays = y.WholeNumber(section, "windows", "customer_card_days", 1, 366) ?? defaults.CustomerCardDays,
            RevenueGapDays = y.WholeNumber(section, "windows", "revenue_gap_days", 1, 366) ?? defaults.RevenueGapDays,
        };
    }

    private static AlertThresholds Thresholds(YamlFields y, YamlMappingNode root, AlertThresholds defaults)
    {
        var section = y.Mapping(root, "", "thresholds",
            ["customers_absent", "customers_absent_b2b", "b2b_customers_absent_sync", "customers_absent_blocked", "revenue_gap_unknown"]);
        return section is null ? defaults : new AlertThresholds
        {
            CustomersAbsent = y.WholeNumber(section, "thresholds", "customers_absent", 0, 1_000_000) ?? defaults.CustomersAbsent,
            CustomersAbsentB2b = y.WholeNumber(section, "thresholds", "customers_absent_b2b", 0, 1_000_000, nullable: true),
            B2bCustomersAbsentSync = y.WholeNumber(section, "thresholds", "b2b_customers_absent_sync", 0, 1_000_000) ?? defaults.B2bCustomersAbsentSync,
            CustomersAbsentBlocked = y.WholeNumber(section, "thresholds", "customers_absent_blocked", 0, 1_000_000) ?? defaults.CustomersAbsentBlocked,
            RevenueGapUnknown = y.Amount(section, "thresholds", "revenue_gap_unknown") ?? defaults.RevenueGapUnknown,
        };
    }
}
