using Gapwatch.Files.Workspace;

namespace Gapwatch.Files.Tests.Workspace;

/// <summary>The server's sections of gapwatch.yaml: <c>schedule</c> and <c>alerts</c>.</summary>
public sealed class ServeSettingsReaderTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("gapwatch-serve-yaml-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void Absent_GivesFifteenMinutesAndNoWebhooks()
    {
        var settings = Load("");
        Assert.Equal(15, settings.Schedule.EveryMinutes);
        Assert.Empty(settings.AlertDelivery.Webhooks);
        Assert.False(settings.AlertDelivery.AllowPrivateTargets);
        Assert.Null(settings.AlertDelivery.DashboardUrl);
    }

    [Fact]
    public void Sections_AreRead()
    {
        var settings = Load("""
            schedule:
              refresh_every_minutes: 60
            alerts:
              dashboard_url: https://gapwatch.example.com/
              webhooks:
                - name: finance
                  url: https://hooks.example.com/services/abc
                  secret_env: GAPWATCH_WEBHOOK_FINANCE
            """);
        Assert.Equal(TimeSpan.FromHours(1), settings.Schedule.Interval);
        Assert.Equal(new Uri("https://gapwatch.example.com/"), settings.AlertDelivery.DashboardUrl);
        var webhook = Assert.Single(settings.AlertDelivery.Webhooks);
        Assert.Equal(("finance", "https://hooks.example.com/services/abc", "GAPWATCH_WEBHOOK_FINANCE"), (webhook.Name, webhook.Url.ToString(), webhook.SecretEnvironmentVariable));
    }

    [Fact]
    public void Save_WritesTheSections_AndLoadReadsThemBack()
    {
        WorkspaceFile.Init(directory, new WorkspaceInitOptions { Name = "Acme" });
        var configured = WorkspaceFile.Load(directory) with
        {
            Schedule = new Gapwatch.Workspace.RefreshSchedule { EveryMinutes = 5 },
            AlertDelivery = new Gapwatch.Workspace.AlertDeliverySettings
            {
                DashboardUrl = new Uri("https://gapwatch.example.com/"),
                Webhooks = [new("finance", new Uri("https://hooks.example.com/a"), "GAPWATCH_A")],
            },
        };
        WorkspaceFile.Save(directory, configured);
        var back = WorkspaceFile.Load(directory);
        Assert.Equal(5, back.Schedule.EveryMinutes);
        Assert.Equal(configured.AlertDelivery.DashboardUrl, back.AlertDelivery.DashboardUrl);
        Assert.Equal(configured.AlertDelivery.Webhooks, back.AlertDelivery.Webhooks);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(1440, true)]
    [InlineData(1441, false)]
    public void RefreshEveryMinutes_IsFromOneMinuteToOneDay(int minutes, bool valid)
    {
        var yaml = $"schedule:\n  refresh_every_minutes: {minutes}\n";
        if (valid)
        {
            Assert.Equal(minutes, Load(yaml).Schedule.EveryMinutes);
            return;
        }

        var problems = Assert.Throws<WorkspaceFileException>(() => Load(yaml)).Problems;
        Assert.Contains(problems, p => p.StartsWith($"gapwatch.yaml: schedule.refresh_every_minutes: expected a whole number from 1 to 1440, got '{minutes}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Webhook_Mistakes_AreNamedByKey_AndASecretInTheFileIsRefusedWithoutEchoingIt()
    {
        var problems = Assert.Throws<WorkspaceFileException>(() => Load("""
            alerts:
              webhooks:
                - name: finance
                  url: not a url
                  secret_env: GAPWATCH_A
                - name: ops
                  url: https://hooks.example.com/x
                  secret_env: "s3cr3t-value!"
                - name: ops2
                  url: https://hooks.example.com/y
                  secret: GAPWATCH_B
            """)).Problems;
        Assert.Contains(problems, p => p.StartsWith("gapwatch.yaml: alerts.webhooks[0].url: '(not a URL)' is not an absolute https URL", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("gapwatch.yaml: alerts.webhooks[1].secret_env: expected the NAME of an environment variable", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("gapwatch.yaml: alerts.webhooks[2].secret: unknown key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("gapwatch.yaml: alerts.webhooks[2].secret_env: is required", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("s3cr3t-value", StringComparison.Ordinal));
    }

    private Gapwatch.Workspace.WorkspaceSettings Load(string sections)
    {
        WorkspaceFile.Init(directory, new WorkspaceInitOptions { Name = "Acme" });
        File.AppendAllText(Path.Combine(directory, WorkspaceFile.FileName), "\n" + sections + "\n");
        return WorkspaceFile.Load(directory);
    }
}
