namespace WsConformance.TestServers;

/// <summary>
/// A correct echo server that behaves like a single-threaded one on a busy machine, deterministically: it handles
/// one event at a time (every read of every connection, the opening handshake included, waits its turn), and each
/// event costs <c>penalty × (open connections − 1)</c>. Alone it is fast; fifty connections at once make it slow
/// enough that the protocol timers of a harness that does not pace itself run out — so its verdicts under any
/// concurrency must equal its verdicts one case at a time.
/// </summary>
public sealed class CrowdSensitiveServer : IAsyncDisposable
{
    private readonly SemaphoreSlim _eventLoop = new(1, 1);
    private readonly TimeSpan _penaltyPerExtraConnection;
    private readonly LoopbackServer _server;
    private int _open;
    private int _mostOpen;

    private CrowdSensitiveServer(EchoBehaviour behaviour, TimeSpan penaltyPerExtraConnection)
    {
        _penaltyPerExtraConnection = penaltyPerExtraConnection;
        _server = LoopbackServer.Start(async (socket, stream, stopping) =>
        {
            Interlocked.Increment(ref _open);
            InterlockedMax(ref _mostOpen, Volatile.Read(ref _open));
            try
            {
                var crowded = new CrowdedStream(stream, this);
                var (accepted, leftover) = await ServerHandshake.RunAsync(crowded, behaviour.Accept, stopping);
                if (accepted)
                {
                    await new EchoConnection(socket, crowded, behaviour, stopping).RunAsync(leftover);
                }
            }
            finally
            {
                Interlocked.Decrement(ref _open);
            }
        });
    }

    public Uri Uri => _server.Uri;

    /// <summary>The most connections that were open at once.</summary>
    public int MostOpenConnections => Volatile.Read(ref _mostOpen);

    public static CrowdSensitiveServer Start(EchoBehaviour behaviour, TimeSpan penaltyPerExtraConnection) => new(behaviour, penaltyPerExtraConnection);

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _eventLoop.Dispose();
    }

    /// <summary>Handles one event: waits for the one thread, then pays for every other open connection.</summary>
    private async Task TakeTurnAsync(CancellationToken cancellationToken)
    {
        await _eventLoop.WaitAsync(cancellationToken);
        try
        {
            var crowd = Math.Max(0, Volatile.Read(ref _open) - 1);
            if (crowd > 0)
            {
                await Task.Delay(_penaltyPerExtraConnection * crowd, cancellationToken);
            }
        }
        finally
        {
            _eventLoop.Release();
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    /// <summary>The connection's stream, with every completed read passing through the server's one event loop.</summary>
    private sealed class CrowdedStream(Stream inner, CrowdSensitiveServer server) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken);
            if (read > 0)
            {
                await server.TakeTurnAsync(cancellationToken);
            }

            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("The crowd-sensitive server reads asynchronously.");

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
