using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Connectors.Tests.Sync;

/// <summary>A stream whose pages are scripted per call: a page, or a failure to throw.</summary>
internal sealed class ScriptedSource(string name, params Func<PageRequest, SourcePage>[] script) : IStreamSource
{
    private int calls;

    public string Name => name;

    public List<PageRequest> Requests { get; } = [];

    public Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        var step = script[Math.Min(calls++, script.Length - 1)];
        return Task.FromResult(step(request));
    }

    public static CommerceRefund Refund(string id, DateTimeOffset updatedAt, string currency = "USD") =>
        new(Platform.Shopify, id, "1001", updatedAt, 5m, 0m, currency, updatedAt);

    public static SourcePage Page(string? next, params CommerceRefund[] refunds) =>
        new(refunds, [], refunds.Length, refunds.Select(r => new SyncCursor(r.UpdatedAt!.Value, r.Id)).Max(), next);
}
