using Gapwatch.Cli;
using Microsoft.Extensions.Time.Testing;
using Spectre.Console;
using Spectre.Console.Testing;

namespace Gapwatch.Cli.Tests;

/// <summary>Runs the real command line in-process and captures what it prints.</summary>
internal sealed class CliRunner
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 4, 15, 7, 0, 0, TimeSpan.Zero));

    public CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = new TestConsole();
        console.Profile.Width = 240;
        var code = GapwatchCli.Run(args, new CliContext(output, error, console, Clock));
        return new CliResult(code, output.ToString() + console.Output, error.ToString());
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Gapwatch.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error);
