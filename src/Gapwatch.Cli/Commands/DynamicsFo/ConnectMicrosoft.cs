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
        var log = new Option<string?>("--integration-log-entity")
        {
            Description = $"An entity set of your own holding the commerce integration's log (e.g. {DynamicsFoConnection.DefaultIntegrationLogEntitySet}), read besides the DMF errors; none by default",
        };
        var dmf = new Option<string[]>("--dmf-entities")
        {
            Description = "Entities whose data-management import errors are the integration's log (cards 4.2 and 4.3), as Name or Name=customer|order, comma-separated; 'none' reads none. Default: CustomersV3, SalesOrderHeadersV2",
            AllowMultipleArgumentsPerToken = true,
        };
        var pattern = new Option<string?>("--dmf-reference-pattern")
        {
            Description = "A regular expression with a named group 'ref' finding the commerce reference in a DMF error message (default: the error's RecordId)",
        };
        var command = new Command("dynamics_fo", "Connect a Dynamics 365 Finance & Operations environment (Entra app mapped to a user with read-only roles)")
        {
            common.Tenant, environment, common.ClientId, common.Authority, common.Name, holding, delimiter, log, dmf, pattern, common.SecretVariable, common.Workspace,
        };
        command.SetAction(parse =>
        {
            using var ws = Commands.CommonOptions.Open(parse.GetValue(common.Workspace)!, context);
            var secret = ConnectOptions.Secret(parse, common.SecretVariable, context, "Entra app registration client secret:");
            var connection = ConnectOptions.FromInput(() =>
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
                    IntegrationLogEntitySet = parse.GetValue(log) is { Length: > 0 } set ? set.Trim() : null,
                    ExecutionErrorEntities = DmfEntities(parse.GetValue(dmf)),
                    ExecutionErrorReferencePattern = Pattern(parse.GetValue(pattern)),
                };
            });
            var stored = ConnectionStore.Open(ws.Directory).SaveDynamicsFo(parse.GetValue(common.Name)!, connection);
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection.ToString()}. The client secret is stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            context.Console.MarkupLineInterpolated($"Integration log (cards 4.2 and 4.3): {LogSources(connection)}.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Where the connection reads the integration log, said once at connect so a log read from nowhere is not a surprise later.</summary>
    private static string LogSources(DynamicsFoConnection connection)
    {
        var sources = new List<string>();
        if (connection.ExecutionErrorEntities.Count > 0)
        {
            sources.Add("data-management import errors of " + string.Join(", ", connection.ExecutionErrorEntities.Select(e => e.EntityName)));
        }

        if (connection.IntegrationLogEntitySet is { } own)
        {
            sources.Add("the entity " + own);
        }

        return sources.Count == 0 ? "none read (no sync cause can be shown)" : string.Join(" and ", sources);
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
            var connection = ConnectOptions.FromInput(() =>
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

    /// <summary><c>--dmf-entities</c>: the defaults when absent, none for <c>none</c>, else each name (comma- or space-separated).</summary>
    private static IReadOnlyList<DmfLogEntity> DmfEntities(string[]? values)
    {
        var names = (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.Count == 0)
        {
            return DmfLogEntity.Defaults;
        }

        if (names.Any(n => n.Equals("none", StringComparison.OrdinalIgnoreCase)))
        {
            return names.Count == 1 ? [] : throw new ArgumentException("--dmf-entities none cannot be combined with entity names");
        }

        return [.. names.Select(DmfLogEntity.Parse)];
    }

    /// <summary><c>--dmf-reference-pattern</c>, checked now (valid, with the group <c>ref</c>) so a sync never meets a bad one.</summary>
    private static string? Pattern(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : DynamicsFoConnection.CheckReferencePattern(value);

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
