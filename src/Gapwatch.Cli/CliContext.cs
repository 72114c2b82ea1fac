using Spectre.Console;

namespace Gapwatch.Cli;

/// <summary>Where a command writes and what time it is: injected so tests can capture both.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, IAnsiConsole Console, TimeProvider Clock);

/// <summary>Documented process exit codes (README, <c>--help</c>).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    public const int Unexpected = 1;
    public const int Usage = 2;
    public const int InvalidInput = 3;
    public const int NotFound = 4;
    public const int RefreshFailed = 5;
    public const int FiguresDiffer = 6;
    public const int SyncIncomplete = 7;

    public const string Help =
        "Exit codes: 0 ok; 1 unexpected error; 2 usage error; 3 invalid input (workspace file or import files); " +
        "4 not found (workspace, snapshot or card); 5 refresh could not compute (for example a missing exchange rate); " +
        "6 bench: Gapwatch and DuckDB figures differ; " +
        "7 sync did not complete (a stream failed, was deferred or needs re-authentication; the summary says which).";
}

/// <summary>An expected failure with its exit code and a message for the user (never a stack trace).</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
