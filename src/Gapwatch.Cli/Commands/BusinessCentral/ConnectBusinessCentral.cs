using System.CommandLine;
using Gapwatch.Connectors.BusinessCentral;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Sync;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace Gapwatch.Cli.Commands.BusinessCentral;

/// <summary>
/// <c>gapwatch connect business_central --tenant … --environment … --client-id … [--company NAME[=ENTITY]]…</c>:
/// stores a Business Central connection with the Entra app's client secret encrypted in the workspace.
/// The secret comes from an environment variable or a hidden prompt, never from the command line.
/// Without <c>--company</c> the environment's companies are listed (which also tests the credentials)
/// and every one is stored, each as the entity of its own name.
/// </summary>
internal static class ConnectBusinessCentral
{
    public const string DefaultSecretVariable = "GAPWATCH_BC_CLIENT_SECRET";

    public static Command Create(CliContext context)
    {
        var tenant = new Option<string>("--tenant") { Description = "The Microsoft Entra tenant id or domain (contoso.onmicrosoft.com)", Required = true };
        var environment = new Option<string>("--environment") { Description = "The Business Central environment name", DefaultValueFactory = _ => "production" };
        var clientId = new Option<string>("--client-id") { Description = "The app registration's application (client) id", Required = true };
        var companies = new Option<string[]>("--company") { Description = "A company to read, as NAME or NAME=ENTITY (the workspace entity it posts as); repeat for several; all when left out", AllowMultipleArgumentsPerToken = false };
        var dimensions = new Option<string[]>("--dimension") { Description = "ROLE=CODE: the BC dimension code of department, location, project or customer (defaults: DEPARTMENT, LOCATION, PROJECT, CUSTOMER)" };
        var shopifyLog = new Option<bool>("--shopify-log") { Description = "Read the Shopify Connector's log pages, published as web services ShpfyLogEntries and ShpfySkippedRecords, as the sync log" };
        var address = new Option<string?>("--address") { Description = "A loopback base address instead of Business Central and Entra (the local simulator)" };
        var name = new Option<string>("--name") { Description = "The connection's name (also the source shown in sync and freshness)", DefaultValueFactory = _ => "business_central" };
        var secretVariable = new Option<string>("--secret-env") { Description = "The environment variable holding the client secret (else a hidden prompt)", DefaultValueFactory = _ => DefaultSecretVariable };
        var workspace = CommonOptions.Workspace();
        var command = new Command("business_central", "Connect a Business Central environment (Entra app, client credentials; read-only permission sets in BC)")
        {
            tenant, environment, clientId, companies, dimensions, shopifyLog, address, name, secretVariable, workspace,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var secret = ConnectCommand.Token(parse.GetValue(secretVariable)!, context, "Client secret of the Entra app registration:");
            var connection = Connection(parse, tenant, environment, clientId, companies, dimensions, shopifyLog, address, secret);
            if (connection.Companies.Count == 0)
            {
                connection = await WithEveryCompanyAsync(context, connection, cancellationToken).ConfigureAwait(false);
            }

            var stored = ConnectionStore.Open(ws.Directory).SaveBusinessCentral(parse.GetValue(name)!, connection, ws.Settings.ReportingCurrency.Code);
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection}. The client secret is stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            foreach (var unknown in connection.Companies.Where(c => !ws.Settings.Entities.Contains(c.Entity)))
            {
                context.Console.MarkupLineInterpolated($"[yellow]Company '{unknown.Name}' posts as entity '{unknown.Entity}', which gapwatch.yaml does not list; map it with --company \"NAME=ENTITY\".[/]");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static BusinessCentralConnection Connection(
        ParseResult parse, Option<string> tenant, Option<string> environment, Option<string> clientId, Option<string[]> companies, Option<string[]> dimensions,
        Option<bool> shopifyLog, Option<string?> address, string secret)
    {
        try
        {
            var local = parse.GetValue(address) is { } a ? new Uri(a) : null;
            if (local is not null && !local.IsLoopback)
            {
                throw new ArgumentException("--address is for the local simulator only (a loopback address)");
            }

            var named = (parse.GetValue(companies) ?? []).Select(c => c.Split('=', 2)).Select(p => new BusinessCentralCompany(p[0].Trim(), (p.Length > 1 ? p[1] : p[0]).Trim())).ToList();
            return new BusinessCentralConnection(
                local ?? BusinessCentralConnection.PublicApi, local ?? Connectors.Entra.EntraCredentials.PublicCloud, parse.GetValue(tenant)!, parse.GetValue(environment)!,
                parse.GetValue(clientId)!, secret, named, allowNoCompany: true)
            {
                Dimensions = ConnectionStore.DimensionCodes(parse.GetValue(dimensions) ?? []),
                SyncLog = parse.GetValue(shopifyLog) ? new BusinessCentralSyncLogServices() : null,
            };
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException)
        {
            throw new CliException(ExitCodes.Usage, e.Message);
        }
    }

    private static async Task<BusinessCentralConnection> WithEveryCompanyAsync(CliContext context, BusinessCentralConnection connection, CancellationToken cancellationToken)
    {
        await using var services = SyncCommand.Services(context);
        try
        {
            var found = await services.GetRequiredService<BusinessCentralConnector>().CompaniesAsync(connection, cancellationToken).ConfigureAwait(false);
            if (found.Count == 0)
            {
                throw new CliException(ExitCodes.NotFound, $"the environment '{connection.Environment}' has no company the app can see");
            }

            return connection.WithCompanies([.. found.Keys.Order(StringComparer.Ordinal).Select(n => new BusinessCentralCompany(n, n))]);
        }
        catch (SyncException e)
        {
            throw new CliException(e.Kind == SyncErrorKind.NeedsReauthentication ? ExitCodes.Usage : ExitCodes.NotFound, $"could not list the companies: {e.Message}");
        }
    }
}
