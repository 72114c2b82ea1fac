using Gapwatch.Cli;
using Gapwatch.Files.Workspace;
using Gapwatch.Model;
using Gapwatch.Store;
using Microsoft.Extensions.Time.Testing;

namespace Gapwatch.Cli.Tests.Commands;

/// <summary>
/// What every storefront's <c>connect</c>/<c>sync</c> CLI test sets up the same way: a scratch
/// workspace initialised through the real command line, the platform's simulator on loopback, and a
/// per-test environment variable for the token (so tests never pass a secret on the command line).
/// </summary>
public abstract class CommerceSyncCommandTest<TSimulator> : IAsyncLifetime
    where TSimulator : class, IAsyncDisposable
{
    protected static readonly DateTimeOffset Day = new(2026, 4, 14, 0, 0, 0, TimeSpan.Zero);

    protected string Scratch { get; } = Directory.CreateTempSubdirectory("gapwatch-commerce-cli-").FullName;

    private protected CliRunner Cli { get; } = new();

    protected string TokenVariable { get; } = "GAPWATCH_TEST_TOKEN_" + Guid.NewGuid().ToString("N");

    protected TSimulator Simulator { get; private set; } = null!;

    protected string Workspace => Path.Combine(Scratch, "acme");

    public async Task InitializeAsync()
    {
        Simulator = await StartSimulatorAsync();
        Assert.Equal(ExitCodes.Ok, Cli.Run("init", Workspace, "--erp", "sage_intacct", "--currency", "USD").ExitCode);
    }

    public async Task DisposeAsync()
    {
        Environment.SetEnvironmentVariable(TokenVariable, null);
        await Simulator.DisposeAsync();
        Directory.Delete(Scratch, recursive: true);
    }

    protected abstract Task<TSimulator> StartSimulatorAsync();

    /// <summary>Runs the CLI with <paramref name="token"/> in <see cref="TokenVariable"/> (unset when null).</summary>
    private protected CliResult RunWithToken(string? token, params string[] args)
    {
        Environment.SetEnvironmentVariable(TokenVariable, token);
        return Cli.Run(args);
    }

    /// <summary>What the workspace's store holds now.</summary>
    protected WorkspaceData StoredData()
    {
        using var store = SqliteWorkspaceStore.Open(WorkspaceFile.StorePath(Workspace), new FakeTimeProvider(Day));
        return store.Load();
    }
}
