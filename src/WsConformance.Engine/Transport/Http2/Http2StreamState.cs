namespace WsConformance.Engine.Transport.Http2;

/// <summary>One stream, as <see cref="Http2ClientCore"/> or <see cref="Http2ServerCore"/> tracks it (RFC 9113 §5.1, §5.2).</summary>
internal sealed class Http2StreamState(uint id, long sendWindow, long receiveWindow)
{
    public uint Id { get; } = id;

    /// <summary>Octets of DATA the server lets the harness send on this stream; negative after the server shrank its initial window (§6.9.2).</summary>
    public long SendWindow { get; set; } = sendWindow;

    /// <summary>Octets of DATA the harness still lets the server send on this stream.</summary>
    public long ReceiveWindow { get; set; } = receiveWindow;

    /// <summary>Octets the reader took that the server has not been given back by WINDOW_UPDATE yet.</summary>
    public int ConsumedNotGranted { get; set; }

    /// <summary>The peer's first (final) field block arrived: the server's response, or on the server side the client's request.</summary>
    public bool ResponseArrived { get; set; }

    /// <summary>The harness sent END_STREAM: half-closed (local).</summary>
    public bool LocalEnded { get; set; }

    /// <summary>The server sent END_STREAM: half-closed (remote).</summary>
    public bool RemoteEnded { get; set; }

    /// <summary>RST_STREAM went either way: closed, and late frames are ignored (§5.1, "closed").</summary>
    public bool Reset { get; set; }

    /// <summary>The peer acknowledged a PING the harness sent behind its RST_STREAM: it has read the reset (see <see cref="Http2ServerCore.ResetFenced"/>).</summary>
    public bool ResetAcknowledged { get; set; }

    /// <summary>The first frame the peer sent on the stream after <see cref="ResetAcknowledged"/>, described; null while none came.</summary>
    public string? FrameAfterReset { get; set; }

    /// <summary>The harness is done with the stream (its request served); only the peer may still have its side open.</summary>
    public bool Released { get; set; }

    public bool IsClosed => Reset || (LocalEnded && RemoteEnded);
}
