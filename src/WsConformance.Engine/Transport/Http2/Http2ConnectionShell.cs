using System.Net.Sockets;
using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The I/O both HTTP/2 shells share (<see cref="Http2ClientConnection"/>, <see cref="Http2ServerConnection"/>): the core
/// behind one lock; its frames written in order, one writer at a time (never awaited by the read loop, so it cannot
/// deadlock against a peer that waits on its own writes); writers waiting for WINDOW_UPDATE.
/// </summary>
internal abstract class Http2ConnectionShell<TCore>(Socket socket, Stream transport, TCore core) : IHttp2StreamCarrier, IAsyncDisposable
    where TCore : Http2EndCore
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private TaskCompletionSource _sendWindowGrew = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected Lock Gate { get; } = new();

    /// <summary>Only under <see cref="Gate"/>.</summary>
    protected TCore Core { get; } = core;

    protected Socket Socket { get; } = socket;

    protected Stream Transport { get; } = transport;

    /// <summary>Why the connection is over, or null; set once.</summary>
    protected string? Lost { get; set; }

    protected CancellationTokenSource Lifetime { get; } = new();

    public bool HasUnreadTransportInput()
    {
        try
        {
            return Socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="data"/> on the stream as the peer's windows allow, waiting for WINDOW_UPDATEs in between.</summary>
    public async ValueTask WriteAsync(uint streamId, ReadOnlyMemory<byte> data, Func<string> whyNot, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            Task? windowGrew = null;
            lock (Gate)
            {
                if (Lost is not null || Core.CannotSend(streamId))
                {
                    throw new IOException(Lost ?? whyNot());
                }

                int sendable = Math.Min(Core.SendableBytes(streamId), data.Length);
                if (sendable > 0)
                {
                    Core.SendData(streamId, data.Span[..sendable]);
                    data = data[sendable..];
                }
                else
                {
                    windowGrew = _sendWindowGrew.Task;
                }
            }

            await (windowGrew is null ? FlushAsync(cancellationToken) : windowGrew.WaitAsync(cancellationToken));
        }
    }

    public void Consumed(uint streamId, int count) => ActThenFlush(core => core.Consumed(streamId, count));

    public void EndStream(uint streamId) => ActThenFlush(core => core.EndStream(streamId));

    public virtual void ResetStream(uint streamId, Http2ErrorCode code) => ActThenFlush(core => core.ResetStream(streamId, code));

    public abstract ValueTask ReleaseAsync(uint streamId);

    public abstract ValueTask DisposeAsync();

    /// <summary>The connection is over (set <see cref="Lost"/> first): tell the streams; the shell's writers give up below.</summary>
    protected abstract void OnLostStreams(string reason);

    protected void ActThenFlush(Action<TCore> input)
    {
        lock (Gate)
        {
            input(Core);
            if (!Core.HasOutgoing)
            {
                return;
            }
        }

        _ = TryFlushAsync(Lifetime.Token);
    }

    /// <summary>Writes every frame the core has queued, in order; the write lock keeps concurrent flushes from interleaving.</summary>
    protected async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                byte[] bytes;
                lock (Gate)
                {
                    if (!Core.HasOutgoing)
                    {
                        break;
                    }

                    bytes = Core.TakeOutgoing();
                }

                await Transport.WriteAsync(bytes, cancellationToken);
            }

            await Transport.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            OnLost($"Writing to the HTTP/2 connection failed: {e.Message}");
            throw new IOException(e.Message, e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>A flush nobody waits for (window updates, END_STREAM, RST_STREAM): a failure ends the connection, and that is all.</summary>
    protected async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Recorded by FlushAsync, or the connection is being disposed.
        }
    }

    protected void SignalSendWindow()
    {
        TaskCompletionSource grew;
        lock (Gate)
        {
            grew = _sendWindowGrew;
            _sendWindowGrew = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        grew.TrySetResult();
    }

    /// <summary>The connection is over: every stream ends as after a TCP reset, and writers waiting for window give up.</summary>
    protected void OnLost(string reason)
    {
        lock (Gate)
        {
            Lost ??= reason;
            reason = Lost;
        }

        OnLostStreams(reason);
        SignalSendWindow();
    }

    /// <summary>Releases what the shell itself holds, once the read loop has stopped.</summary>
    protected void DisposeShell()
    {
        Lifetime.Dispose();
        _writeLock.Dispose();
    }
}
