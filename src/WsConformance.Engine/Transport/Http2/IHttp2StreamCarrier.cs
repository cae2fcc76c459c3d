using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// What an <see cref="Http2WebSocketStream"/> needs of the HTTP/2 connection that carries it, whichever end the harness
/// plays: <see cref="Http2ClientConnection"/> (the harness opened the stream) or <see cref="Http2ServerConnection"/> (a
/// client under test opened it).
/// </summary>
internal interface IHttp2StreamCarrier
{
    /// <summary>Sends DATA on the stream as the peer's windows allow; an IOException (<paramref name="whyNot"/>) when it cannot carry data.</summary>
    ValueTask WriteAsync(uint streamId, ReadOnlyMemory<byte> data, Func<string> whyNot, CancellationToken cancellationToken);

    /// <summary>The stream's reader took <paramref name="count"/> octets: the peer may get them back as window.</summary>
    void Consumed(uint streamId, int count);

    /// <summary>END_STREAM on the harness's side.</summary>
    void EndStream(uint streamId);

    /// <summary>RST_STREAM with <paramref name="code"/>.</summary>
    void ResetStream(uint streamId, Http2ErrorCode code);

    /// <summary>Bytes of the connection wait in the socket, not yet read by the read loop.</summary>
    bool HasUnreadTransportInput();

    /// <summary>The stream is disposed: the client side closes the connection it owns, the server side forgets the stream.</summary>
    ValueTask ReleaseAsync(uint streamId);
}
