using Gapwatch.Cli;
using Gapwatch.Files.Workspace;
using Gapwatch.Store.Sqlite;
using Gapwatch.Web.Auth;

namespace Gapwatch.Cli.Tests.Commands;

/// <summary><c>gapwatch user add</c>, the audit line of <c>gapwatch connect</c>, and <c>serve</c>'s refusals.</summary>
public sealed class UserCommandTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("gapwatch-user-").FullName;
    private readonly CliRunner cli = new();
    private readonly string passwordVariable = "GAPWATCH_TEST_PASSWORD_" + Guid.NewGuid().ToString("N");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(passwordVariable, null);
        Directory.Delete(scratch, recursive: true);
    }

    [Fact]
    public void UserAdd_WithPasswordFromTheEnvironment_AndAToken_StoresOnlyHashes_AndAudits()
    {
        var workspace = Workspace();
        Environment.SetEnvironmentVariable(passwordVariable, "a password of some length");
        var result = cli.Run("user", "add", "--workspace", workspace, "--email", "Ana@Acme.example", "--role", "finance", "--role", "operations", "--token", "--password-env", passwordVariable);
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var token = result.Output.Split('\n', StringSplitOptions.TrimEntries).Single(l => l.StartsWith(Credentials.TokenPrefix, StringComparison.Ordinal));
        Assert.True(token.Length >= Credentials.TokenPrefix.Length + 43, token);
        using var access = SqliteAccessStore.Open(WorkspaceFile.StorePath(workspace), cli.Clock);
        var user = access.FindUserByEmail("ana@acme.example")!;
        Assert.Equal(["finance", "operations"], user.Roles);
        Assert.True(Credentials.VerifyPassword(user.PasswordHash, "a password of some length"));
        Assert.Equal(user.Id, access.FindUserByTokenHash(Credentials.HashToken(token))!.Id);
        var bytes = File.ReadAllBytes(WorkspaceFile.StorePath(workspace));
        Assert.DoesNotContain(token, System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        var (entries, _) = access.Audit(10, 0);
        Assert.Equal(["token.created", "user.created"], entries.Select(e => e.Action));
    }

    [Fact]
    public void UserAdd_WithoutAPasswordOrToken_IsAUsageError_AndTheDuplicateEmailToo()
    {
        var workspace = Workspace();
        var result = cli.Run("user", "add", "--workspace", workspace, "--email", "ana@acme.example", "--role", "finance", "--password-env", passwordVariable);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("never taken from the command line", result.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, cli.Run("user", "add", "--workspace", workspace, "--email", "ana@acme.example", "--role", "finance", "--token", "--password-env", passwordVariable).ExitCode);
        var again = cli.Run("user", "add", "--workspace", workspace, "--email", "ANA@acme.example", "--role", "owner", "--token", "--password-env", passwordVariable);
        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("boss", "unknown role")]
    [InlineData("finance,cfo", "unknown role")]
    public void UserAdd_UnknownRole_IsAUsageError(string role, string message)
    {
        var result = cli.Run("user", "add", "--workspace", Workspace(), "--email", "ana@acme.example", "--role", role, "--token", "--password-env", passwordVariable);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void UserAdd_ShortPassword_IsRefused()
    {
        Environment.SetEnvironmentVariable(passwordVariable, "short");
        var result = cli.Run("user", "add", "--workspace", Workspace(), "--email", "ana@acme.example", "--role", "finance", "--password-env", passwordVariable);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("12 characters", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_WritesACredentialChangeToTheAuditLog_WithoutTheSecret()
    {
        var workspace = Workspace();
        var variable = "GAPWATCH_TEST_SHOPIFY_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, "shpat_secret_value_for_the_test");
        try
        {
            var result = cli.Run("connect", "shopify", "--address", "http://127.0.0.1:9/", "--workspace", workspace, "--token-env", variable);
            Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        using var access = SqliteAccessStore.Open(WorkspaceFile.StorePath(workspace), cli.Clock);
        var entry = Assert.Single(access.Audit(10, 0).Entries);
        Assert.Equal("credential.changed", entry.Action);
        Assert.Equal("shopify", entry.Subject);
        Assert.DoesNotContain("shpat_secret", entry.Detail ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_MissingWorkspace_IsNotFound()
    {
        var result = cli.Run("serve", "--workspace", Path.Combine(scratch, "nowhere"), "--port", "0");
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
    }

    private string Workspace()
    {
        var workspace = Path.Combine(scratch, "ws-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workspace);
        File.Copy(Path.Combine(CliRunner.RepositoryRoot(), "samples", "seed-002-sage-revenue-gap", WorkspaceFile.FileName), Path.Combine(workspace, WorkspaceFile.FileName));
        return workspace;
    }
}
