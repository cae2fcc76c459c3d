using System.Net.Sockets;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Transport;

/// <summary>
/// A WebSocket connection whose opening handshake has been exchanged, opened by the harness or accepted by it: over a TCP (or TLS)
/// connection of its own, or over one HTTP/2 stream (RFC 8441). Frames are read from and
/// written to <see cref="Stream"/>; the first frame bytes may already be in <see cref="LeftoverBytes"/>.
/// </summary>
public sealed class WebSocketConnection : IAsyncDisposable
{
    internal WebSocketConnection(Socket socket, Stream stream, HandshakeRequest? request, HandshakeResponse? response, ReadOnlyMemory<byte> leftoverBytes)
        : this(socket, stream, new TcpConnectionEnd(socket), request, response, leftoverBytes)
    {
    }

    internal WebSocketConnection(Socket socket, Stream stream, IConnectionEnd end, HandshakeRequest? request, HandshakeResponse? response,
        ReadOnlyMemory<byte> leftoverBytes)
    {
        Socket = socket;
        Stream = stream;
        End = end;
        Request = request;
        Response = response;
        LeftoverBytes = leftoverBytes;
    }

    /// <summary>The byte stream: a NetworkStream, or an SslStream over it for wss://, or one HTTP/2 stream's DATA (RFC 8441).</summary>
    public Stream Stream { get; }

    /// <summary>
    /// The TCP socket beneath (TCP_NODELAY on). Over HTTP/2 it carries the whole HTTP/2 connection, not this WebSocket
    /// alone: end the WebSocket through <see cref="End"/>, never by closing the socket.
    /// </summary>
    public Socket Socket { get; }

    /// <summary>How the harness ends this WebSocket's transport (TCP FIN or RST; END_STREAM or RST_STREAM over HTTP/2).</summary>
    public IConnectionEnd End { get; }

    /// <summary>The request that was sent; null when the harness accepted the connection (it plays the server).</summary>
    public HandshakeRequest? Request { get; }

    /// <summary>The server's response; null when the harness accepted the connection.</summary>
    public HandshakeResponse? Response { get; }

    /// <summary>Bytes the peer sent right after its handshake's blank line in the same read: frame data.</summary>
    public ReadOnlyMemory<byte> LeftoverBytes { get; }

    /// <summary>
    /// A connection the harness accepted as the server, after it answered the client's opening handshake. Disposing it
    /// leaves the socket to its owner, the fuzzing server, which may serve a next HTTP request on it.
    /// </summary>
    internal static WebSocketConnection Accepted(Socket socket, Stream stream, IConnectionEnd end, ReadOnlyMemory<byte> leftoverBytes) =>
        new(socket, stream, end, null, null, leftoverBytes) { _ownsTransport = false };

    private bool _ownsTransport = true;

    /// <summary>Closes the stream and the socket (unless another owner has them), without a WebSocket closing handshake.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_ownsTransport)
        {
            return;
        }

        await Stream.DisposeAsync().ConfigureAwait(false);
        Socket.Dispose();
    }
}
