using System.Globalization;
using Gapwatch.Cards;
using Gapwatch.Model;
using Gapwatch.Workspaces;

namespace Gapwatch.Web.Api;

/// <summary>Reads and checks the drill's query parameters; a bad value is a 400 naming the parameter.</summary>
public static class DrillQuery
{
    public const int DefaultLimit = 100;
    public const int MaximumLimit = 1000;

    /// <summary>The paging pair of any list: <c>limit</c> 1–<paramref name="maximum"/>, <c>offset</c> ≥ 0.</summary>
    public static (int Limit, int Offset, (string Parameter, string Message)? Error) Paging(string? limit, string? offset, int defaultLimit = DefaultLimit, int maximum = MaximumLimit)
    {
        var parsedLimit = defaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out parsedLimit) || parsedLimit < 1 || parsedLimit > maximum))
        {
            return (0, 0, ("limit", $"limit must be a whole number from 1 to {maximum.ToString(CultureInfo.InvariantCulture)}, not '{limit}'"));
        }

        var parsedOffset = 0;
        if (offset is not null && (!int.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out parsedOffset) || parsedOffset < 0))
        {
            return (0, 0, ("offset", $"offset must be a whole number, 0 or more, not '{offset}'"));
        }

        return (parsedLimit, parsedOffset, null);
    }

    public static (RowQuery? Query, (string Parameter, string Message)? Error) Parse(
        CardResult card, IReadOnlyList<string> entities,
        string? entity, string? group, string? platform, string? dimension, string? sort, string? limit, string? offset)
    {
        ArgumentNullException.ThrowIfNull(card);
        ArgumentNullException.ThrowIfNull(entities);
        var (pageLimit, pageOffset, pagingError) = Paging(limit, offset);
        if (pagingError is not null)
        {
            return (null, pagingError);
        }

        if (entity is not null && !entities.Contains(entity, StringComparer.Ordinal))
        {
            return (null, ("entity", $"no entity '{entity}' in this workspace: the entities are {string.Join(", ", entities)}"));
        }

        if (group is not null && !card.Groups.Any(g => g.Key == group))
        {
            return (null, ("group", $"card {card.Key} has no group '{group}': its groups are {string.Join(", ", card.Groups.Select(g => g.Key))}"));
        }

        var platforms = Enum.GetValues<Platform>().Select(p => p.Key()).ToList();
        if (platform is not null && !platforms.Contains(platform, StringComparer.Ordinal))
        {
            return (null, ("platform", $"no platform '{platform}': the platforms are {string.Join(", ", platforms)}"));
        }

        if (dimension is not null)
        {
            var name = dimension.Split(':', 2)[0];
            if (card.Unit == "count")
            {
                return (null, ("dimension", $"card {card.Key} lists customers, which carry no ERP dimensions; dimension filters apply to the revenue-gap cards"));
            }

            if (!dimension.Contains(':', StringComparison.Ordinal) || !RowQuery.DimensionNames.Contains(name, StringComparer.Ordinal))
            {
                return (null, ("dimension", $"dimension must be name:value with name one of {string.Join(", ", RowQuery.DimensionNames)} (for example department:200), not '{dimension}'"));
            }
        }

        var sortKeys = RowQuery.SortKeys(card.Unit);
        if (sort is not null && !sortKeys.Contains(sort.StartsWith('-') ? sort[1..] : sort, StringComparer.Ordinal))
        {
            return (null, ("sort", $"rows of {card.Key} sort by {string.Join(", ", sortKeys)} (a leading '-' for descending), not '{sort}'"));
        }

        return (new RowQuery(entity, group, pageOffset, pageLimit, platform, dimension, sort), null);
    }
}
