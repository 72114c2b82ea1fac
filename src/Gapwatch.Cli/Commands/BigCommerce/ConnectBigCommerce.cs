using System.CommandLine;
using Gapwatch.Connectors.BigCommerce;
using Gapwatch.Connectors.Credentials;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch connect bigcommerce --store-hash …</c>: stores a BigCommerce connection with its
/// API account token encrypted in the workspace. The token comes from an environment variable or a
/// hidden prompt, never from the command line.
/// </summary>
internal static class ConnectBigCommerce
{
    public const string DefaultTokenVariable = "GAPWATCH_BIGCOMMERCE_TOKEN";

    public static Command Create(CliContext context)
    {
        var storeHash = new Option<string>("--store-hash") { Description = "The store hash (the part after /stores/ in the API path)", Required = true };
        var address = new Option<string?>("--address") { Description = "A loopback base address instead of api.bigcommerce.com (the local BigCommerce simulator)" };
        var name = ConnectOptions.Name("bigcommerce");
        var noB2b = new Option<bool>("--no-b2b") { Description = "The store has no B2B Edition: do not read companies" };
        var tokenVariable = ConnectOptions.SecretVariable("--token-env", "the API account access token", DefaultTokenVariable);
        var accountField = new Option<string>("--account-reference-field")
        {
            Description = "The label of the customer form field (B2B Edition: company extra field) holding the customer's ERP account number",
            DefaultValueFactory = _ => BigCommerceConnection.DefaultAccountReferenceField,
        };
        var workspace = CommonOptions.Workspace();
        var command = new Command("bigcommerce", "Connect a BigCommerce store (read-only API account: Customers, Orders, B2B Edition read-only)")
        {
            storeHash, address, name, noB2b, accountField, tokenVariable, workspace,
        };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var token = ConnectOptions.Secret(parse, tokenVariable, context, "BigCommerce API account access token:");
            var connection = ConnectOptions.FromInput(() =>
            {
                var api = ConnectOptions.LoopbackAddress(parse, address);
                return new BigCommerceConnection(parse.GetValue(storeHash)!, token, api, api, b2bEdition: !parse.GetValue(noB2b))
                {
                    AccountReferenceField = parse.GetValue(accountField)!,
                };
            });

            var stored = ConnectionStore.Open(ws.Directory).SaveBigCommerce(parse.GetValue(name)!, connection);
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection}{(connection.B2bEdition ? " with B2B Edition" : "")}. The access token is stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
