using Gapwatch.Files.Workspace;

namespace Gapwatch.Web.Tests.Alerts;

/// <summary>Edits a test workspace's gapwatch.yaml: thresholds that make every card fire (or none), and the alerts section.</summary>
internal static class AlertWorkspaces
{
    public static void Configure(string directory, bool everythingFires, string? alertsYaml)
    {
        var settings = WorkspaceFile.Load(directory);
        var thresholds = everythingFires
            ? new Gapwatch.Workspace.AlertThresholds { CustomersAbsent = 0, B2bCustomersAbsentSync = 0, CustomersAbsentBlocked = 0, RevenueGapUnknown = 0m }
            : new Gapwatch.Workspace.AlertThresholds { CustomersAbsent = 1_000_000, B2bCustomersAbsentSync = 1_000_000, CustomersAbsentBlocked = 1_000_000, RevenueGapUnknown = 999_999_999m };
        WorkspaceFile.Save(directory, settings with { Thresholds = thresholds, AlertDelivery = new() });
        if (alertsYaml is not null)
        {
            File.AppendAllText(Path.Combine(directory, WorkspaceFile.FileName), "\n" + alertsYaml);
        }
    }

    public static string Webhook(Uri receiver, string path = "hooks/finance", bool allowPrivate = true) => $"""
        alerts:
          dashboard_url: https://gapwatch.example.com/
          allow_private_targets: {(allowPrivate ? "true" : "false")}
          webhooks:
            - name: finance
              url: {new Uri(receiver, path)}
              secret_env: GAPWATCH_TEST_WEBHOOK_SECRET
        """;
}
