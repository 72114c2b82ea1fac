using System.CommandLine;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// The plumbing every <c>gapwatch connect …</c> command repeats: the connection's <c>--name</c>, the
/// option naming the environment variable of a secret and the secret itself (that variable, else a
/// hidden prompt, never the command line), a loopback-only <c>--address</c>, and bad input as a usage error.
/// </summary>
internal static class ConnectOptions
{
    /// <summary><c>--name</c>, defaulting to the platform's own name.</summary>
    public static Option<string> Name(string platform) =>
        new("--name") { Description = "The connection's name (also the source shown in sync and freshness)", DefaultValueFactory = _ => platform };

    /// <summary>An option (<c>--token-env</c>, <c>--secret-env</c>, …) naming the environment variable that holds <paramref name="what"/>.</summary>
    public static Option<string> SecretVariable(string flag, string what, string defaultVariable) =>
        new(flag) { Description = $"The environment variable holding {what} (else a hidden prompt)", DefaultValueFactory = _ => defaultVariable };

    /// <summary>The secret from the variable <paramref name="variable"/> names; else, on a terminal, a hidden prompt; else a usage error naming the variable.</summary>
    public static string Secret(ParseResult parse, Option<string> variable, CliContext context, string prompt) =>
        Secret(parse.GetValue(variable)!, context, prompt);

    /// <inheritdoc cref="Secret(ParseResult, Option{string}, CliContext, string)"/>
    public static string Secret(string variable, CliContext context, string prompt)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(variable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return fromEnvironment.Trim();
        }

        if (!context.Console.Profile.Capabilities.Interactive)
        {
            throw new CliException(ExitCodes.Usage, $"no access token: set the environment variable {variable}, or run interactively to be prompted (the token is never taken from the command line)");
        }

        return context.Console.Prompt(new TextPrompt<string>(prompt).Secret());
    }

    /// <summary>The <c>--address</c> given, which must be a loopback address (the local simulator), or null.</summary>
    public static Uri? LoopbackAddress(ParseResult parse, Option<string?> address)
    {
        var local = parse.GetValue(address) is { } a ? new Uri(a) : null;
        return local is not null && !local.IsLoopback ? throw new ArgumentException("--address is for the local simulator only (a loopback address)") : local;
    }

    /// <summary>Runs <paramref name="build"/>; a bad value (an argument or URI it refuses) is a usage error with its message.</summary>
    public static T FromInput<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException)
        {
            throw new CliException(ExitCodes.Usage, e.Message);
        }
    }
}
