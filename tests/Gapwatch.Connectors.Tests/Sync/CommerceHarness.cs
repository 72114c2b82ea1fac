using Gapwatch.Connectors.Sync;
using Gapwatch.Ports;
using Gapwatch.Simulators.Hosting;
using Gapwatch.Store;
using Gapwatch.Testing.Time;
using Microsoft.Extensions.DependencyInjection;

namespace Gapwatch.Connectors.Tests.Sync;

/// <summary>The transport and vendor-load faults every commerce simulator serves, each in its own wire shape.</summary>
public enum CommerceFaultKind
{
    /// <summary>HTTP 429 with the platform's wait signal (<c>Retry-After</c>, or BigCommerce's reset header) of <see cref="CommerceFault.WaitSeconds"/>.</summary>
    TooManyRequests = 1,

    /// <summary>HTTP <see cref="CommerceFault.StatusCode"/> with the platform's error body.</summary>
    ServerError = 2,

    ConnectionReset = 3,

    /// <summary>HTTP 200, JSON content type, the body cut in half.</summary>
    TruncatedJson = 4,

    /// <summary>HTTP 200 with an HTML maintenance page.</summary>
    HtmlPage = 5,

    /// <summary>No answer until the client gives up.</summary>
    Hang = 6,
}

/// <summary>A fault in the shared vocabulary; each harness turns it into its simulator's own fault record.</summary>
internal sealed record CommerceFault(CommerceFaultKind Kind)
{
    /// <summary>Only requests for this resource (<c>customers</c>, <c>orders</c>, …) match; null matches all.</summary>
    public string? Resource { get; init; }

    public int After { get; init; }

    public int Times { get; init; } = 1;

    public int StatusCode { get; init; } = 503;

    public int WaitSeconds { get; init; } = 2;
}

/// <summary>
/// One workspace store, one simulated platform on loopback and the real connector between them over
/// HTTP, on a fake clock that jumps over waits. Records every cursor it sees, so a test can assert
/// that no cursor ever went back. Disposing stops the server and deletes the store. This is what the
/// shared fault tests (<see cref="CommerceFaultTests"/>) drive; each platform adds its connection,
/// streams, dataset edits and expected records.
/// </summary>
internal abstract class CommerceHarness : SyncHarness
{
    public static readonly DateTimeOffset Start = new(2026, 4, 13, 8, 0, 0, TimeSpan.Zero);

    protected CommerceHarness(string platform, AutoAdvancingClock clock, Action<IServiceCollection> addConnector)
        : base(platform, clock, addConnector)
    {
        Platform = platform;
        Options = new() { PageSize = 5 };
    }

    /// <summary>The platform name the runner records freshness under (<c>shopify</c>, <c>bigcommerce</c>, <c>adobe_commerce</c>).</summary>
    public string Platform { get; }

    /// <summary>The workspace source the records and checkpoints are kept under.</summary>
    public string SyncSource => Platform + ":sim";

    /// <summary>Requests the simulator received, faults included.</summary>
    public abstract int Requests { get; }

    /// <summary>The resource of the request being answered (the last one received).</summary>
    public abstract string? LastResource { get; }

    public abstract Func<int, Task>? BeforeAnswer { get; set; }

    public abstract int RequestsFor(string resource);

    public abstract void RevokeToken();

    public abstract void Inject(CommerceFault fault);

    /// <summary>Adds or replaces an order in the simulator's data (subtotal, shipping and tax in <paramref name="currency"/>).</summary>
    public abstract void PutOrder(long id, DateTimeOffset updatedAt, long customerId, string currency, decimal subtotal, decimal shipping, decimal tax);

    /// <summary>One run of every stream (companies only when <paramref name="includeCompanies"/>), optionally through a crashing state store or source wrapper.</summary>
    public abstract Task<SyncSummary> SyncAsync(bool includeCompanies = true, ISyncStateStore? state = null, Func<IStreamSource, IStreamSource>? wrap = null);

    /// <summary>What the store must hold for the simulator's current data: every object at its served version.</summary>
    public abstract Dictionary<string, DateTimeOffset?> Expected();

    /// <summary>The commerce records in the store as key → version, asserting no key appears twice.</summary>
    public Dictionary<string, DateTimeOffset?> Stored() => SyncInvariants.Stored(Store);

    public void AssertStoreEqualsSource() => SyncInvariants.AssertStoreEquals(Expected(), Stored());

    protected Task<SyncSummary> RunAsync(IEnumerable<IStreamSource> streams, ISyncStateStore? state, Func<IStreamSource, IStreamSource>? wrap) =>
        RunAsync(SyncSource, Platform, streams, state, wrap);
}

/// <summary>The harness members that only need the simulator's shared face (<see cref="SimulatorBase{TFault, TEntry}"/>).</summary>
internal abstract class CommerceHarness<TSimulator, TFault, TEntry>(string platform, TSimulator simulator, AutoAdvancingClock clock, Action<IServiceCollection> addConnector, Func<TEntry, string?> resourceOf)
    : CommerceHarness(platform, clock, addConnector)
    where TSimulator : SimulatorBase<TFault, TEntry>
    where TFault : class, IQueuedFault
{
    public TSimulator Simulator { get; } = simulator;

    public override int Requests => Simulator.Requests;

    public override string? LastResource => resourceOf(Simulator.Log[^1]);

    public override Func<int, Task>? BeforeAnswer
    {
        get => Simulator.BeforeAnswer;
        set => Simulator.BeforeAnswer = value;
    }

    public override int RequestsFor(string resource) => Simulator.Log.Count(entry => resourceOf(entry) == resource);

    public override void RevokeToken() => Simulator.RevokeToken();

    public override void Inject(CommerceFault fault) => Simulator.Inject(Translate(fault));

    /// <summary>The simulator's own fault kind: every simulator names the shared kinds as <see cref="CommerceFaultKind"/> does.</summary>
    protected static TKind KindOf<TKind>(CommerceFault fault)
        where TKind : struct, Enum => Enum.Parse<TKind>(fault.Kind.ToString());

    /// <summary>The simulator's own fault record for a shared one.</summary>
    protected abstract TFault Translate(CommerceFault fault);

    protected override ValueTask DisposeSimulatorAsync() => Simulator.DisposeAsync();
}
