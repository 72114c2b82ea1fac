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
        Check(shopify.Sorted(ShopifyDataset.Orders).Select(o => o.UpdatedAt), Count(Platform.Shopify, customers: false, drafts: false), shopifyLast);
        Check(big.Sorted(BigCommerceDataset.Customers).Select(o => o.UpdatedAt), Count(Platform.BigCommerce, customers: true), bigLast);
        Check(big.Sorted(BigCommerceDataset.Orders).Select(o => o.UpdatedAt), Count(Platform.BigCommerce, customers: false), bigLast);
        Check(adobe.All(AdobeCommerceDataset.Customers).Select(o => o.UpdatedAt!.Value), Count(Platform.AdobeCommerce, customers: true), adobeLast);
        Check(adobe.All(AdobeCommerceDataset.Orders).Select(o => o.UpdatedAt!.Value), Count(Platform.AdobeCommerce, customers: false, drafts: false), adobeLast);
    }

    private static int Count(Platform platform, bool customers, bool drafts = true) => customers
        ? Data.CommerceCustomers.Count(c => c.Platform == platform)
        : Data.CommerceOrders.Count(o => o.Platform == platform && (drafts || o.Status != CommerceOrderStatus.Draft));

    private static void Check(IEnumerable<DateTimeOffset> versions, int expected, DateTimeOffset lastSync)
    {
        var list = versions.ToList();
        Assert.Equal(expected, list.Count);
        Assert.All(list, v => Assert.True(v <= lastSync, $"{v:O} is after the platform's last sync {lastSync:O}"));
        // One shared instant would make keyset paging stop after its page limit on a large demo.
        Assert.True(list.Distinct().Count() > list.Count / 2, "versions are not spread out");
    }
}
