using Gapwatch.Cards;

namespace Gapwatch.Web.Auth;

/// <summary>
/// The five roles of product spec §1. A card declares its roles (<see cref="CardCatalog.Roles"/>);
/// a user sees a card when they hold one of them. Admin is not a card audience: it manages users,
/// reads the audit log and may refresh.
/// </summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Finance = "finance";
    public const string Marketing = "marketing";
    public const string Operations = "operations";
    public const string Admin = "admin";

    public static IReadOnlyList<string> All { get; } = [Owner, Finance, Marketing, Operations, Admin];

    /// <summary>Who may read the audit log.</summary>
    public static IReadOnlyList<string> AuditReaders { get; } = [Owner, Admin];

    /// <summary>Who may start a refresh now (marketing reads only).</summary>
    public static IReadOnlyList<string> Refreshers { get; } = [Owner, Finance, Operations, Admin];

    public static bool CanSee(IReadOnlyList<string> userRoles, string cardKey)
    {
        ArgumentNullException.ThrowIfNull(userRoles);
        var cardRoles = CardCatalog.Roles(cardKey);
        return userRoles.Any(cardRoles.Contains);
    }

    public static bool AnyOf(IReadOnlyList<string> userRoles, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(userRoles);
        return userRoles.Any(allowed.Contains);
    }

    /// <summary>Reads roles given as words (repeated or comma-separated); unknown words are an error naming them.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        var roles = words.SelectMany(w => w.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(w => w.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        var unknown = roles.Where(r => !All.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"unknown role(s) {string.Join(", ", unknown)}: the roles are {string.Join(", ", All)}");
        }

        if (roles.Count == 0)
        {
            throw new ArgumentException($"give at least one role: {string.Join(", ", All)}");
        }

        return roles;
    }
}
