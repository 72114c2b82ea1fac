namespace Gapwatch.Simulators.Hosting;

/// <summary>
/// What a test steers in every simulator, shared by its handler (which reads it per request) and its
/// public face (which a test drives): the queued faults, the journal of requests, a hook called
/// before each answer, and whether the credentials were revoked.
/// </summary>
public sealed class SimulatorControls<TFault, TEntry>
    where TFault : class, IQueuedFault
{
    public PendingFaults<TFault> Faults { get; } = new();

    public RequestJournal<TEntry> Journal { get; } = new();

    /// <summary>Once set, every request is answered 401 as the vendor does for a deleted app, integration or token.</summary>
    public bool Revoked { get; set; }

    /// <summary>Called with each request's number (from 1) before it is answered: a test can change data or kill a client there.</summary>
    public Func<int, Task>? BeforeAnswer { get; set; }

    /// <summary>Journals the request (<paramref name="describe"/> gets its number), then runs <see cref="BeforeAnswer"/>. Returns the number.</summary>
    public async Task<int> ArriveAsync(Func<int, TEntry> describe)
    {
        var number = Journal.Record(describe);
        if (BeforeAnswer is { } hook)
        {
            await hook(number).ConfigureAwait(false);
        }

        return number;
    }
}

/// <summary>
/// The public face every simulator shares on top of its host: requests seen, the journal, the
/// before-answer hook, queued faults, revocation and shutdown. Each simulator adds its address
/// (under its vendor's name), its dataset and options.
/// </summary>
public abstract class SimulatorBase<TFault, TEntry> : IAsyncDisposable
    where TFault : class, IQueuedFault
{
    private readonly SimulatorHost host;
    private readonly SimulatorControls<TFault, TEntry> controls;

    protected SimulatorBase(SimulatorHost host, SimulatorControls<TFault, TEntry> controls)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(controls);
        this.host = host;
        this.controls = controls;
    }

    /// <summary>Requests received so far, faults included.</summary>
    public int Requests => controls.Journal.Count;

    /// <summary>Every request received, faults included, in arrival order.</summary>
    public IReadOnlyList<TEntry> Log => controls.Journal.Entries;

    /// <summary>Called with each request's number (from 1) before it is answered: a test can kill a client process here.</summary>
    public Func<int, Task>? BeforeAnswer
    {
        get => controls.BeforeAnswer;
        set => controls.BeforeAnswer = value;
    }

    /// <summary><c>http://127.0.0.1:port/</c>, with the trailing slash.</summary>
    protected Uri HostAddress => host.Address;

    /// <summary>Queues faults for the next matching requests.</summary>
    public void Inject(params TFault[] faults) => controls.Faults.Enqueue(faults);

    /// <summary>From now on every request is answered 401, as when the merchant deletes the app, API account or integration.</summary>
    public void RevokeToken() => controls.Revoked = true;

    public async ValueTask DisposeAsync()
    {
        await host.DisposeAsync().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }
}
