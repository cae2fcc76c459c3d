using System.Net.Sockets;
using WsConformance.Engine.Timing;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The async shell around an <see cref="Http2ClientCore"/>: a read loop feeds it the server's bytes and hands its events
/// to the streams; writes drain its outgoing frames in order, one writer at a time. The core sits behind one lock.
/// </summary>
internal sealed class Http2ClientConnection : IAsyncDisposable
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>How long the closing GOAWAY may take to write: the connection is being thrown away, it must not hold up a case.</summary>
    private static readonly TimeSpan GoAwayWriteLimit = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly Stream _transport;
    private readonly TimeProvider _time;
    private readonly Http2ClientCore _core;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Dictionary<uint, Http2WebSocketStream> _streams = [];
    private readonly TaskCompletionSource<bool> _serverSettings = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _sendWindowGrew = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _lost;
    private Task _readLoop = Task.CompletedTask;
    private ITimer? _windowRelease;
    private int _disposed;

    /// <param name="receiveWindow">The flow-control window the harness grants (see <see cref="Http2ClientCore(int)"/>).</param>
    public Http2ClientConnection(Socket socket, Stream transport, TimeProvider time, int receiveWindow = Http2ClientCore.ReceiveWindow)
    {
        _core = new Http2ClientCore(receiveWindow);
        _socket = socket;
        _transport = transport;
        _time = time;
    }

    /// <summary>Completes with whether the server's first SETTINGS enable extended CONNECT; fails with an IOException when the connection ends first.</summary>
    public Task<bool> ServerSettings => _serverSettings.Task;

    /// <summary>See <see cref="Http2ClientCore.ServerMaxConcurrentStreams"/>.</summary>
    public uint? ServerMaxConcurrentStreams
    {
        get
        {
            lock (_gate)
            {
                return _core.ServerMaxConcurrentStreams;
            }
        }
    }

    /// <summary>See <see cref="Http2ClientCore.RefusedHttp2"/>.</summary>
    public bool RefusedHttp2
    {
        get
        {
            lock (_gate)
            {
                return _core.RefusedHttp2;
            }
        }
    }

    /// <summary>Writes the client preface and starts reading.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        _readLoop = Task.Run(ReadLoopAsync, CancellationToken.None);
    }

    /// <summary>Opens a stream with <paramref name="fields"/> as its request and writes the HEADERS (with END_STREAM when <paramref name="endStream"/>).</summary>
    public async Task<Http2WebSocketStream> OpenStreamAsync(IReadOnlyList<HeaderField> fields, CancellationToken cancellationToken, bool endStream = false)
    {
        Http2WebSocketStream stream;
        lock (_gate)
        {
            if (_lost is not null)
            {
                throw new IOException(_lost);
            }

            uint id;
            try
            {
                id = _core.OpenStream(fields, endStream);
            }
            catch (InvalidOperationException e)
            {
                throw new IOException(e.Message, e);
            }

            stream = new Http2WebSocketStream(this, id);
            _streams[id] = stream;
        }

        await FlushAsync(cancellationToken);
        return stream;
    }

    /// <summary>Bytes of the connection wait in the socket, not yet read by the read loop.</summary>
    public bool HasUnreadTransportInput()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Sends <paramref name="data"/> on the stream as the server's windows allow, waiting for WINDOW_UPDATEs in between.</summary>
    public async ValueTask WriteAsync(uint streamId, ReadOnlyMemory<byte> data, Func<string> whyNot, CancellationToken cancellationToken)
    {
        while (!data.IsEmpty)
        {
            Task? windowGrew = null;
            lock (_gate)
            {
                if (_lost is not null || _core.CannotSend(streamId))
                {
                    throw new IOException(_lost ?? whyNot());
                }

                int sendable = Math.Min(_core.SendableBytes(streamId), data.Length);
                if (sendable > 0)
                {
                    _core.SendData(streamId, data.Span[..sendable]);
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

    /// <summary>The stream's reader took <paramref name="count"/> octets: the server may get them back as window.</summary>
    public void Consumed(uint streamId, int count) => ActThenFlush(core => core.Consumed(streamId, count));

    /// <summary>END_STREAM on the harness's side.</summary>
    public void EndStream(uint streamId) => ActThenFlush(core => core.EndStream(streamId));

    /// <summary>
    /// Gives the server no window back for <paramref name="duration"/> (on the connection's clock), then everything read
    /// meanwhile at once: a peer that stops sending WINDOW_UPDATE for a while (see <see cref="Http2ClientCore.HoldWindows"/>).
    /// </summary>
    public void HoldWindowsFor(TimeSpan duration)
    {
        ActThenFlush(core => core.HoldWindows());
        _windowRelease = _time.CreateTimer(_ => ActThenFlush(core => core.ReleaseWindows()), null, duration, Timeout.InfiniteTimeSpan);
    }

    /// <summary>RST_STREAM with <paramref name="code"/>.</summary>
    public void ResetStream(uint streamId, Http2ErrorCode code) => ActThenFlush(core => core.ResetStream(streamId, code));

    /// <summary>GOAWAY (when the connection still works), then the TCP connection is closed and reading stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _windowRelease?.Dispose();
        lock (_gate)
        {
            _core.GoAway(Http2ErrorCode.NoError, "The harness closed the HTTP/2 connection.");
        }

        using (var limit = new TimeLimit(GoAwayWriteLimit, _time, CancellationToken.None))
        {
            await TryFlushAsync(limit.Token);
        }

        await _lifetime.CancelAsync();
        await _transport.DisposeAsync();
        _socket.Dispose();
        await _readLoop;
        OnLost("The harness closed the HTTP/2 connection.");
        _lifetime.Dispose();
        _writeLock.Dispose();
    }

    private void ActThenFlush(Action<Http2ClientCore> input)
    {
        lock (_gate)
        {
            input(_core);
            if (!_core.HasOutgoing)
            {
                return;
            }
        }

        _ = TryFlushAsync(_lifetime.Token);
    }

    /// <summary>Writes every frame the core has queued, in order; the write lock keeps concurrent flushes from interleaving.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                byte[] bytes;
                lock (_gate)
                {
                    if (!_core.HasOutgoing)
                    {
                        break;
                    }

                    bytes = _core.TakeOutgoing();
                }

                await _transport.WriteAsync(bytes, cancellationToken);
            }

            await _transport.FlushAsync(cancellationToken);
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
    private async Task TryFlushAsync(CancellationToken cancellationToken)
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

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[ReadBufferSize];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await _transport.ReadAsync(buffer.AsMemory(filled), _lifetime.Token);
                if (read == 0)
                {
                    OnLost("The server closed the TCP connection that carried the HTTP/2 connection.");
                    return;
                }

                filled += read;
                var events = new List<Http2ClientEvent>();
                int consumed;
                bool reply;
                lock (_gate)
                {
                    consumed = _core.Receive(buffer.AsSpan(0, filled));
                    while (_core.TryTakeEvent(out var next))
                    {
                        events.Add(next!);
                    }

                    reply = _core.HasOutgoing;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                Dispatch(events);
                if (reply)
                {
                    // Not awaited: a read loop waiting on its own writes could deadlock with a server that waits on its writes.
                    _ = TryFlushAsync(_lifetime.Token);
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            OnLost($"The HTTP/2 connection was lost: {e.Message}");
        }
    }

    private void Dispatch(List<Http2ClientEvent> events)
    {
        foreach (var next in events)
        {
            switch (next)
            {
                case ServerSettingsArrived settings:
                    _serverSettings.TrySetResult(settings.EnablesConnectProtocol);
                    break;
                case ServerHeadersArrived headers:
                    StreamOf(headers.StreamId)?.OnHeaders(headers.Fields, headers.EndStream);
                    break;
                case ServerDataArrived data:
                    StreamOf(data.StreamId)?.OnData(data.Data, data.EndStream);
                    break;
                case StreamWasReset reset:
                    StreamOf(reset.StreamId)?.OnReset(reset.Reason, reset.ByServerRstStream ? reset.Code : null);
                    SignalSendWindow();
                    break;
                case SendWindowGrew:
                    SignalSendWindow();
                    break;
                case ConnectionFailed failed:
                    OnLost(failed.Reason);
                    break;
            }
        }
    }

    private Http2WebSocketStream? StreamOf(uint id)
    {
        lock (_gate)
        {
            return _streams.GetValueOrDefault(id);
        }
    }

    private void SignalSendWindow()
    {
        TaskCompletionSource grew;
        lock (_gate)
        {
            grew = _sendWindowGrew;
            _sendWindowGrew = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        grew.TrySetResult();
    }

    /// <summary>The connection is over: every stream ends as after a TCP reset, and writers waiting for window give up.</summary>
    private void OnLost(string reason)
    {
        List<Http2WebSocketStream> streams;
        lock (_gate)
        {
            _lost ??= reason;
            reason = _lost;
            streams = [.. _streams.Values];
        }

        _serverSettings.TrySetException(new IOException(reason));
        foreach (var stream in streams)
        {
            stream.OnReset(reason);
        }

        SignalSendWindow();
    }
}
