using System.Net;
using System.Security.Cryptography;
using Gapwatch.Web;
using Gapwatch.Web.Auth;
using Spectre.Console;

namespace Gapwatch.Cli.Commands.Demo;

/// <summary>
/// The end of <c>gapwatch demo</c>: a demo user (owner and finance) with a generated password, and
/// the dashboard served on 127.0.0.1 until Ctrl+C. The password is printed once, in the terminal;
/// only its hash is stored.
/// </summary>
internal static class DemoDashboard
{
    public const string Email = "demo@gapwatch.local";

    public const int DefaultPort = 5080;

    /// <summary>A password of 20 URL-safe characters from 15 random bytes (120 bits).</summary>
    public static string NewPassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_');

    /// <summary>Adds the demo user and starts the server (on <paramref name="port"/>, or any free port when it is taken).</summary>
    public static async Task<(GapwatchServer Server, string Password)> StartAsync(CliContext context, string directory, int port, CancellationToken cancellationToken)
    {
        var password = NewPassword();
        UserAdmin.Add(directory, Email, [Roles.Owner, Roles.Finance], password, issueToken: false, "gapwatch demo", context.Clock);
        try
        {
            return (await GapwatchServer.StartAsync(Options(directory, port, context), cancellationToken).ConfigureAwait(false), password);
        }
        catch (IOException) when (port != 0)
        {
            context.Console.MarkupLineInterpolated($"[grey]Port {port} is taken; serving on a free port instead.[/]");
            return (await GapwatchServer.StartAsync(Options(directory, 0, context), cancellationToken).ConfigureAwait(false), password);
        }
    }

    /// <summary>Serves until Ctrl+C (the token), then stops cleanly.</summary>
    public static async Task<int> ServeAsync(CliContext context, string directory, int port, CancellationToken cancellationToken)
    {
        var (server, password) = await StartAsync(context, directory, port, cancellationToken).ConfigureAwait(false);
        await using (server.ConfigureAwait(false))
        {
            var workspace = server.Workspaces.All[0];
            context.Console.WriteLine();
            context.Console.MarkupLineInterpolated($"The dashboard is at [bold]{server.Address}w/{workspace.Id}[/] (Ctrl+C stops it). Sign in with:");
            context.Console.MarkupLineInterpolated($"  email    [bold]{Email}[/]");
            context.Console.MarkupLineInterpolated($"  password [bold]{password}[/]   (owner and finance; generated for this demo, shown only here)");
            try
            {
                await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: a clean stop.
            }
        }

        context.Console.MarkupLine("Stopped.");
        return ExitCodes.Ok;
    }

    private static ServeOptions Options(string directory, int port, CliContext context) =>
        new() { Workspaces = [directory], Address = IPAddress.Loopback, Port = port, Clock = context.Clock };
}
