using Gapwatch.Model;
using Gapwatch.Workspace;

namespace Gapwatch.Reconciliation.Input;

/// <summary>Dense integer slots for currencies (reporting currency first) and entities.</summary>
internal sealed class Slots
{
    private readonly Dictionary<string, short> currencies = new(StringComparer.Ordinal);
    private readonly List<Currency> currencyList = [];
    private readonly Dictionary<string, int> entities = new(StringComparer.Ordinal);
    private readonly List<string> entityList = [];

    public Slots(WorkspaceSettings settings)
    {
        Reporting = settings.ReportingCurrency;
        Currency(Reporting.Code);
        foreach (var entity in settings.Entities)
        {
            Entity(entity);
        }
    }

    public Currency Reporting { get; }

    public short Currency(string code)
    {
        if (currencies.TryGetValue(code, out var slot))
        {
            return slot;
        }

        slot = checked((short)currencyList.Count);
        currencyList.Add(Model.Currency.Of(code));
        currencies.Add(code, slot);
        return slot;
    }

    public int Entity(string name)
    {
        if (entities.TryGetValue(name, out var slot))
        {
            return slot;
        }

        slot = entityList.Count;
        entityList.Add(name);
        entities.Add(name, slot);
        return slot;
    }

    public int Route(EntityRoute route) =>
        route.Ambiguous ? EntitySlot.Ambiguous : route.Entity is null ? EntitySlot.None : Entity(route.Entity);

    public Currency[] CurrencyArray() => [.. currencyList];

    public string[] EntityArray() => [.. entityList];
}

/// <summary>
/// Resolves an ERP document's external order reference to a commerce order: the qualified
/// <c>platform:id</c> form first, then a bare id or order number when exactly one order has it.
/// </summary>
internal sealed class OrderReferenceIndex
{
    private const int Duplicate = -2;
    private readonly Dictionary<string, int> qualified = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> bare = new(StringComparer.Ordinal);

    public OrderReferenceIndex(IReadOnlyList<CommerceOrder> orders)
    {
        for (var i = 0; i < orders.Count; i++)
        {
            qualified[orders[i].Key] = i;
            AddBare(orders[i].Id, i);
            if (orders[i].Number is { } number && number != orders[i].Id)
            {
                AddBare(number, i);
            }
        }
    }

    public int Resolve(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return -1;
        }

        var trimmed = reference.Trim();
        if (qualified.TryGetValue(trimmed, out var order))
        {
            return order;
        }

        return bare.TryGetValue(trimmed, out order) && order >= 0 ? order : -1;
    }

    private void AddBare(string reference, int order)
    {
        if (bare.TryGetValue(reference, out var existing) && existing != order)
        {
            bare[reference] = Duplicate;
            return;
        }

        bare[reference] = order;
    }
}
