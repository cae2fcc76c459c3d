using System.Net.Sockets;
using WsConformance.Engine.Timing;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The async shell around an <see cref="Http2ClientCore"/>: a read loop feeds it the server's bytes and hands its events
/// to the streams; writing is <see cref="Http2ConnectionShell{TCore}"/>'s.
/// </summary>
/// <param name="receiveWindow">The flow-control window the harness grants (see <see cref="Http2ClientCore(int)"/>).</param>
internal sealed class Http2ClientConnection(Socket socket, Stream transport, TimeProvider time, int receiveWindow = Http2EndCore.ReceiveWindow)
    : Http2ConnectionShell<Http2ClientCore>(socket, transport, new Http2ClientCore(receiveWindow))
{
    /// <summary>Room for the largest frame the harness accepts, whole, and the start of the next: the decoder hands out whole frames only.</summary>
    private const int ReadBufferSize = 2 * Http2ClientCore.MaxReceivedFrameSize;

    /// <summary>How long the closing GOAWAY may take to write: the connection is being thrown away, it must not hold up a case.</summary>
    private static readonly TimeSpan GoAwayWriteLimit = TimeSpan.FromSeconds(1);

    private readonly Dictionary<uint, Http2WebSocketStream> _streams = [];
    private readonly TaskCompletionSource<bool> _serverSettings = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _readLoop = Task.CompletedTask;
    private ITimer? _windowRelease;
    private int _disposed;

    /// <summary>Completes with whether the server's first SETTINGS enable extended CONNECT; fails with an IOException when the connection ends first.</summary>
    public Task<bool> ServerSettings => _serverSettings.Task;

    /// <summary>See <see cref="Http2ClientCore.RefusedHttp2"/>.</summary>
    public bool RefusedHttp2
    {
        get
        {
            lock (Gate)
            {
                return Core.RefusedHttp2;
            }
        }
    }

    /// <summary>See <see cref="Http2ClientCore.ServerMaxConcurrentStreams"/>.</summary>
    public uint? ServerMaxConcurrentStreams
    {
        get
        {
            lock (Gate)
            {
                return Core.ServerMaxConcurrentStreams;
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
        lock (Gate)
        {
            if (Lost is not null)
            {
                throw new IOException(Lost);
            }

            uint id;
            try
            {
                id = Core.OpenStream(fields, endStream);
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

    /// <summary>
    /// Gives the server no window back for <paramref name="duration"/> (on the connection's clock), then everything read
    /// meanwhile at once: a peer that stops sending WINDOW_UPDATE for a while (see <see cref="Http2EndCore.HoldWindows"/>).
    /// </summary>
    public void HoldWindowsFor(TimeSpan duration)
    {
        ActThenFlush(core => core.HoldWindows());
        _windowRelease = time.CreateTimer(_ => ActThenFlush(core => core.ReleaseWindows()), null, duration, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The stream owns its connection (one per case): it goes with it.</summary>
    public override ValueTask ReleaseAsync(uint streamId) => DisposeAsync();

    /// <summary>GOAWAY (when the connection still works), then the TCP connection is closed and reading stops.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _windowRelease?.Dispose();
        lock (Gate)
        {
            Core.GoAway(Http2ErrorCode.NoError, "The harness closed the HTTP/2 connection.");
        }

        using (var limit = new TimeLimit(GoAwayWriteLimit, time, CancellationToken.None))
        {
            await TryFlushAsync(limit.Token);
        }

        await Lifetime.CancelAsync();
        await Transport.DisposeAsync();
        Socket.Dispose();
        await _readLoop;
        OnLost("The harness closed the HTTP/2 connection.");
        DisposeShell();
    }

    protected override void OnLostStreams(string reason)
    {
        List<Http2WebSocketStream> streams;
        lock (Gate)
        {
            streams = [.. _streams.Values];
        }

        _serverSettings.TrySetException(new IOException(reason));
        foreach (var stream in streams)
        {
            stream.OnReset(reason);
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
                var read = await Transport.ReadAsync(buffer.AsMemory(filled), Lifetime.Token);
                if (read == 0)
                {
                    OnLost("The server closed the TCP connection that carried the HTTP/2 connection.");
                    return;
                }

                filled += read;
                var events = new List<Http2ClientEvent>();
                int consumed;
                bool reply;
                lock (Gate)
                {
                    consumed = Core.Receive(buffer.AsSpan(0, filled));
                    while (Core.TryTakeEvent(out var next))
                    {
                        events.Add(next!);
                    }

                    reply = Core.HasOutgoing;
                }

                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                Dispatch(events);
                if (reply)
                {
                    // Not awaited: a read loop waiting on its own writes could deadlock with a server that waits on its writes.
                    _ = TryFlushAsync(Lifetime.Token);
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
        lock (Gate)
        {
            return _streams.GetValueOrDefault(id);
        }
    }
}
