using Gapwatch.Alerts;
using Gapwatch.Cards;
using Gapwatch.Model;

namespace Gapwatch.Core.Tests.Alerts;

public sealed class AlertRuleTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 4, 12, 23, 59, 59, TimeSpan.Zero);

    private static CardResult Card(string key, decimal figure, decimal threshold = 10m) => new()
    {
        Key = key,
        Title = key,
        Erp = ErpKind.SageIntacct,
        Window = CardWindow.EndingOn(new DateOnly(2026, 4, 12), 7),
        AsOf = AsOf,
        Headline = figure,
        Unit = "count",
        ReportingCurrency = "USD",
        Sentiment = figure > threshold ? Sentiment.Alert : Sentiment.Ok,
        AlertFigure = figure,
        Threshold = threshold,
        Roles = ["owner"],
        Groups = [],
    };

    [Fact]
    public void FirstRefreshAboveTheThreshold_Fires()
    {
        var fired = Assert.Single(AlertRule.Evaluate(null, [Card(CardKeys.CustomersAbsent, 34m), Card(CardKeys.RevenueGap, 3m)]));
        Assert.Equal((CardKeys.CustomersAbsent, AlertTransition.Fired, 34m, 10m), (fired.CardKey, fired.Transition, fired.Figure, fired.Threshold));
    }

    [Fact]
    public void StillAbove_FiresOnlyOnce()
    {
        Assert.Empty(AlertRule.Evaluate([Card(CardKeys.CustomersAbsent, 34m)], [Card(CardKeys.CustomersAbsent, 40m)]));
    }

    [Fact]
    public void FallingBack_RearmsAndTheNextCrossingFiresAgain()
    {
        var rearmed = Assert.Single(AlertRule.Evaluate([Card(CardKeys.CustomersAbsent, 34m)], [Card(CardKeys.CustomersAbsent, 10m)]));
        Assert.Equal(AlertTransition.Rearmed, rearmed.Transition);
        var again = Assert.Single(AlertRule.Evaluate([Card(CardKeys.CustomersAbsent, 10m)], [Card(CardKeys.CustomersAbsent, 11m)]));
        Assert.Equal(AlertTransition.Fired, again.Transition);
    }

    [Fact]
    public void BelowAndStillBelow_IsQuiet()
    {
        Assert.Empty(AlertRule.Evaluate(null, [Card(CardKeys.RevenueGap, 10m)]));
        Assert.Empty(AlertRule.Evaluate([Card(CardKeys.RevenueGap, 1m)], [Card(CardKeys.RevenueGap, 10m)]));
    }
}
