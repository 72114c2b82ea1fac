using System.CommandLine;
using Gapwatch.Connectors.AdobeCommerce;
using Gapwatch.Connectors.Credentials;
using Spectre.Console;

namespace Gapwatch.Cli.Commands.AdobeCommerce;

/// <summary>
/// <c>gapwatch connect adobe_commerce --base-url https://shop.example.com</c>: stores a connection to an
/// Adobe Commerce (Magento 2) store with its integration access token encrypted in the workspace, as
/// <c>connect shopify</c> does. The token comes from an environment variable or a hidden prompt, never
/// from the command line.
/// </summary>
internal static class ConnectAdobeCommerceCommand
{
    public const string DefaultTokenVariable = "GAPWATCH_ADOBE_COMMERCE_TOKEN";

    public static Command Create(CliContext context)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "The store's base URL (https://shop.example.com; the REST API is under rest/{store code}/V1)", Required = true };
        var storeCode = new Option<string>("--store-code") { Description = "The store view code in the REST path ('all' reads every store view)", DefaultValueFactory = _ => AdobeCommerceConnection.DefaultStoreCode };
        var name = ConnectOptions.Name("adobe_commerce");
        var tokenVariable = ConnectOptions.SecretVariable("--token-env", "the integration access token", DefaultTokenVariable);
        var noB2B = new Option<bool>("--no-b2b") { Description = "The store has no B2B module (Magento Open Source): do not read companies" };
        var accountAttribute = new Option<string>("--account-reference-attribute")
        {
            Description = "The code of the customer attribute holding the customer's ERP account number",
            DefaultValueFactory = _ => AdobeCommerceConnection.DefaultAccountReferenceAttribute,
        };
        var workspace = CommonOptions.Workspace();
        var command = new Command("adobe_commerce", "Connect an Adobe Commerce (Magento 2) store (read-only integration: Customers, Sales > Orders and Credit Memos, Companies)")
        {
            baseUrl, storeCode, name, tokenVariable, noB2B, accountAttribute, workspace,
        };
        command.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var token = ConnectOptions.Secret(parse, tokenVariable, context, "Adobe Commerce integration access token:");
            var connection = ConnectOptions.FromInput(() => new AdobeCommerceConnection(new Uri(parse.GetValue(baseUrl)!), token, parse.GetValue(storeCode)!)
            {
                AccountReferenceAttribute = parse.GetValue(accountAttribute)!,
            });

            var stored = ConnectionStore.Open(ws.Directory).SaveAdobeCommerce(parse.GetValue(name)!, connection, b2b: !parse.GetValue(noB2B));
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection}. The access token is stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            return ExitCodes.Ok;
        });
        return command;
    }
}
