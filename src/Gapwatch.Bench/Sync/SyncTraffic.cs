using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Gapwatch.Connectors.Sync;
using Gapwatch.Model;
using Gapwatch.Ports;

namespace Gapwatch.Bench.Sync;

/// <summary>
/// What one stream cost: HTTP calls and response bytes (counted by <see cref="CountingHandler"/>
/// under the connector's resilience pipeline, so a retried attempt is a call), time waiting for
/// response headers (the server building its answer), time in the stream's page reads (HTTP, body
/// read, JSON parse and mapping) and time committing pages to the store.
/// </summary>
public sealed class StreamTraffic
{
    private long calls;
    private long bytes;
    private long serverTicks;
    private long readTicks;
    private long storeTicks;

    public int Calls => (int)Interlocked.Read(ref calls);

    public long Bytes => Interlocked.Read(ref bytes);

    public TimeSpan ServerWait => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref serverTicks));

    public TimeSpan Read => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref readTicks));

    public TimeSpan Store => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref storeTicks));

    internal void AddCall() => Interlocked.Increment(ref calls);

    internal void AddBytes(long count) => Interlocked.Add(ref bytes, count);

    internal void AddServer(long ticks) => Interlocked.Add(ref serverTicks, ticks);

    internal void AddRead(long ticks) => Interlocked.Add(ref readTicks, ticks);

    internal void AddStore(long ticks) => Interlocked.Add(ref storeTicks, ticks);
}

/// <summary>Traffic per stream; the stream being read is carried by an async-local set around each page read.</summary>
public sealed class SyncTraffic
{
    private static readonly AsyncLocal<string?> Current = new();
    private readonly ConcurrentDictionary<string, StreamTraffic> streams = new(StringComparer.Ordinal);

    public StreamTraffic this[string stream] => streams.GetOrAdd(stream, _ => new StreamTraffic());

    /// <summary>Traffic made outside any stream's page read (none expected).</summary>
    public const string Unattributed = "(none)";

    internal StreamTraffic Active => this[Current.Value ?? Unattributed];

    public bool Has(string stream) => streams.ContainsKey(stream);

    /// <summary>Wraps a stream so its page reads are timed and its HTTP calls attributed to it.</summary>
    public IStreamSource Wrap(IStreamSource stream) => new TimedStream(stream, this);

    /// <summary>Wraps the sync state store so page commits are timed per stream.</summary>
    public ISyncStateStore Wrap(ISyncStateStore state) => new TimedState(state, this);

    private sealed class TimedStream(IStreamSource inner, SyncTraffic traffic) : IStreamSource
    {
        public string Name => inner.Name;

        public async Task<SourcePage> ReadPageAsync(PageRequest request, CancellationToken cancellationToken)
        {
            var previous = Current.Value;
            Current.Value = inner.Name;
            var started = Stopwatch.GetTimestamp();
            try
            {
                return await inner.ReadPageAsync(request, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                traffic[inner.Name].AddRead(Stopwatch.GetTimestamp() - started);
                Current.Value = previous;
            }
        }
    }

    private sealed class TimedState(ISyncStateStore inner, SyncTraffic traffic) : ISyncStateStore
    {
        public StreamCheckpoint? Checkpoint(string source, string stream) => inner.Checkpoint(source, stream);

        public IReadOnlyList<StreamCheckpoint> Checkpoints(string source) => inner.Checkpoints(source);

        public PageCommit CommitPage(string source, string stream, IReadOnlyCollection<ISourceRecord> records, IReadOnlyCollection<QuarantinedRecord> quarantined, SyncCursor? cursor, bool rewind = false)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                return inner.CommitPage(source, stream, records, quarantined, cursor, rewind);
            }
            finally
            {
                traffic[stream].AddStore(Stopwatch.GetTimestamp() - started);
            }
        }

        public int QuarantinedCount(string source) => inner.QuarantinedCount(source);
    }
}

/// <summary>
/// Counts each HTTP attempt and the response bytes read from it, for the stream being read. Sits
/// inside the connector's resilience handler (every attempt passes here) and times the wait for the
/// response headers.
/// </summary>
internal sealed class CountingHandler(SyncTraffic traffic) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var stream = traffic.Active;
        stream.AddCall();
        var started = Stopwatch.GetTimestamp();
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        stream.AddServer(Stopwatch.GetTimestamp() - started);
        response.Content = new CountingContent(response.Content, stream);
        return response;
    }

    private sealed class CountingContent : HttpContent
    {
        private readonly HttpContent inner;
        private readonly StreamTraffic traffic;

        public CountingContent(HttpContent inner, StreamTraffic traffic)
        {
            this.inner = inner;
            this.traffic = traffic;
            foreach (var header in inner.Headers)
            {
                Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
        }

        protected override async Task<Stream> CreateContentReadStreamAsync() => new CountingStream(await inner.ReadAsStreamAsync().ConfigureAwait(false), traffic);

        protected override async Task<Stream> CreateContentReadStreamAsync(CancellationToken cancellationToken) =>
            new CountingStream(await inner.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false), traffic);

        protected override Stream CreateContentReadStream(CancellationToken cancellationToken) => new CountingStream(inner.ReadAsStream(cancellationToken), traffic);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var source = await CreateContentReadStreamAsync().ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(stream).ConfigureAwait(false);
            }
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var source = await CreateContentReadStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await source.CopyToAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class CountingStream(Stream inner, StreamTraffic traffic) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Counted(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Counted(int read)
        {
            traffic.AddBytes(read);
            return read;
        }
    }
}
