using Gapwatch.Workspace;
using YamlDotNet.RepresentationModel;

namespace Gapwatch.Files.Workspace;

/// <summary>
/// Reads the server's sections of <c>gapwatch.yaml</c>: <c>schedule</c> (how often to refresh) and
/// <c>alerts</c> (webhooks and the dashboard URL alerts link to). A webhook names the environment
/// variable holding its secret; a key that looks like a secret in the file is refused.
/// </summary>
internal static class ServeSettingsReader
{
    private static readonly string[] WebhookKeys = ["name", "url", "secret_env"];

    public static RefreshSchedule Schedule(YamlFields y, YamlMappingNode root, RefreshSchedule defaults)
    {
        var section = y.Mapping(root, "", "schedule", ["refresh_every_minutes"]);
        return section is null ? defaults : defaults with
        {
            EveryMinutes = y.WholeNumber(section, "schedule", "refresh_every_minutes", RefreshSchedule.MinimumEveryMinutes, RefreshSchedule.MaximumEveryMinutes)
                ?? defaults.EveryMinutes,
        };
    }

    public static AlertDeliverySettings AlertDelivery(YamlFields y, YamlMappingNode root, List<string> problems, AlertDeliverySettings defaults)
    {
        var section = y.Mapping(root, "", "alerts", ["dashboard_url", "allow_private_targets", "webhooks"]);
        if (section is null)
        {
            return defaults;
        }

        var dashboard = y.Text(section, "alerts", "dashboard_url");
        Uri? dashboardUrl = null;
        if (dashboard is not null && !(Uri.TryCreate(dashboard, UriKind.Absolute, out dashboardUrl) && dashboardUrl.Scheme is "https" or "http"))
        {
            problems.Add($"{WorkspaceFile.FileName}: alerts.dashboard_url: '{dashboard}' is not an absolute http(s) URL (for example https://gapwatch.example.com/)");
            dashboardUrl = null;
        }

        return new AlertDeliverySettings
        {
            DashboardUrl = dashboardUrl,
            AllowPrivateTargets = y.Bool(section, "alerts", "allow_private_targets") ?? defaults.AllowPrivateTargets,
            Webhooks = Webhooks(y, section, problems),
        };
    }

    private static List<WebhookTarget> Webhooks(YamlFields y, YamlMappingNode section, List<string> problems)
    {
        if (!section.Children.TryGetValue(new YamlScalarNode("webhooks"), out var node))
        {
            return [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            y.Problem(node, "alerts.webhooks", "expected a list of webhooks (each: name, url, secret_env)", null);
            return [];
        }

        var webhooks = new List<WebhookTarget>();
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var path = $"alerts.webhooks[{i}]";
            if (sequence.Children[i] is not YamlMappingNode item)
            {
                y.Problem(sequence.Children[i], path, "expected a mapping with name, url and secret_env", null);
                continue;
            }

            y.UnknownKeys(item, path, WebhookKeys);
            var name = y.Text(item, path, "name", required: true);
            var url = y.Text(item, path, "url", required: true);
            var secretEnv = y.Text(item, path, "secret_env", required: true);
            if (url is not null && !(Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "https" or "http"))
            {
                problems.Add($"{WorkspaceFile.FileName}: {path}.url: '{Redact(url)}' is not an absolute https URL");
                continue;
            }

            if (secretEnv is not null && !IsEnvironmentVariableName(secretEnv))
            {
                problems.Add($"{WorkspaceFile.FileName}: {path}.secret_env: expected the NAME of an environment variable (letters, digits, '_'), not the secret itself");
                continue;
            }

            if (name is not null && webhooks.Any(w => w.Name == name))
            {
                problems.Add($"{WorkspaceFile.FileName}: {path}.name: '{name}' is used by another webhook; names must be unique");
                continue;
            }

            if (name is not null && url is not null && secretEnv is not null)
            {
                webhooks.Add(new WebhookTarget(name, new Uri(url), secretEnv));
            }
        }

        return webhooks;
    }

    private static bool IsEnvironmentVariableName(string text) =>
        text.Length is > 0 and <= 128 && !char.IsAsciiDigit(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>Webhook URLs often carry a token in their path; an error shows only scheme and host.</summary>
    private static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? $"{parsed.Scheme}://{parsed.Host}/…" : "(not a URL)";
}
