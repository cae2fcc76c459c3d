using System.Threading.Channels;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// What the client under test did after the harness reset its stream: whether it acknowledged the PING behind the reset
/// and, in the <paramref name="Watch"/> after that, the first frame it still sent on the stream (null: none).
/// </summary>
internal sealed record ResetWatch(bool Acknowledged, TimeSpan Watch, string? FrameAfterReset);

/// <summary>The stream ended before its response: <see cref="ServerResetCode"/> says whether the server's RST_STREAM ended it, and with which code.</summary>
internal sealed class Http2StreamResetException(string message, Http2ErrorCode? serverResetCode) : IOException(message)
{
    public Http2ErrorCode? ServerResetCode { get; } = serverResetCode;
}

/// <summary>
/// One HTTP/2 stream carrying a WebSocket (RFC 8441 §5), as the byte stream and the end a <see cref="WebSocketConnection"/>
/// needs: reads return the server's DATA, writes become DATA within the flow-control windows. The server's END_STREAM
/// reads as the end of the stream (0), as a TCP FIN would; its RST_STREAM or the loss of the connection as an
/// <see cref="IOException"/>, as a TCP reset would. The same class serves both roles with "server" read as "peer": on the
/// client side the stream owns its connection (one HTTP/2 connection per case); on the server side (<c>wsconf serve
/// --http2</c>) a client under test opened it, and the connection carries its other requests too.
/// </summary>
internal sealed class Http2WebSocketStream : Stream, IConnectionEnd
{
    private readonly IHttp2StreamCarrier _connection;
    /// <summary>
    /// The server's DATA in order. Not SingleReader: that channel cannot count what it holds, and <see cref="HasUnreadInput"/>
    /// must. Synchronous continuations: the waiting reader runs on the read loop's thread at once (the read loop holds no
    /// lock while it hands data on), as a socket read completes, instead of one more trip through the thread pool per frame.
    /// </summary>
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>(
        new UnboundedChannelOptions { SingleWriter = true, AllowSynchronousContinuations = true });
    private readonly TaskCompletionSource<IReadOnlyList<HeaderField>> _response = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ReadOnlyMemory<byte> _current;

    /// <summary><see cref="_current"/>'s length, for <see cref="HasUnreadInput"/> on another thread (a struct can be read torn).</summary>
    private volatile int _currentLength;
    private volatile string? _endReason;
    private volatile string? _endedByHarness;
    private int _ended;

    public Http2WebSocketStream(IHttp2StreamCarrier connection, uint id)
    {
        _connection = connection;
        Id = id;
    }

    public uint Id { get; }

    /// <summary>A client under test opened the stream (<c>wsconf serve --http2</c>); false when the harness opened it.</summary>
    public bool IsServed => _connection is Http2ServerConnection;

    /// <summary>The HTTP/2 connection the stream is on (shared by a case's sibling streams, <see cref="Http2Siblings"/>).</summary>
    internal Http2ClientConnection Connection => _connection as Http2ClientConnection
        ?? throw new InvalidOperationException("Sibling streams are opened by the harness as a client; this stream was opened by a client under test.");

    /// <summary>The server's final response field block; fails with an IOException when the stream or connection ends first.</summary>
    public Task<IReadOnlyList<HeaderField>> Response => _response.Task;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public bool HasUnreadInput() => _currentLength > 0 || _received.Reader.Count > 0 || _connection.HasUnreadTransportInput();

    public void EndGracefully()
    {
        if (EndByHarness("the harness ended its side of the HTTP/2 stream (END_STREAM)"))
        {
            _connection.EndStream(Id);
        }
    }

    public void Abort()
    {
        if (EndByHarness("the harness reset the HTTP/2 stream (RST_STREAM CANCEL)"))
        {
            _connection.ResetStream(Id, Http2ErrorCode.Cancel);
        }
    }

    /// <summary>What <see cref="WatchAfterResetAsync"/> saw; null until it has watched.</summary>
    public ResetWatch? WatchedReset { get; private set; }

