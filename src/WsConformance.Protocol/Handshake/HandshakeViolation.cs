namespace WsConformance.Protocol.Handshake;

/// <summary>
/// What is wrong with one side of the opening handshake: a server's answer (checked by
/// <see cref="HandshakeValidator"/>) or a client's request (checked by <see cref="ClientHandshakeValidator"/>).
/// </summary>
public enum HandshakeViolationCode
{
    /// <summary>The status line or a header line is not valid HTTP/1.1.</summary>
    MalformedResponse,

    /// <summary>The header block exceeded the parser's size limit before its blank line.</summary>
    HeadersTooLarge,

    /// <summary>The status code is not 101 Switching Protocols.</summary>
    StatusNot101,

    /// <summary>The request line or a header line of a client's request is not valid HTTP/1.1.</summary>
    MalformedRequest,

    /// <summary>The request's method is not GET.</summary>
    MethodNotGet,

    /// <summary>The request's HTTP version is below 1.1.</summary>
    HttpVersionTooLow,

    /// <summary>The request has no Host header, or more than one.</summary>
    HostMissing,

    /// <summary>The request has no Sec-WebSocket-Key header.</summary>
    KeyMissing,

    /// <summary>Sec-WebSocket-Key appears more than once, or is not base64 of 16 bytes.</summary>
    KeyInvalid,

    /// <summary>Sec-WebSocket-Version is missing, repeated, or not 13.</summary>
    VersionNot13,

    /// <summary>No Upgrade header, or none of its values is "websocket".</summary>
    UpgradeMissingOrWrong,

    /// <summary>No Connection header, or none of its tokens is "Upgrade".</summary>
    ConnectionMissingUpgradeToken,

    /// <summary>No Sec-WebSocket-Accept header.</summary>
    AcceptMissing,

    /// <summary>Sec-WebSocket-Accept is not base64(SHA-1(key + GUID)) of the key the client sent.</summary>
    AcceptWrong,

    /// <summary>The server selected a subprotocol the client did not offer.</summary>
    ProtocolNotOffered,

    /// <summary>The server named more than one subprotocol.</summary>
    SeveralProtocols,

    /// <summary>The server named an extension the client did not offer.</summary>
    ExtensionNotOffered,

    /// <summary>An HTTP/2 answer to an extended CONNECT (RFC 8441 §5) whose :status is not 2xx.</summary>
    StatusNot2xx,

    /// <summary>An HTTP/2 request that is not :method CONNECT with :protocol websocket (RFC 8441 §4, §5).</summary>
    NotExtendedConnect,
}

/// <summary>One handshake violation, with the RFC section it breaks and a human-readable detail.</summary>
/// <param name="Code">What is wrong.</param>
/// <param name="RfcSection">Section of the RFC that requires it, e.g. "RFC 6455 §4.1".</param>
/// <param name="Detail">What was received, for reports.</param>
public sealed record HandshakeViolation(HandshakeViolationCode Code, string RfcSection, string Detail);
