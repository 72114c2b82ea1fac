using Gapwatch.Connectors.BusinessCentral;

namespace Gapwatch.Connectors.Credentials;

/// <summary>
/// Business Central connections in the workspace's connection store. The client secret is the only
/// secret and is encrypted like every other platform's; what is not secret (authority, client id,
/// companies and their entities, the reporting currency, dimension codes, the sync-log web services)
/// rides in clear in the stored address's query string, so the shared store needs no new field.
/// </summary>
public sealed partial class ConnectionStore
{
    public const string BusinessCentralPlatform = "business_central";

    public StoredConnection SaveBusinessCentral(string name, BusinessCentralConnection connection, string reportingCurrency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(reportingCurrency);
        var settings = new List<(string Key, string Value)>
        {
            ("authority", connection.Authority.AbsoluteUri), ("clientId", connection.ClientId), ("reportingCurrency", reportingCurrency),
        };
        settings.AddRange(connection.Companies.Select(c => ("company", $"{c.Name}={c.Entity}")));
        var d = connection.Dimensions;
        settings.Add(("dimensions", $"department={d.Department},location={d.Location},project={d.Project},customer={d.Customer}"));
        if (connection.SyncLog is { } log)
        {
            settings.Add(("syncLog", $"{log.LogEntries},{log.SkippedRecords}"));
        }

        var query = string.Join('&', settings.Select(s => $"{Uri.EscapeDataString(s.Key)}={Uri.EscapeDataString(s.Value)}"));
        return Save(name, BusinessCentralPlatform, $"{connection.ServiceRoot.AbsoluteUri}?{query}", "v2.0", connection.ClientSecret);
    }

    /// <summary>The connection with its client secret decrypted, and the workspace's reporting currency it was connected with.</summary>
    public (BusinessCentralConnection Connection, string ReportingCurrency) OpenBusinessCentral(StoredConnection stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var address = new Uri(stored.Address);
        var segments = address.AbsolutePath.Trim('/').Split('/');
        var settings = address.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Select(p => (Key: Uri.UnescapeDataString(p[0]), Value: p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "")).ToList();
        string? One(string key) => settings.FirstOrDefault(s => s.Key == key).Value;
        if (segments.Length < 5 || segments[0] != "v2.0" || One("authority") is not { } authority || One("clientId") is not { } clientId)
        {
            throw new CredentialException($"the stored address of '{stored.Name}' is not a Business Central connection; run 'gapwatch connect business_central' again");
        }

        var companies = settings.Where(s => s.Key == "company").Select(s => s.Value.Split('=', 2)).Select(p => new BusinessCentralCompany(p[0], p.Length > 1 ? p[1] : p[0])).ToList();
        var host = new Uri(address.GetLeftPart(UriPartial.Authority) + "/");
        var connection = new BusinessCentralConnection(host, new Uri(authority), Uri.UnescapeDataString(segments[1]), Uri.UnescapeDataString(segments[2]), clientId, Reveal(stored), companies)
        {
            Dimensions = Dimensions(One("dimensions")),
            SyncLog = One("syncLog")?.Split(',') is [var log, var skipped] ? new BusinessCentralSyncLogServices(log, skipped) : null,
        };
        return (connection, One("reportingCurrency") ?? "USD");
    }

    /// <summary><c>department=DEPARTMENT,location=AREA,…</c>; a role left empty is not read.</summary>
    internal static BusinessCentralDimensionCodes Dimensions(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return BusinessCentralDimensionCodes.Default;
        }

        var codes = text.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim().Length == 0 ? null : p[1].Trim(), StringComparer.Ordinal);
        string? Code(string role) => codes.TryGetValue(role, out var code) ? code : null;
        return new BusinessCentralDimensionCodes(Code("department"), Code("location"), Code("project"), Code("customer"));
    }

    /// <summary>The dimension codes as <c>connect</c> takes them (<c>--dimension location=AREA</c>), over the defaults; an empty code stops reading that role.</summary>
    public static BusinessCentralDimensionCodes DimensionCodes(IEnumerable<string> assignments)
    {
        ArgumentNullException.ThrowIfNull(assignments);
        var codes = BusinessCentralDimensionCodes.Default;
        foreach (var assignment in assignments)
        {
            var parts = assignment.Split('=', 2);
            var code = parts.Length == 2 && parts[1].Trim().Length > 0 ? parts[1].Trim() : null;
            codes = (parts.Length == 2 ? parts[0].Trim().ToLowerInvariant() : "") switch
            {
                "department" => codes with { Department = code },
                "location" => codes with { Location = code },
                "project" => codes with { Project = code },
                "customer" => codes with { Customer = code },
                _ => throw new ArgumentException($"'{assignment}' is not ROLE=CODE with ROLE one of department, location, project, customer"),
            };
        }

        return codes;
    }
}
