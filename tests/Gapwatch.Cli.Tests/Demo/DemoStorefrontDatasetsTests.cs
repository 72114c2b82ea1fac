using Gapwatch.Cli.Commands.Demo;
using Gapwatch.Generator.Demo;
using Gapwatch.Model;
using Gapwatch.Simulators.AdobeCommerce;
using Gapwatch.Simulators.BigCommerce;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Cli.Tests.Demo;

/// <summary>The demo's conversion of generated commerce records into each simulator's dataset.</summary>
public sealed class DemoStorefrontDatasetsTests
{
    private static readonly WorkspaceData Data = DemoWorkspaceGenerator.Generate(new DemoOptions { Orders = 2_000 }).Data;

    [Fact]
    public void EveryPlatform_ServesItsCustomersAndOrders_VersionedNoLaterThanItsLastSyncAndSpreadOut()
    {
        var shopifyLast = DemoStorefronts.LastSync(Data, "shopify");
        var shopify = DemoStorefrontDatasets.Shopify(Data, shopifyLast);
        var bigLast = DemoStorefronts.LastSync(Data, "bigcommerce");
        var big = DemoStorefrontDatasets.BigCommerce(Data, bigLast);
        var adobeLast = DemoStorefronts.LastSync(Data, "adobe_commerce");
        var adobe = DemoStorefrontDatasets.AdobeCommerce(Data, adobeLast);

        Check(shopify.Sorted(ShopifyDataset.Customers).Select(o => o.UpdatedAt), Count(Platform.Shopify, customers: true), shopifyLast);
        Check(shopify.Sorted(ShopifyDataset.Orders).Select(o => o.UpdatedAt), Count(Platform.Shopify, customers: false), shopifyLast);
        Check(big.Sorted(BigCommerceDataset.Customers).Select(o => o.UpdatedAt), Count(Platform.BigCommerce, customers: true), bigLast);
        Check(big.Sorted(BigCommerceDataset.Orders).Select(o => o.UpdatedAt), Count(Platform.BigCommerce, customers: false), bigLast);
        Check(adobe.All(AdobeCommerceDataset.Customers).Select(o => o.UpdatedAt!.Value), Count(Platform.AdobeCommerce, customers: true), adobeLast);
        Check(adobe.All(AdobeCommerceDataset.Orders).Select(o => o.UpdatedAt!.Value), Count(Platform.AdobeCommerce, customers: false), adobeLast);
    }

    /// <summary>Every order is served (the generator makes drafts only where the platform lists them), every account but those retired by a merge.</summary>
    private static int Count(Platform platform, bool customers) => customers
        ? Data.CommerceCustomers.Count(c => c.Platform == platform && c.MergedIntoId is null)
        : Data.CommerceOrders.Count(o => o.Platform == platform);

    [Fact]
    public void WhatThePlatformsHaveNoFieldFor_IsServedWhereMerchantsKeepIt()
    {
        var shopify = DemoStorefrontDatasets.Shopify(Data, DemoStorefronts.LastSync(Data, "shopify"));
        var big = DemoStorefrontDatasets.BigCommerce(Data, DemoStorefronts.LastSync(Data, "bigcommerce"));
        var adobe = DemoStorefrontDatasets.AdobeCommerce(Data, DemoStorefronts.LastSync(Data, "adobe_commerce"));

        var shopifyTrade = Data.CommerceCustomers.First(c => c.Platform == Platform.Shopify && c.AccountReference is not null && c.VatNumber is not null);
        var metafields = shopify.Sorted(ShopifyDataset.Customers).Single(o => o.Id == shopifyTrade.Id).Json["metafields"]!.ToJsonString();
        Assert.Contains($"\"namespace\":\"erp\",\"key\":\"account_number\",\"value\":\"{shopifyTrade.AccountReference}\"", metafields, StringComparison.Ordinal);
        Assert.Contains($"\"namespace\":\"custom\",\"key\":\"vat_number\",\"value\":\"{shopifyTrade.VatNumber}\"", metafields, StringComparison.Ordinal);

        var bigTrade = Data.CommerceCustomers.First(c => c.Platform == Platform.BigCommerce && c.AccountReference is not null && c.MergedIntoId is null);
        Assert.Contains($"\"name\":\"ERP account number\",\"value\":\"{bigTrade.AccountReference}\"",
            big.Sorted(BigCommerceDataset.Customers).Single(o => o.Id == bigTrade.Id).Json["form_fields"]!.ToJsonString(), StringComparison.Ordinal);
        var canadian = Data.CommerceOrders.First(o => o.Platform == Platform.BigCommerce && o.ShipToCountry == "CA");
        Assert.Equal("CA", (string?)big.Sorted(BigCommerceDataset.Orders).Single(o => o.Id == canadian.Id).Json["consignments"]!["shipping"]![0]!["country_iso2"]);

        var adobeTrade = Data.CommerceCustomers.First(c => c.Platform == Platform.AdobeCommerce && c.AccountReference is not null);
        Assert.Contains($"\"attribute_code\":\"erp_account_number\",\"value\":\"{adobeTrade.AccountReference}\"",
            adobe.All(AdobeCommerceDataset.Customers).Single(o => o.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == adobeTrade.Id).Json["custom_attributes"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void MergedAccounts_AreImportedNotServed()
    {
        var merged = Assert.Single(DemoStorefrontDatasets.MergeRecords(Data));
        var big = DemoStorefrontDatasets.BigCommerce(Data, DemoStorefronts.LastSync(Data, "bigcommerce"));

        Assert.DoesNotContain(big.Sorted(BigCommerceDataset.Customers), o => o.Id == merged.Id);
        Assert.Contains(big.Sorted(BigCommerceDataset.Orders), o => (long?)o.Json["customer_id"] == long.Parse(merged.Id, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(merged, Gapwatch.Cli.Commands.DemoCommand.ImportSide(Data));
    }

    private static void Check(IEnumerable<DateTimeOffset> versions, int expected, DateTimeOffset lastSync)
    {
        var list = versions.ToList();
        Assert.Equal(expected, list.Count);
        Assert.All(list, v => Assert.True(v <= lastSync, $"{v:O} is after the platform's last sync {lastSync:O}"));
        // One shared instant would make keyset paging stop after its page limit on a large demo.
        Assert.True(list.Distinct().Count() > list.Count / 2, "versions are not spread out");
    }
}
