using System.Diagnostics;

namespace Gapwatch.Cli.Tests.Commands;

/// <summary>
/// What every platform's and ERP's CLI connect/sync tests check the same way: a stored secret is
/// nowhere in the workspace's files or the output, a refused credential is "needs re-authentication"
/// with exit 7 and without the secret, and the stored connections file.
/// </summary>
internal static class CliConnections
{
    /// <summary>The text of <c>.gapwatch/connections.json</c>.</summary>
    public static string Stored(string workspace) => File.ReadAllText(Path.Combine(workspace, ".gapwatch", "connections.json"));

    /// <summary><paramref name="secret"/> is in no file of the workspace (the store's database aside) nor in any output or error of <paramref name="results"/>.</summary>
    public static void AssertSecretAbsent(string workspace, string secret, params CliResult[] results)
    {
        var everything = string.Join('\n', Directory.EnumerateFiles(workspace, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".db", StringComparison.Ordinal) && !f.Contains(".db-", StringComparison.Ordinal)).Select(File.ReadAllText));
        Assert.DoesNotContain(secret, everything + string.Concat(results.Select(r => r.Output + r.Error)), StringComparison.Ordinal);
    }

    /// <summary>A sync whose credential was refused: exit 7, "needs re-authentication", and <paramref name="secret"/> nowhere in its output.</summary>
    public static void AssertNeedsReauthentication(CliResult result, string secret)
    {
        Assert.Equal(ExitCodes.SyncIncomplete, result.ExitCode);
        Assert.Contains("needs re-authentication", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, result.Output + result.Error, StringComparison.Ordinal);
    }
}

/// <summary>
/// A child <c>gapwatch sync</c> process, for the F1 tests with a real process on every platform and ERP:
/// run from the CLI's own output folder, with its deps.json (the test folder resolves assemblies for the
/// test host, not for gapwatch).
/// </summary>
internal static class ChildSync
{
    public static ProcessStartInfo StartInfo(string workspace)
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var dll = Path.Combine(CliRunner.RepositoryRoot(), "src", "Gapwatch.Cli", "bin", framework.Parent!.Name, framework.Name, "gapwatch.dll");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", dll, "sync", "-w", workspace })
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    /// <summary>Runs a child sync to its end: its exit code, and its output followed by its errors.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string workspace)
    {
        using var child = Process.Start(StartInfo(workspace)) ?? throw new InvalidOperationException("could not start gapwatch");
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (child.ExitCode, await output + await error);
    }

    /// <summary>
    /// Starts a child sync and kills it (its whole tree) when the simulator is about to answer request
    /// <paramref name="killAt"/>. The hook is handed to <paramref name="setHook"/> before the child starts, so no
    /// request can slip past it, and removed once the child is gone. Fails if the child finished before it could be killed.
    /// </summary>
    public static async Task KillAtAsync(string workspace, int killAt, Action<Func<int, Task>?> setHook)
    {
        var killed = new TaskCompletionSource();
        Process? running = null;
        setHook(n =>
        {
            if (n == killAt && Volatile.Read(ref running) is { } target)
            {
                target.Kill(entireProcessTree: true);
                killed.TrySetResult();
            }

            return Task.CompletedTask;
        });
        try
        {
            using var child = Process.Start(StartInfo(workspace)) ?? throw new InvalidOperationException("could not start gapwatch");
            Volatile.Write(ref running, child);
            var output = child.StandardOutput.ReadToEndAsync();
            var error = child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(killed.Task.IsCompleted, $"the child finished (exit {child.ExitCode}) before it could be killed: " + await output + await error);
            Assert.NotEqual(0, child.ExitCode);
        }
        finally
        {
            setHook(null);
        }
    }
}
