using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Core.Tests.Workspace;

public sealed class EntityRouterTests
{
    private static readonly WorkspaceSettings Settings = new()
    {
        Name = "routing",
        Erp = ErpKind.SageIntacct,
        Entities = ["EAST", "WEST"],
        ReportingCurrency = Currency.Of("USD"),
        EntityRouting = new EntityRouting
        {
            ByTagValue = new Dictionary<string, string> { ["east"] = "EAST", ["west"] = "WEST" },
            ByShipToCountry = new Dictionary<string, string> { ["US"] = "EAST", ["CA"] = "WEST" },
            CustomerOverrides = new Dictionary<string, string> { ["shopify:vip"] = "WEST" },
        },
    };

    private static CommerceOrder Order(string? customer = null, string[]? tags = null, string? shipTo = null) => new(
        Platform.Shopify, "1", null, customer, DateTimeOffset.UnixEpoch, CommerceOrderStatus.Open, "USD", 10m, 0m, 0m, 0m, false, 10m,
        shipTo, tags ?? [], null);

    [Fact]
    public void Route_TagAndCountryAgree_PicksThatEntity() =>
        Assert.Equal(new EntityRoute("EAST", false), new EntityRouter(Settings).Route(Order(tags: ["entity:east"], shipTo: "US")));

    [Fact]
    public void Route_TagAndCountryDisagree_IsAmbiguous() =>
        Assert.True(new EntityRouter(Settings).Route(Order(tags: ["entity:east"], shipTo: "CA")).Ambiguous);

    [Fact]
    public void Route_CustomerOverride_WinsOverRules() =>
        Assert.Equal("WEST", new EntityRouter(Settings).Route(Order(customer: "vip", tags: ["entity:east"], shipTo: "US")).Entity);

    [Fact]
    public void Route_NoRuleFitsAndNoDefault_IsUnrouted() =>
        Assert.Equal(EntityRoute.None, new EntityRouter(Settings).Route(Order(shipTo: "FR")));

    [Fact]
    public void Route_SingleEntityWorkspace_FallsBackToIt()
    {
        var single = Settings with { Entities = ["UK01"], EntityRouting = new EntityRouting() };
        Assert.Equal("UK01", new EntityRouter(single).Route(Order(shipTo: "FR")).Entity);
    }
}
