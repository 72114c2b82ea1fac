using System.CommandLine;
using System.Net;
using Gapwatch.Files.Workspace;
using Gapwatch.Web;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch serve [--workspace DIR ...] [--port N]</c>: the JSON API over one or more
/// workspaces, on 127.0.0.1 unless told otherwise. Ctrl+C stops it cleanly.
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var workspaces = new Option<string[]>("--workspace", "-w")
        {
            Description = "A workspace folder to serve (repeat for several); its id in URLs is the folder's name",
            DefaultValueFactory = _ => ["."],
            AllowMultipleArgumentsPerToken = false,
        };
        var port = new Option<int>("--port") { Description = "The TCP port (0: any free one)", DefaultValueFactory = _ => 5080 };
        var address = new Option<string>("--address")
        {
            Description = "The address to listen on; loopback by default (put a TLS reverse proxy in front to serve beyond this machine)",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var command = new Command("serve", "Serve the JSON API (/api/v1) over the workspaces; Ctrl+C stops it") { workspaces, port, address };
        command.SetAction((parse, cancellationToken) => RunAsync(context, parse.GetValue(workspaces)!, parse.GetValue(port), parse.GetValue(address)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string[] directories, int port, string address, CancellationToken cancellationToken)
    {
        foreach (var directory in directories)
        {
            if (!File.Exists(Path.Combine(directory, WorkspaceFile.FileName)))
            {
                throw new CliException(ExitCodes.NotFound, $"no workspace at '{Path.GetFullPath(directory)}': run 'gapwatch init {directory}' first");
            }
        }

        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new CliException(ExitCodes.Usage, $"--address: '{address}' is not an IP address");
        }

        if (port is < 0 or > 65535)
        {
            throw new CliException(ExitCodes.Usage, $"--port: {port} is not a TCP port");
        }

        await using var server = await GapwatchServer.StartAsync(
            new ServeOptions { Workspaces = directories, Address = ip, Port = port, Clock = context.Clock }, cancellationToken).ConfigureAwait(false);
        context.Console.MarkupLineInterpolated($"Gapwatch is serving at [bold]{server.Address}[/] (Ctrl+C stops it):");
        foreach (var workspace in server.Workspaces.All)
        {
            var users = workspace.Access.Users().Count;
            context.Console.MarkupLineInterpolated(
                $"  {workspace.Id}: {workspace.Name} — {server.Address}api/v1/workspaces/{workspace.Id}/cards ({users} user{(users == 1 ? "" : "s")}{(users == 0 ? ": add one with 'gapwatch user add'" : "")})");
        }

        try
        {
            await server.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: fall through to a clean stop.
        }

        context.Console.MarkupLine("Stopped.");
        return ExitCodes.Ok;
    }
}
