namespace WsConformance.Engine.Serving;

/// <summary>
/// The stream a served case reads the client's frames from. A client that rejects the harness's (deliberately
/// wrong) 101 may keep the TCP connection as an HTTP one and send its next request there (aiohttp 3.8 does), where
/// RFC 6455 §7.1.7 has it close TCP. Such bytes are never frames: when the client's first bytes are an HTTP request
/// line, the sniffer keeps them, reports the end of the stream to the session (the client left the WebSocket
/// connection) and the fuzzing server serves them as the request they are. The underlying stream stays open: the
/// fuzzing server owns the connection.
/// </summary>
internal sealed class HttpRequestSniffer(Stream inner, ReadOnlyMemory<byte> leftover) : Stream
{
    private ReadOnlyMemory<byte> _pending = leftover;
    private bool _decided;

    /// <summary>The start of the client's HTTP request, when it sent one instead of frames.</summary>
    public ReadOnlyMemory<byte>? Request { get; private set; }

    /// <summary>True when <paramref name="bytes"/> open with an HTTP request line (a method token and a space, RFC 9112 §3). A client frame's second byte is ≥ 0x80 (masked), so it never does.</summary>
    public static bool StartsWithRequestLine(ReadOnlySpan<byte> bytes)
    {
        var method = 0;
        while (method < bytes.Length && bytes[method] is >= (byte)'A' and <= (byte)'Z')
        {
            method++;
        }

        return method is >= 3 and <= 7 && method < bytes.Length && bytes[method] == (byte)' ';
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (Request is not null)
        {
            return 0;
        }

        int read;
        if (!_pending.IsEmpty)
        {
            read = Math.Min(buffer.Length, _pending.Length);
            _pending[..read].CopyTo(buffer);
            _pending = _pending[read..];
        }
        else
        {
            read = await inner.ReadAsync(buffer, cancellationToken);
        }

        if (!_decided && read > 0)
        {
            _decided = true;
            if (StartsWithRequestLine(buffer.Span[..read]))
            {
                Request = buffer[..read].ToArray();
                return 0;
            }
        }

        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
