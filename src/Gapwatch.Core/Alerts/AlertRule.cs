using Gapwatch.Cards;

namespace Gapwatch.Alerts;

/// <summary>What a refresh did to a card's alert: nothing, fired (crossed its threshold), or re-armed (fell back).</summary>
public enum AlertTransition
{
    Fired = 1,
    Rearmed = 2,
}

/// <summary>One alert transition, with what a message needs: the card, the figure, the threshold and when.</summary>
public sealed record AlertEvent(
    string CardKey,
    string Title,
    AlertTransition Transition,
    decimal Figure,
    decimal Threshold,
    string Unit,
    DateTimeOffset AsOf);

/// <summary>
/// Product spec §5: a threshold crossing fires once and re-arms when the figure falls back. The
/// state is the card's sentiment in the previous snapshot, so the rule needs no store of its own:
/// alert after ok (or after nothing) fires, ok after alert re-arms, anything else is quiet.
/// </summary>
public static class AlertRule
{
    /// <param name="previous">The cards of the last good snapshot, or null before the first refresh.</param>
    /// <param name="current">The cards just computed.</param>
    public static IReadOnlyList<AlertEvent> Evaluate(IReadOnlyList<CardResult>? previous, IReadOnlyList<CardResult> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var before = (previous ?? []).ToDictionary(c => c.Key, c => c.Sentiment == Sentiment.Alert, StringComparer.Ordinal);
        var events = new List<AlertEvent>();
        foreach (var card in current)
        {
            var wasFiring = before.GetValueOrDefault(card.Key);
            var isFiring = card.Sentiment == Sentiment.Alert;
            if (wasFiring != isFiring)
            {
                events.Add(new AlertEvent(
                    card.Key, card.Title, isFiring ? AlertTransition.Fired : AlertTransition.Rearmed,
                    card.AlertFigure, card.Threshold, card.Unit, card.AsOf));
            }
        }

        return events;
    }
}
