using Gapwatch.Connectors.Sync;
using Gapwatch.Simulators.Shopify;

namespace Gapwatch.Connectors.Tests.Architecture;

/// <summary>The simulators are test doubles of the vendors' APIs: they must not know Gapwatch, and the product must not ship them inside the connectors.</summary>
public sealed class ConnectorDependencyTests
{
    [Fact]
    public void Simulators_ReferenceNoGapwatchAssembly()
    {
        var references = typeof(ShopifySimulator).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "");
        Assert.DoesNotContain(references, r => r.StartsWith("Gapwatch", StringComparison.Ordinal));
    }

    [Fact]
    public void Connectors_DoNotReferenceTheSimulatorsOrTheStore()
    {
        var references = typeof(SyncRunner).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain("Gapwatch.Simulators", references);
        Assert.DoesNotContain("Gapwatch.Store", references);
        Assert.DoesNotContain("Microsoft.Data.Sqlite", references);
    }
}
