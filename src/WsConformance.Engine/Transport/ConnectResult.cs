using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Transport;

/// <summary>How an attempt to open a WebSocket connection ended.</summary>
public enum ConnectOutcome
{
    /// <summary>A valid 101 response: the connection is open for frames.</summary>
    Open,

    /// <summary>A complete HTTP response arrived that is not a valid 101 (see the violations).</summary>
    Refused,

    /// <summary>The name did not resolve, the TCP connect failed or timed out.</summary>
    ConnectFailed,

    /// <summary>The TLS handshake failed or timed out.</summary>
    TlsFailed,

    /// <summary>The response header block did not arrive within the handshake timeout.</summary>
    HandshakeTimeout,

    /// <summary>The server closed or reset the connection before its response header block ended.</summary>
    ClosedDuringHandshake,

    /// <summary>The response is not valid HTTP or exceeds the header size limit.</summary>
    InvalidResponse,

    /// <summary>HTTP/2 was asked for and the server does not speak it: TLS did not select ALPN "h2", or it answered the h2c preface in HTTP/1.x.</summary>
    Http2Unavailable,

    /// <summary>The server speaks HTTP/2 but its SETTINGS do not enable extended CONNECT (RFC 8441 §3): no WebSocket over HTTP/2.</summary>
    ExtendedConnectNotSupported,
}

/// <summary>The result of <see cref="WebSocketConnector.ConnectAsync"/>.</summary>
/// <param name="Outcome">How the attempt ended.</param>
/// <param name="Connection">The open connection when <see cref="ConnectOutcome.Open"/> or <see cref="ConnectOutcome.Refused"/>; the caller disposes it.</param>
/// <param name="Response">The parsed response, when one arrived complete.</param>
/// <param name="Violations">What is wrong with the response: handshake violations (Refused) or the parse violation (InvalidResponse).</param>
/// <param name="Detail">A human-readable account for reports.</param>
/// <param name="RawResponseBytes">The response header block as received; everything received when it never completed.</param>
public sealed record ConnectResult(ConnectOutcome Outcome, WebSocketConnection? Connection, HandshakeResponse? Response,
    IReadOnlyList<HandshakeViolation> Violations, string Detail, byte[] RawResponseBytes)
{
    /// <summary>The request as sent when it is not <see cref="HandshakeRequest.ToText"/>: over HTTP/2, its header fields.</summary>
    public string? SentRequestText { get; init; }

    /// <summary>Over HTTP/2: the error code of the server's RST_STREAM that ended the stream instead of a response, or null.</summary>
    public Http2ErrorCode? ServerResetCode { get; init; }

    /// <summary>The server does not offer the transport asked for (HTTP/2, or extended CONNECT on it): nothing about WebSockets can be judged.</summary>
    public bool TransportUnsupported => Outcome is ConnectOutcome.Http2Unavailable or ConnectOutcome.ExtendedConnectNotSupported;

    internal static ConnectResult Failed(ConnectOutcome outcome, string detail, byte[]? received = null, HandshakeViolation? violation = null) =>
        new(outcome, null, null, violation is null ? [] : [violation], detail, received ?? []);
}
