namespace WsConformance.Protocol.Handshake;

/// <summary>Result of feeding bytes to a <see cref="HandshakeResponseParser"/>.</summary>
public enum ResponseParseStatus
{
    /// <summary>The header block has not ended yet; feed more bytes.</summary>
    NeedMoreData,

    /// <summary>The blank line ending the header block was found; the response is parsed.</summary>
    Complete,

    /// <summary>The bytes are not a valid response (or too large); a violation says why.</summary>
    Invalid,
}
