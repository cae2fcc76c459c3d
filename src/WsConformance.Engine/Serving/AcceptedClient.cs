using System.Buffers;
using System.Net.Sockets;
using WsConformance.Engine.Timing;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Serving;

/// <summary>
/// A TCP connection a client opened to the harness, with its opening-handshake request read and parsed
/// through the reference codec; or one HTTP/2 stream a client opened (<c>serve --http2</c>, RFC 8441), see the other part
/// of this class. The harness has not answered yet.
/// </summary>
public sealed partial class AcceptedClient : IAsyncDisposable
{
    private const int ReadBufferSize = 4096;

    private AcceptedClient(Socket socket, Stream stream, ParsedHandshakeRequest request, ReadOnlyMemory<byte> leftover, TimeProvider time)
    {
        TimeProvider = time;
        Socket = socket;
        Stream = stream;
        Request = request;
        Leftover = leftover;
    }

    /// <summary>The clock of the timeouts on this connection (the server's).</summary>
    public TimeProvider TimeProvider { get; }

    public Socket Socket { get; }

    public Stream Stream { get; }

    public ParsedHandshakeRequest Request { get; }

    /// <summary>Bytes the client sent after its request's blank line in the same read (frames, if it did not wait).</summary>
    public ReadOnlyMemory<byte> Leftover { get; }

    /// <summary>
    /// Reads the request; null when the client sent none (closed, timed out, or sent something that is not an
    /// HTTP request), in which case the socket is closed.
    /// </summary>
    public static Task<AcceptedClient?> ReadAsync(Socket socket, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        socket.NoDelay = true;
        return ReadAsync(socket, new NetworkStream(socket, ownsSocket: true), ReadOnlyMemory<byte>.Empty, timeout, time, cancellationToken);
    }

    /// <summary>
    /// Reads the next request the client sends on this HTTP connection after a non-101 answer (keep-alive), starting
    /// with <paramref name="start"/>, the bytes of it that already arrived; null (connection closed) as for the first.
    /// </summary>
    public Task<AcceptedClient?> ReadNextAsync(ReadOnlyMemory<byte> start, TimeSpan timeout, CancellationToken cancellationToken) =>
        ReadAsync(Socket, Stream, start, timeout, TimeProvider, cancellationToken);

    /// <summary>
    /// Reads the request from <paramref name="stream"/> (the socket's, or TLS over it), starting with <paramref name="start"/>,
    /// bytes of it already read (while the server told HTTP/1.1 from HTTP/2 apart, or of a next request).
    /// </summary>
    internal static async Task<AcceptedClient?> ReadAsync(Socket socket, Stream stream, ReadOnlyMemory<byte> start, TimeSpan timeout,
        TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new TimeLimit(timeout, time, cancellationToken);
        var parser = new HandshakeRequestParser();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(ReadBufferSize, start.Length));
        try
        {
            start.CopyTo(buffer);
            var read = start.Length;
            while (true)
            {
                if (read > 0)
                {
                    switch (parser.Feed(buffer.AsSpan(0, read), out var consumed, out var request, out _))
                    {
                        case RequestParseStatus.Complete:
                            return new AcceptedClient(socket, stream, request!, buffer.AsSpan(consumed, read - consumed).ToArray(), time);
                        case RequestParseStatus.Invalid:
                            await stream.DisposeAsync();
                            return null;
                    }
                }

                read = await stream.ReadAsync(buffer.AsMemory(0, ReadBufferSize), deadline.Token);
                if (read == 0)
                {
                    break;
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            // No usable request: the connection is dropped below.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        await stream.DisposeAsync();
        return null;
    }

    /// <summary>Writes an answer and flushes; false when the client is already gone. Over HTTP/2 the bytes are DATA of the stream.</summary>
    public async Task<bool> TryWriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await Stream.WriteAsync(bytes, cancellationToken);
            await Stream.FlushAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        if (Http2 is null)
        {
            // Over HTTP/2 the socket carries the client's other streams: its connection owns it.
            Socket.Dispose();
        }
    }
}
