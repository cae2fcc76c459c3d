using System.Net.Sockets;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>A request a client under test opened on an HTTP/2 connection to the harness, not answered yet.</summary>
/// <param name="EndStream">The request came with END_STREAM: a plain GET, not a tunnel.</param>
internal sealed record Http2ServedRequest(Http2ServerConnection Connection, Http2WebSocketStream Stream, IReadOnlyList<HeaderField> Fields, bool EndStream);

/// <summary>
/// The async shell around an <see cref="Http2ServerCore"/>: a read loop feeds it the client's bytes, every request it
/// opens goes to the handler on a task of its own (a client may run several cases at once on one connection), and the
/// streams read and write through <see cref="Http2ConnectionShell{TCore}"/>.
/// </summary>
internal sealed class Http2ServerConnection : Http2ConnectionShell<Http2ServerCore>
{
    private const int ReadBufferSize = 64 * 1024;

    private readonly Dictionary<uint, Http2WebSocketStream> _streams = [];
    private readonly Dictionary<uint, TaskCompletionSource<bool>> _resetsAwaitingAck = [];
    private readonly List<Task> _handlers = [];
    private readonly ReadOnlyMemory<byte> _alreadyRead;
    private readonly Func<Http2ServedRequest, CancellationToken, Task> _handler;

    /// <param name="alreadyRead">The client's bytes read before the connection was known to be HTTP/2 (the start of its preface).</param>
    /// <param name="enableConnectProtocol">Announce SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 (RFC 8441 §3).</param>
    public Http2ServerConnection(Socket socket, Stream transport, ReadOnlyMemory<byte> alreadyRead, bool enableConnectProtocol,
        Func<Http2ServedRequest, CancellationToken, Task> handler)
        : base(socket, transport, new Http2ServerCore(enableConnectProtocol))
    {
        _alreadyRead = alreadyRead;
        _handler = handler;
    }

    /// <summary>Why the connection is over, or null while it works.</summary>
    public string? LostReason
    {
        get
        {
            lock (Gate)
            {
                return Lost;
            }
        }
    }

    /// <summary>The TCP socket beneath: it carries every stream of the connection.</summary>
    public Socket SocketOfConnection => Socket;

    /// <summary>Serves the connection until the client closes it, breaks it, or <paramref name="cancellationToken"/> stops the server.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var stop = cancellationToken.Register(() => Lifetime.Cancel());
        try
        {
            await FlushAsync(Lifetime.Token);
            await ReadLoopAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            OnLost($"The HTTP/2 connection was lost: {e.Message}");
        }

        lock (Gate)
        {
            Core.GoAway(Http2ErrorCode.NoError, "The harness closed the HTTP/2 connection.");
        }

        await TryFlushAsync(CancellationToken.None);
        Task[] handlers;
        lock (Gate)
        {
            handlers = [.. _handlers];
        }

