using System.Text.Json;
using System.Text.Json.Nodes;
using Gapwatch.Connectors.Credentials;
using Gapwatch.Connectors.Shopify;
using Gapwatch.Model;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Connectors.Tests.Shopify;

/// <summary>
/// What Shopify's customer object has no field for — the ERP account number and a buyer's VAT number —
/// read from the customer metafields the connection names.
/// </summary>
public sealed class ShopifyCustomerFieldsTests
{
    private static readonly ShopifyCustomerMetafields Acme = new(new ShopifyMetafieldKey("acme", "erp_no"), new ShopifyMetafieldKey("acme", "tax_id"));

    private static CommerceCustomer Map(string json)
    {
        using var document = JsonDocument.Parse(json);
        var outcome = ShopifyNodes.Customer(document.RootElement.Clone());
        Assert.Null(outcome.Rejected);
        return Assert.IsType<CommerceCustomer>(Assert.Single(outcome.Records));
    }

    [Fact]
    public void Customer_MetafieldAliases_AreTheAccountReferenceAndTheVatNumber()
    {
        var customer = Map("""
            {"id":"gid://shopify/Customer/501","email":"a@b.example","updatedAt":"2026-04-12T08:00:00Z",
             "accountReference":{"value":" NW-040001 "},"vatNumber":{"value":"DE 123 456 789"}}
            """);

        Assert.Equal(("NW-040001", "DE 123 456 789"), (customer.AccountReference, customer.VatNumber));
    }

    [Theory]
    [InlineData("""{"id":"gid://shopify/Customer/501","updatedAt":"2026-04-12T08:00:00Z","accountReference":null,"vatNumber":null}""")]
    [InlineData("""{"id":"gid://shopify/Customer/501","updatedAt":"2026-04-12T08:00:00Z","accountReference":{"value":"  "},"vatNumber":{"value":null}}""")]
    [InlineData("""{"id":"gid://shopify/Customer/501","updatedAt":"2026-04-12T08:00:00Z"}""")]
    public void Customer_MissingOrBlankMetafields_AreNone(string json)
    {
        var customer = Map(json);

        Assert.Equal((null, null), (customer.AccountReference, customer.VatNumber));
    }

    [Fact]
    public void Queries_AskForTheConfiguredMetafieldsUnderFixedAliases()
    {
        const string Reference = "accountReference: metafield(namespace: \"acme\", key: \"erp_no\") { value }";
        const string Vat = "vatNumber: metafield(namespace: \"acme\", key: \"tax_id\") { value }";

        Assert.Contains(Reference, ShopifyQueries.Customers(Acme), StringComparison.Ordinal);
        Assert.Contains(Vat, ShopifyQueries.Customers(Acme), StringComparison.Ordinal);
        Assert.Contains(Reference, ShopifyBulkQueries.Customers("updated_at:<='2026-04-13T08:00:00Z'", Acme), StringComparison.Ordinal);
        Assert.Contains("namespace: \"erp\", key: \"account_number\"", ShopifyQueries.Customers(ShopifyCustomerMetafields.Default), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("erp")]
    [InlineData(".account_number")]
    [InlineData("erp.")]
    [InlineData("erp.account\") { id } x: metafield(namespace: \"y")]
    [InlineData("erp.account number")]
    public void MetafieldKey_NotNamespaceDotKey_IsRefused(string text) =>
        Assert.Throws<ArgumentException>(() => ShopifyMetafieldKey.Parse(text));

    [Fact]
    public void MetafieldKey_Parse_SplitsAtTheFirstDot() =>
        Assert.Equal(("custom", "vat_number"), (ShopifyMetafieldKey.Parse("custom.vat_number").Namespace, ShopifyMetafieldKey.Parse("custom.vat_number").Key));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sync_ReadsTheMetafieldsTheConnectionNames_PagedAndByBulk(bool bulk)
    {
        var data = new ShopifyDataset().Customer(501, ShopifyShops.Day(1), "buyer@example.com", "Ada", "Buyer");
        var stored = data.Sorted(ShopifyDataset.Customers)[0].Json;
        stored["metafields"] = ShopifyDataset.Metafields(("erp", "account_number", "NW-DEFAULT"), ("acme", "erp_no", "NW-040001"), ("acme", "tax_id", "FR40303265045"));
        data.Put(ShopifyDataset.Customers, "501", ShopifyShops.Day(1), stored);
        await using var h = await ShopifyHarness.StartAsync(data);
        h.Metafields = Acme;
        h.Bulk = bulk ? new ShopifyBulkOptions { PollInterval = TimeSpan.FromSeconds(1) } : null;

        var summary = await h.SyncAsync(includeCompanies: false);

        Assert.True(summary.Succeeded, string.Join("; ", summary.Streams.Select(s => s.Message)));
        var customer = Assert.Single(h.Store.Load().CommerceCustomers);
        Assert.Equal(("NW-040001", "FR40303265045"), (customer.AccountReference, customer.VatNumber));
    }

    [Fact]
    public void ConnectionStore_KeepsTheMetafieldNamesInClearAndReadsThemBack()
    {
        var workspace = Directory.CreateTempSubdirectory("gapwatch-metafields-").FullName;
        try
        {
            var store = ConnectionStore.Open(workspace);
            store.SaveShopify("shopify", ShopifyConnection.ForShop("acme", "shpat_secret").With(Acme));

            var connection = store.OpenShopify(Assert.Single(store.List()));

            Assert.Equal(Acme, connection.CustomerMetafields);
            var json = JsonNode.Parse(File.ReadAllText(Path.Combine(workspace, ".gapwatch", "connections.json")))!;
            Assert.Equal(("acme.erp_no", "acme.tax_id"), ((string?)json[0]!["customerFields"]!["accountReference"], (string?)json[0]!["customerFields"]!["vatNumber"]));
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }
}
