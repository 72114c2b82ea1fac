using System.CommandLine;
using Gapwatch.Cli.Commands.AdobeCommerce;
using Gapwatch.Cli.Commands.BusinessCentral;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Shopify;
using Spectre.Console;

namespace Gapwatch.Cli.Commands;

/// <summary>
/// <c>gapwatch connect shopify</c>: stores a connection with its access token encrypted in the
/// workspace. The token comes from an environment variable or a hidden prompt, never from the
/// command line (which shells keep in history and other users can see in the process list).
/// </summary>
internal static class ConnectCommand
{
    public const string DefaultTokenVariable = "GAPWATCH_SHOPIFY_TOKEN";

    public static Command Create(CliContext context)
    {
        var shop = new Option<string?>("--shop") { Description = "The shop: its myshopify name (acme) or domain (acme.myshopify.com)" };
        var address = new Option<string?>("--address") { Description = "A loopback base address instead of --shop (the local Shopify simulator)" };
        var name = new Option<string>("--name") { Description = "The connection's name (also the source shown in sync and freshness)", DefaultValueFactory = _ => "shopify" };
        var version = new Option<string>("--api-version") { Description = "The Admin API version to pin", DefaultValueFactory = _ => ShopifyConnection.DefaultApiVersion };
        var tokenVariable = new Option<string>("--token-env") { Description = "The environment variable holding the Admin API access token (else a hidden prompt)", DefaultValueFactory = _ => DefaultTokenVariable };
        var accountMetafield = new Option<string>("--account-reference-metafield")
        {
            Description = "The customer metafield (namespace.key) holding the customer's ERP account number",
            DefaultValueFactory = _ => ShopifyCustomerMetafields.Default.AccountReference.ToString(),
        };
        var vatMetafield = new Option<string>("--vat-metafield")
        {
            Description = "The customer metafield (namespace.key) holding the VAT number of buyers who are not B2B companies (companies: their locations' tax registration id)",
            DefaultValueFactory = _ => ShopifyCustomerMetafields.Default.VatNumber.ToString(),
        };
        var workspace = CommonOptions.Workspace();
        var shopify = new Command("shopify", "Connect a Shopify shop (read-only custom app: read_customers, read_orders, read_all_orders, read_companies)")
        {
            shop, address, name, version, accountMetafield, vatMetafield, tokenVariable, workspace,
        };
        shopify.SetAction(parse =>
        {
            using var ws = CommonOptions.Open(parse.GetValue(workspace)!, context);
            var token = Token(parse.GetValue(tokenVariable)!, context, "Shopify Admin API access token:");
            var connection = Connection(parse.GetValue(shop), parse.GetValue(address), token, parse.GetValue(version)!)
                .With(Metafields(parse.GetValue(accountMetafield)!, parse.GetValue(vatMetafield)!));
            var stored = ConnectionStore.Open(ws.Directory).SaveShopify(parse.GetValue(name)!, connection);
            context.Console.MarkupLineInterpolated(
                $"Connected [bold]{stored.Name}[/]: {connection}. The access token is stored encrypted in .gapwatch/connections.json (keys in .gapwatch/keys).");
            return ExitCodes.Ok;
        });
        return new Command("connect", "Store a connection to a commerce platform or an ERP, its secret encrypted in the workspace")
        {
            shopify, ConnectBigCommerce.Create(context), ConnectAdobeCommerceCommand.Create(context), ConnectBusinessCentral.Create(context),
            DynamicsFo.ConnectMicrosoft.DynamicsFo(context), DynamicsFo.ConnectMicrosoft.Dataverse(context), ConnectSageIntacct.Create(context),
        };
    }

    internal static string Token(string variable, CliContext context, string prompt)
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

    private static ShopifyCustomerMetafields Metafields(string accountReference, string vatNumber)
    {
        try
        {
            return new ShopifyCustomerMetafields(ShopifyMetafieldKey.Parse(accountReference), ShopifyMetafieldKey.Parse(vatNumber));
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.Usage, e.Message);
        }
    }

    private static ShopifyConnection Connection(string? shop, string? address, string token, string version)
    {
        if ((shop is null) == (address is null))
        {
            throw new CliException(ExitCodes.Usage, "give exactly one of --shop and --address");
        }

        try
        {
            return address is null ? ShopifyConnection.ForShop(shop!, token, version) : new ShopifyConnection(new Uri(address), token, version);
        }
        catch (Exception e) when (e is ArgumentException or UriFormatException)
        {
            throw new CliException(ExitCodes.Usage, e.Message);
        }
    }
}