        await Task.WhenAll(handlers);
        await Transport.DisposeAsync();
        Socket.Dispose();
    }

    /// <summary>After <see cref="RunAsync"/> has returned.</summary>
    public override ValueTask DisposeAsync()
    {
        DisposeShell();
        return ValueTask.CompletedTask;
    }

    /// <summary>Answers a request: HEADERS with <paramref name="fields"/>, END_STREAM when nothing follows.</summary>
    public async Task<bool> TryRespondAsync(uint streamId, IReadOnlyList<HeaderField> fields, bool endStream, CancellationToken cancellationToken)
    {
        lock (Gate)
        {
            if (Lost is not null || Core.CannotSend(streamId))
            {
                return false;
            }

            Core.Respond(streamId, fields, endStream);
        }

        try
        {
            await FlushAsync(cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL = 0 after 1, which RFC 8441 §3 forbids: sent on purpose by a case.</summary>
    public void WithdrawConnectProtocol() => ActThenFlush(core => core.WithdrawConnectProtocol());

    /// <summary>GOAWAY NO_ERROR: the open streams finish, the client's next requests go to a new connection.</summary>
    public void GoAwayGracefully() => ActThenFlush(core => core.GoAwayGracefully());

    /// <summary>
    /// Every reset of a served stream by the harness has a PING behind it (<see cref="Http2ServerCore.ResetFenced"/>), so a
    /// case can tell frames the client sent before it read the reset from frames it sent after.
    /// </summary>
    public override void ResetStream(uint streamId, Http2ErrorCode code)
    {
        lock (Gate)
        {
            if (Lost is not null || !Core.ResetFenced(streamId, code))
            {
                return;
            }

            _resetsAwaitingAck[streamId] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _ = TryFlushAsync(Lifetime.Token);
    }

    /// <summary>
    /// True once the client acknowledged the PING behind the harness's reset of the stream; false at once when the harness
    /// did not reset it (the client had), or when the connection is lost first.
    /// </summary>
    public Task<bool> ResetAcknowledgedAsync(uint streamId)
    {
        lock (Gate)
        {
            if (Core.ResetAcknowledged(streamId))
            {
                return Task.FromResult(true);
            }

            return _resetsAwaitingAck.TryGetValue(streamId, out var acknowledged) ? acknowledged.Task : Task.FromResult(false);
        }
    }

    /// <summary>See <see cref="Http2ServerCore.FrameAfterReset"/>.</summary>
    public string? FrameAfterReset(uint streamId)
    {
        lock (Gate)
        {
            return Core.FrameAfterReset(streamId);
        }
    }

    /// <summary>The stream was served: forgotten here; the core may close it later if the client leaves its side open (<see cref="Http2EndCore.Release"/>).</summary>
    public override ValueTask ReleaseAsync(uint streamId)
    {
        lock (Gate)
        {
            _streams.Remove(streamId);
        }

        ActThenFlush(core => core.Release(streamId));
        return ValueTask.CompletedTask;
    }

    protected override void OnLostStreams(string reason)
    {
        List<Http2WebSocketStream> streams;
        lock (Gate)
        {
            streams = [.. _streams.Values];
        }

        foreach (var stream in streams)
        {
            stream.OnReset(reason);
        }

        foreach (var acknowledged in TakeResetsAwaitingAck())
        {
            acknowledged.TrySetResult(false);
        }
    }

    private List<TaskCompletionSource<bool>> TakeResetsAwaitingAck()
    {
        lock (Gate)
        {
            var all = _resetsAwaitingAck.Values.ToList();
            _resetsAwaitingAck.Clear();
            return all;
        }
    }

    private void OnResetAcknowledged(uint streamId)
    {
        TaskCompletionSource<bool>? acknowledged;
        lock (Gate)
        {
            _resetsAwaitingAck.Remove(streamId, out acknowledged);
        }

        acknowledged?.TrySetResult(true);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[Math.Max(ReadBufferSize, _alreadyRead.Length)];
        _alreadyRead.CopyTo(buffer);
        var filled = _alreadyRead.Length;
        while (true)
        {
            var events = new List<Http2ServerEvent>();
            int consumed;
            bool reply;
            bool failed;
            lock (Gate)
            {
                consumed = Core.Receive(buffer.AsSpan(0, filled));
                while (Core.TryTakeEvent(out var next))
                {
                    events.Add(next!);
                }

                reply = Core.HasOutgoing;
                failed = Core.Failure is not null;
            }

            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            Dispatch(events);
            if (reply)
            {
                // Not awaited: a read loop waiting on its own writes could deadlock with a client that waits on its writes.
                _ = TryFlushAsync(Lifetime.Token);
            }

            if (failed)
            {
                return;
            }

            var read = await Transport.ReadAsync(buffer.AsMemory(filled), Lifetime.Token);
            if (read == 0)
            {
                OnLost("The client closed the TCP connection that carried the HTTP/2 connection.");
                return;
            }

            filled += read;
        }
    }

    private void Dispatch(List<Http2ServerEvent> events)
    {
        foreach (var next in events)
        {
            switch (next)
            {
                case RequestArrived request:
                    Start(request);
                    break;
                case ClientDataArrived data:
                    StreamOf(data.StreamId)?.OnData(data.Data, data.EndStream);
                    break;
                case ClientStreamReset reset:
                    StreamOf(reset.StreamId)?.OnReset(reset.Reason);
                    SignalSendWindow();
                    break;
                case ClientWindowGrew:
                    SignalSendWindow();
                    break;
                case ResetAcknowledged acknowledged:
                    OnResetAcknowledged(acknowledged.StreamId);
                    break;
                case ClientConnectionFailed failed:
                    OnLost(failed.Reason);
                    break;
            }
        }
    }

    private void Start(RequestArrived request)
    {
        var stream = new Http2WebSocketStream(this, request.StreamId);
        if (request.EndStream)
        {
            stream.OnData([], endStream: true);
        }

        lock (Gate)
        {
            _streams[request.StreamId] = stream;
            _handlers.RemoveAll(task => task.IsCompleted);
            _handlers.Add(Task.Run(() => _handler(new Http2ServedRequest(this, stream, request.Fields, request.EndStream), Lifetime.Token)));
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
