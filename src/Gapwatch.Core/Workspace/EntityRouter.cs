using Gapwatch.Model;

namespace Gapwatch.Workspace;

/// <summary>Where an order should post: one entity, none, or ambiguous (two rules disagree).</summary>
public readonly record struct EntityRoute(string? Entity, bool Ambiguous)
{
    public static EntityRoute None { get; } = new(null, false);

    public static EntityRoute Conflict { get; } = new(null, true);

    public string Describe() => Ambiguous ? "ambiguous" : Entity ?? "unrouted";
}

/// <summary>Applies the field map's entity routing (docs/reconciliation.md, "Expected entity").</summary>
public sealed class EntityRouter
{
    private readonly EntityRouting routing;
    private readonly HashSet<string> entities;
    private readonly string? fallback;

    public EntityRouter(WorkspaceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        routing = settings.EntityRouting;
        entities = new HashSet<string>(settings.Entities, StringComparer.Ordinal);
        fallback = routing.DefaultEntity ?? (settings.Entities.Count == 1 ? settings.Entities[0] : null);
    }

    public EntityRoute Route(CommerceOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.CustomerId is not null
            && routing.CustomerOverrides.TryGetValue(CommerceRef.Format(order.Platform, order.CustomerId), out var overridden))
        {
            return new EntityRoute(overridden, false);
        }

        var byTag = ByTag(order.Tags);
        var byCountry = order.ShipToCountry is not null && routing.ByShipToCountry.TryGetValue(order.ShipToCountry, out var c) ? c : null;
        return (byTag, byCountry) switch
        {
            (null, null) => fallback is null ? EntityRoute.None : new EntityRoute(fallback, false),
            ({ } tag, null) => new EntityRoute(tag, false),
            (null, { } country) => new EntityRoute(country, false),
            ({ } tag, { } country) when tag == country => new EntityRoute(tag, false),
            _ => EntityRoute.Conflict,
        };
    }

    private string? ByTag(IReadOnlyList<string> tags)
    {
        var prefix = routing.TagPrefix + ":";
        foreach (var tag in tags)
        {
            if (!tag.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = tag[prefix.Length..].Trim();
            if (routing.ByTagValue.TryGetValue(value, out var entity))
            {
                return entity;
            }

            if (entities.Contains(value))
            {
                return value;
            }
        }

        return null;
    }
}
