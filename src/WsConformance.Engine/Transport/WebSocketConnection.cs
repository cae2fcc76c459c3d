using System.Net.Sockets;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Transport;

/// <summary>
/// A TCP (or TLS) connection on which the opening handshake has been exchanged. Frames are read from and
/// written to <see cref="Stream"/>; the first frame bytes may already be in <see cref="LeftoverBytes"/>.
/// </summary>
public sealed class WebSocketConnection : IAsyncDisposable
{
    internal WebSocketConnection(Socket socket, Stream stream, HandshakeRequest request, HandshakeResponse? response, ReadOnlyMemory<byte> leftoverBytes)
    {
        Socket = socket;
        Stream = stream;
        Request = request;
        Response = response;
        LeftoverBytes = leftoverBytes;
    }

    /// <summary>The byte stream: a NetworkStream, or an SslStream over it for wss://.</summary>
    public Stream Stream { get; }

    /// <summary>The underlying socket (TCP_NODELAY on).</summary>
    public Socket Socket { get; }

    /// <summary>The request that was sent.</summary>
    public HandshakeRequest Request { get; }

    /// <summary>The server's response.</summary>
    public HandshakeResponse? Response { get; }

    /// <summary>Bytes the server sent right after the response's blank line in the same read: frame data.</summary>
    public ReadOnlyMemory<byte> LeftoverBytes { get; }

    /// <summary>Closes the stream and the socket, without a WebSocket closing handshake.</summary>
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        Socket.Dispose();
    }
}
