using System.CommandLine;
using Gapwatch.Connectors.Dataverse;
using Gapwatch.Connectors.DynamicsFo;
using Gapwatch.Connectors.Entra;
using Gapwatch.Connectors.Credentials;
using Spectre.Console;

namespace Gapwatch.Cli.Commands.DynamicsFo;

/// <summary>
/// <c>gapwatch connect dynamics_fo</c> and <c>gapwatch connect dataverse</c>: store a Finance &amp;
/// Operations or Dataverse connection read with an Entra app registration's client credentials.
/// The client secret comes from an environment variable or a hidden prompt, never from the command
/// line; it is stored encrypted and never printed.
/// </summary>
internal static class ConnectMicrosoft
{
    public const string DefaultSecretVariable = "GAPWATCH_ENTRA_CLIENT_SECRET";

    public static Command DynamicsFo(CliContext context)
    {
        var common = new CommonOptions("dynamics_fo");
        var environment = new Option<string>("--environment-url") { Description = "The F&O environment: https://{env}.operations.dynamics.com", Required = true };
        var holding = new Option<string[]>("--holding-customer-group") { Description = "Customer groups whose customers are holding (web-sales) accounts", AllowMultipleArgumentsPerToken = true };
        var delimiter = new Option<string>("--dimension-delimiter") { Description = "The financial-dimension segment delimiter of the environment", DefaultValueFactory = _ => "-" };
        var log = new Option<string>("--integration-log-entity")
        {
            Description = "The entity set of the commerce integration's log (cards 4.2 and 4.3); an empty value reads none",
            DefaultValueFactory = _ => DynamicsFoConnection.DefaultIntegrationLogEntitySet,
        };
        var command = new Command("dynamics_fo", "Connect a Dynamics 365 Finance & Operations environment (Entra app mapped to a user with read-only roles)")
        {
            common.Tenant, environment, common.ClientId, common.Authority, common.Name, holding, delimiter, log, common.SecretVariable, common.Workspace,
        };
        command.SetAction(parse =>
        {
            using var ws = Commands.CommonOptions.Open(parse.GetValue(common.Workspace)!, context);
            var secret = ConnectOptions.Secret(parse, common.SecretVariable, context, "Entra app registration client secret:");
            var connection = Usage(() =>
            {
                var url = new Uri(parse.GetValue(environment)!);
                if (parse.GetValue(delimiter) is not [var d])
                {
                    throw new ArgumentException("--dimension-delimiter is one character");
                }

                return new DynamicsFoConnection(url, common.Credentials(parse, secret, DynamicsFoConnection.ScopeOf(url)))
                {
                    HoldingCustomerGroups = parse.GetValue(holding) ?? [],
                    DimensionDelimiter = d,
                    IntegrationLogEntitySet = parse.GetValue(log) is { Length: > 0 } set ? set : null,
                };
            });
            var stored = ConnectionStore.Open(ws.Directory).SaveDynamicsFo(parse.GetValue(common.Name)!, connection);
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection.ToString()}. The client secret is stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command Dataverse(CliContext context)
    {
        var common = new CommonOptions("dataverse");
        var organization = new Option<string>("--org-url") { Description = "The Dataverse organisation: https://{org}.crm.dynamics.com", Required = true };
        var fo = new Option<string?>("--fo-environment-url") { Description = "The F&O environment dual-write promotes into; promotions are then confirmed in its customer master (same app registration)" };
        var reference = new Option<string?>("--account-reference-column")
        {
            Description = "A column of accounts and contacts that holds the commerce account reference (a custom column; none is standard). Read only when named: Dataverse refuses a query naming a column it lacks",
        };
        var contacts = new Option<string>("--customer-contact-filter")
        {
            Description = "The $filter that keeps customer contacts (dual-write's Customers V3 → contacts); an empty value reads every contact",
            DefaultValueFactory = _ => DataverseConnection.DefaultCustomerContactFilter,
        };
        var command = new Command("dataverse", "Connect the Dataverse organisation of a Finance & Operations tenant (application user with read-only Account and Contact)")
        {
            common.Tenant, organization, common.ClientId, common.Authority, fo, reference, contacts, common.Name, common.SecretVariable, common.Workspace,
        };
        command.SetAction(parse =>
        {
            using var ws = Commands.CommonOptions.Open(parse.GetValue(common.Workspace)!, context);
            var secret = ConnectOptions.Secret(parse, common.SecretVariable, context, "Entra app registration client secret:");
            var connection = Usage(() =>
            {
                var url = new Uri(parse.GetValue(organization)!);
                var environment = parse.GetValue(fo) is { } f ? new Uri(f) : null;
                return new DataverseConnection(url, common.Credentials(parse, secret, DataverseConnection.ScopeOf(url)))
                {
                    FinanceOperations = environment is null ? null : new DynamicsFoConnection(environment, common.Credentials(parse, secret, DynamicsFoConnection.ScopeOf(environment))),
                    AccountReferenceColumn = parse.GetValue(reference),
                    CustomerContactFilter = parse.GetValue(contacts) is { Length: > 0 } filter ? filter : null,
                };
            });
            var stored = ConnectionStore.Open(ws.Directory).SaveDataverse(parse.GetValue(common.Name)!, connection);
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection.ToString()}{(connection.FinanceOperations is { } e ? $", promotions confirmed in {e.Environment.Host}" : "")}. The client secret is stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static T Usage<T>(Func<T> build)
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

    /// <summary>The options both commands share: the app registration and where to store the connection.</summary>
    private sealed class CommonOptions(string platform)
    {
        public Option<string> Tenant { get; } = new("--tenant") { Description = "The Entra tenant id or domain (contoso.onmicrosoft.com)", Required = true };

        public Option<string> ClientId { get; } = new("--client-id") { Description = "The app registration's application (client) id", Required = true };

        public Option<string?> Authority { get; } = new("--authority") { Description = "A loopback token authority instead of login.microsoftonline.com (the local simulator)" };

        public Option<string> Name { get; } = ConnectOptions.Name(platform);

        public Option<string> SecretVariable { get; } = ConnectOptions.SecretVariable("--secret-env", "the client secret", DefaultSecretVariable);

        public Option<string> Workspace { get; } = Commands.CommonOptions.Workspace();

        public EntraCredentials Credentials(ParseResult parse, string secret, string scope)
        {
            var authority = parse.GetValue(Authority) is { } a ? new Uri(a) : EntraCredentials.PublicCloud;
            if (authority.Scheme != Uri.UriSchemeHttps && !authority.IsLoopback)
            {
                throw new ArgumentException("--authority must use https unless it is the local simulator (a loopback address)");
            }

            return new EntraCredentials(authority, parse.GetValue(Tenant)!.Trim(), parse.GetValue(ClientId)!.Trim(), secret, scope);
        }
    }
}
