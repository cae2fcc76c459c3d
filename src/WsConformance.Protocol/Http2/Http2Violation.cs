namespace WsConformance.Protocol.Http2;

/// <summary>The frame-level rule breaks <see cref="Http2FrameValidator"/> reports.</summary>
public enum Http2ViolationCode
{
    /// <summary>The length exceeds SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2).</summary>
    FrameTooLarge,

    /// <summary>The payload is too short for the fields its type and flags require (§4.2).</summary>
    FrameTooSmall,

    /// <summary>A PING, PRIORITY, RST_STREAM or WINDOW_UPDATE payload is not of its fixed length.</summary>
    WrongFixedLength,

    /// <summary>The reserved bit in front of the stream identifier is set (§4.1; receivers ignore it).</summary>
    ReservedBitSet,

    /// <summary>Flags the type does not define are set (§4.1; receivers ignore them).</summary>
    UndefinedFlagsSet,

    /// <summary>A connection-level frame (SETTINGS, PING, GOAWAY) on a stream other than 0.</summary>
    StreamIdMustBeZero,

    /// <summary>A stream-level frame (DATA, HEADERS, PRIORITY, RST_STREAM, PUSH_PROMISE, CONTINUATION) on stream 0.</summary>
    StreamIdMustNotBeZero,

    /// <summary>A SETTINGS payload that is not a multiple of 6 octets (§6.5).</summary>
    SettingsLengthNotMultipleOf6,

    /// <summary>A SETTINGS frame with ACK and a payload (§6.5).</summary>
    SettingsAckWithPayload,

    /// <summary>A SETTINGS value outside its range (§6.5.2, RFC 8441 §3).</summary>
    InvalidSettingValue,

    /// <summary>SETTINGS_ENABLE_CONNECT_PROTOCOL = 0 after this sender announced 1 (RFC 8441 §3).</summary>
    ConnectProtocolWithdrawn,

    /// <summary>The Pad Length leaves no room for the rest of the payload (§6.1, §6.2, §6.6).</summary>
    PaddingTooLong,

    /// <summary>Padding bytes that are not zero (§6.1: receivers MAY treat it as a connection error).</summary>
    NonZeroPadding,

    /// <summary>A WINDOW_UPDATE increment of 0 (§6.9).</summary>
    WindowIncrementZero,

    /// <summary>A stream that depends on itself (§5.3.1).</summary>
    StreamDependsOnItself,

    /// <summary>A CONTINUATION frame that does not continue a field block on its stream (§6.10).</summary>
    ContinuationWithoutFieldBlock,

    /// <summary>Another frame, or a frame of another stream, inside an unfinished field block (§4.3).</summary>
    FrameInsideFieldBlock,
}

/// <summary>One frame-level rule break: which rule, where RFC 9113 (or RFC 8441) states it, and the error it calls for.</summary>
/// <param name="Code">The kind of rule break.</param>
/// <param name="RfcSection">Where the rule is stated, e.g. "RFC 9113 §6.9".</param>
/// <param name="ErrorCode">The error code the RFC prescribes (<see cref="Http2ErrorCode.NoError"/> when ignored).</param>
/// <param name="Scope">Whether the receiver fails the connection, the stream, or ignores it.</param>
/// <param name="Detail">What exactly was wrong, for humans.</param>
/// <param name="Severity">Error for a break a receiver must act on; Note when it is ignored or only MAY be acted on.</param>
public sealed record Http2Violation(
    Http2ViolationCode Code,
    string RfcSection,
    Http2ErrorCode ErrorCode,
    Http2ErrorScope Scope,
    string Detail,
    ViolationSeverity Severity = ViolationSeverity.Error);
