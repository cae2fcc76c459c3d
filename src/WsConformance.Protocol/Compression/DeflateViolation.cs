namespace WsConformance.Protocol.Compression;

/// <summary>What is wrong with a permessage-deflate offer or response (RFC 7692).</summary>
public enum DeflateViolationCode
{
    /// <summary>The Sec-WebSocket-Extensions value breaks the RFC 6455 §9.1 grammar.</summary>
    Syntax,

    /// <summary>A parameter RFC 7692 does not define for an offer (or for a response).</summary>
    UnknownParameter,

    /// <summary>The same parameter twice in one element.</summary>
    DuplicateParameter,

    /// <summary>A value where none is allowed, none where one is required, or a window size outside 8–15.</summary>
    InvalidValue,

    /// <summary>The server answered with more than one permessage-deflate element.</summary>
    SeveralResponses,

    /// <summary>The response is a valid one, but not a valid acceptance of any offer the client made.</summary>
    NotMatchingOffer,
}

/// <summary>One rule of RFC 7692 a permessage-deflate offer or response breaks.</summary>
/// <param name="RfcSection">Where the rule stands, e.g. "RFC 7692 §7.1.2.2".</param>
public sealed record DeflateViolation(DeflateViolationCode Code, string RfcSection, string Detail);
