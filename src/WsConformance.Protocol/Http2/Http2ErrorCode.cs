namespace WsConformance.Protocol.Http2;

/// <summary>The error codes of RST_STREAM and GOAWAY frames (RFC 9113 §7); other values are unknown, not errors.</summary>
public enum Http2ErrorCode : uint
{
    /// <summary>Graceful shutdown, not an error.</summary>
    NoError = 0x0,

    /// <summary>An unspecific protocol error.</summary>
    ProtocolError = 0x1,

    /// <summary>An unexpected internal error.</summary>
    InternalError = 0x2,

    /// <summary>The peer broke the flow-control protocol.</summary>
    FlowControlError = 0x3,

    /// <summary>A SETTINGS frame was not acknowledged in time.</summary>
    SettingsTimeout = 0x4,

    /// <summary>A frame arrived after the stream was half-closed.</summary>
    StreamClosed = 0x5,

    /// <summary>A frame had an invalid size.</summary>
    FrameSizeError = 0x6,

    /// <summary>The stream was refused before any processing.</summary>
    RefusedStream = 0x7,

    /// <summary>The stream is no longer needed (RFC 8441 §5: a TCP reset of a tunnelled WebSocket).</summary>
    Cancel = 0x8,

    /// <summary>The field-section compression context could not be kept (an HPACK decoding error).</summary>
    CompressionError = 0x9,

    /// <summary>The connection of a CONNECT request was reset or abnormally closed.</summary>
    ConnectError = 0xa,

    /// <summary>The peer is generating excessive load.</summary>
    EnhanceYourCalm = 0xb,

    /// <summary>The transport does not meet minimum security requirements.</summary>
    InadequateSecurity = 0xc,

    /// <summary>HTTP/1.1 must be used instead.</summary>
    Http11Required = 0xd,
}

/// <summary>Whether a violation ends the whole connection or one stream (RFC 9113 §5.4), or is to be ignored.</summary>
public enum Http2ErrorScope
{
    /// <summary>A connection error (§5.4.1): GOAWAY, then close.</summary>
    Connection,

    /// <summary>A stream error (§5.4.2): RST_STREAM on that stream.</summary>
    Stream,

    /// <summary>The sender broke a MUST, but the receiver is told to ignore it (a note, no error code).</summary>
    Ignored,
}
