namespace WsConformance.Engine.Transport;

/// <summary>
/// What the harness can do to its end of a WebSocket connection's transport, whatever carries it: a TCP connection
/// (RFC 6455 §4) or one HTTP/2 stream (RFC 8441 §5). The session decides when; the transport decides how.
/// </summary>
/// <remarks>Every member is synchronous and never throws: the session calls them while it holds its lock.</remarks>
public interface IConnectionEnd
{
    /// <summary>Bytes, or the end of the peer's data, wait for the reader (the shell catches up before a timer acts).</summary>
    bool HasUnreadInput();

    /// <summary>
    /// The orderly end after what was written: TCP FIN then close; on HTTP/2 END_STREAM (RFC 8441 §5 maps an orderly
    /// TCP close onto it). Nothing more is read or written on this end afterwards.
    /// </summary>
    void EndGracefully();

    /// <summary>The abrupt end: TCP RST; on HTTP/2 RST_STREAM CANCEL (RFC 8441 §5 maps a TCP reset onto it).</summary>
    void Abort();
}
