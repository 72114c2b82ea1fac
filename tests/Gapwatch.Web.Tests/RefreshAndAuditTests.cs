using System.Net;
using System.Text.Json;
using Gapwatch.Files.Workspace;
using Microsoft.Data.Sqlite;

namespace Gapwatch.Web.Tests;

/// <summary>Refresh now (which changes the served snapshot) and the audit log's append-only guarantee, on a server of their own.</summary>
public sealed class RefreshAndAuditTests : IAsyncLifetime
{
    private const string Finance = "finance@alpha.test";
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task RefreshNow_StoresASnapshot_ServesIt_AndIsAudited()
    {
        var (_, before) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", Finance);
        using var response = await server.SendAsync(HttpMethod.Post, "/api/v1/workspaces/alpha/refresh", "operations@alpha.test");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var refreshed = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = refreshed.RootElement.GetProperty("snapshot_id").GetInt64();
        Assert.True(id > before.RootElement.GetProperty("snapshot_id").GetInt64());
        var (_, after) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", Finance);
        Assert.Equal(id, after.RootElement.GetProperty("snapshot_id").GetInt64());
        var (_, audit) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit?limit=5", "admin@alpha.test");
        Assert.Contains(audit.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "refresh"
            && e.GetProperty("actor").GetString() == "operations@alpha.test (token)");
    }

    [Fact]
    public async Task AuditLog_RefusesUpdatesAndDeletes()
    {
        var (_, before) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit?limit=1000", "owner@alpha.test");
        var count = before.RootElement.GetProperty("total").GetInt64();
        Assert.True(count > 0);
        var path = WorkspaceFile.StorePath(TestServer.AlphaDirectory(server.Root));
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            connection.Open();
            foreach (var sql in new[] { "UPDATE audit_log SET actor = 'someone else'", "DELETE FROM audit_log", "DELETE FROM audit_log WHERE id = 1" })
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                var error = Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
                Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
            }
        }

        var (_, after) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit?limit=1000", "owner@alpha.test");
        Assert.Equal(count, after.RootElement.GetProperty("total").GetInt64());
        Assert.DoesNotContain(after.RootElement.GetProperty("entries").EnumerateArray(), e => e.GetProperty("actor").GetString() == "someone else");
    }

    [Fact]
    public async Task Audit_PagesWithATotal()
    {
        var (_, first) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit?limit=3", "admin@alpha.test");
        var (_, second) = await server.GetJsonAsync("/api/v1/workspaces/alpha/audit?limit=3&offset=3", "admin@alpha.test");
        Assert.Equal(3, first.RootElement.GetProperty("entries").GetArrayLength());
        var ids = first.RootElement.GetProperty("entries").EnumerateArray().Concat(second.RootElement.GetProperty("entries").EnumerateArray())
            .Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }
}

/// <summary>A refresh made by another process (gapwatch refresh) is served within seconds, without a restart.</summary>
public sealed class ExternalRefreshTests : IAsyncLifetime
{
    private TestServer server = null!;

    public async Task InitializeAsync() => server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task ASnapshotStoredElsewhere_IsServedAfterTheCheckInterval()
    {
        var (_, before) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        long stored;
        using (var workspace = Workspaces.GapwatchWorkspace.Open(TestServer.AlphaDirectory(server.Root), server.Clock))
        {
            var outcome = workspace.Refresh(workspace.ParseAsOf("2026-04-12"));
            Assert.True(outcome.Succeeded);
            stored = outcome.Snapshot!.Id;
        }

        var (_, soon) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        Assert.Equal(before.RootElement.GetProperty("snapshot_id").GetInt64(), soon.RootElement.GetProperty("snapshot_id").GetInt64());
        server.Clock.Advance(Hosting.ServedWorkspace.ExternalRefreshCheck);
        var (_, later) = await server.GetJsonAsync("/api/v1/workspaces/alpha/cards", "finance@alpha.test");
        Assert.Equal(stored, later.RootElement.GetProperty("snapshot_id").GetInt64());
    }
}