    /// <summary>
    /// After the harness reset a stream a client under test opened (<see cref="Abort"/>): waits until the client has read the
    /// reset (it acknowledged the PING behind it, see <see cref="Http2ServerCore.ResetFenced"/>), then <paramref name="watch"/>
    /// longer, and records the first frame the client sent on the stream after that acknowledgement.
    /// </summary>
    /// <param name="acknowledgementBound">How long the client may take to acknowledge; past it nothing is judged.</param>
    public async Task WatchAfterResetAsync(TimeSpan watch, TimeSpan acknowledgementBound, TimeProvider sessionTime, CancellationToken cancellationToken)
    {
        var server = (Http2ServerConnection)_connection;
        bool acknowledged;
        try
        {
            acknowledged = await server.ResetAcknowledgedAsync(Id).WaitAsync(acknowledgementBound, sessionTime, cancellationToken);
        }
        catch (TimeoutException)
        {
            acknowledged = false;
        }

        if (acknowledged)
        {
            await Task.Delay(watch, sessionTime, cancellationToken);
        }

        WatchedReset = new ResetWatch(acknowledged, watch, acknowledged ? server.FrameAfterReset(Id) : null);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfEndedByHarness();
        if (_current.IsEmpty)
        {
            try
            {
                if (!await _received.Reader.WaitToReadAsync(cancellationToken))
                {
                    ThrowIfEndedByHarness();
                    return 0;
                }
            }
            catch (Exception e) when (e is ChannelClosedException or IOException)
            {
                ThrowIfEndedByHarness();
                throw new IOException(_endReason ?? e.Message, e);
            }

            ThrowIfEndedByHarness();
            _received.Reader.TryRead(out var chunk);
            _current = chunk;
        }

        int count = Math.Min(buffer.Length, _current.Length);
        _current.Span[..count].CopyTo(buffer.Span);
        _current = _current[count..];
        _currentLength = _current.Length;
        _connection.Consumed(Id, count);
        return count;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfEndedByHarness();
        return _connection.WriteAsync(Id, buffer, () => _endReason ?? "the HTTP/2 stream is closed", cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Every write is on the wire when it completes.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Resets the stream unless it was ended already, then lets the connection go (client side) or forget it (server side).</summary>
    public override async ValueTask DisposeAsync()
    {
        Abort();
        await _connection.ReleaseAsync(Id);
        await base.DisposeAsync();
    }

    internal void OnHeaders(IReadOnlyList<HeaderField> fields, bool endStream)
    {
        _response.TrySetResult(fields);
        if (endStream)
        {
            _received.Writer.TryComplete();
        }
    }

    internal void OnData(byte[] data, bool endStream)
    {
        if (data.Length > 0)
        {
            _received.Writer.TryWrite(data);
        }

        if (endStream)
        {
            _received.Writer.TryComplete();
        }
    }

    /// <summary>The server reset the stream, or the connection is gone: reads and writes fail as after a TCP reset.</summary>
    /// <param name="serverResetCode">The error code of the server's own RST_STREAM; null when the connection ended or the harness reset the stream.</param>
    internal void OnReset(string reason, Http2ErrorCode? serverResetCode = null)
    {
        _endReason ??= reason;
        _response.TrySetException(new Http2StreamResetException(reason, serverResetCode));
        _received.Writer.TryComplete(new IOException(reason));
    }

    /// <summary>As after closing a socket, nothing is read or written any more, whatever the server still sends.</summary>
    private bool EndByHarness(string reason)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1)
        {
            return false;
        }

        _endedByHarness = reason;
        _response.TrySetException(new IOException(reason));
        _received.Writer.TryComplete();
        return true;
    }

    private void ThrowIfEndedByHarness()
    {
        if (_endedByHarness is { } reason)
        {
            throw new ObjectDisposedException(nameof(Http2WebSocketStream), reason);
        }
    }
}
