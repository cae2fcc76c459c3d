namespace WsConformance.Protocol.Handshake;

/// <summary>Result of feeding bytes to a <see cref="HandshakeRequestParser"/>.</summary>
public enum RequestParseStatus
{
    /// <summary>The header block has not ended yet; feed more bytes.</summary>
    NeedMoreData,

    /// <summary>The blank line ending the header block was found; the request is parsed.</summary>
    Complete,

    /// <summary>The bytes are not a valid request (or too large); a violation says why.</summary>
    Invalid,
}
