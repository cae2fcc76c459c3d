namespace WsConformance.Protocol.Http2;

/// <summary>The violations <see cref="Http2FrameValidator"/> reports, each with its section, error code and scope.</summary>
internal static class Http2Violations
{
    private const string Rfc9113 = "RFC 9113 §";

    public static Http2Violation FrameTooLarge(in Http2FrameHeader header, int maxFrameSize) =>
        new(Http2ViolationCode.FrameTooLarge, Rfc9113 + "4.2", Http2ErrorCode.FrameSizeError, SizeErrorScope(header),
            $"A {Name(header)} frame declares {header.Length} payload octets; SETTINGS_MAX_FRAME_SIZE is {maxFrameSize}.");

    public static Http2Violation FrameTooSmall(in Http2FrameHeader header, int needed) =>
        new(Http2ViolationCode.FrameTooSmall, Rfc9113 + "4.2", Http2ErrorCode.FrameSizeError, SizeErrorScope(header),
            $"A {Name(header)} frame of {header.Length} payload octets is too small for its {needed} octets of mandatory fields.");

    public static Http2Violation WrongFixedLength(in Http2FrameHeader header, int expected, Http2ErrorScope scope) =>
        new(Http2ViolationCode.WrongFixedLength, Section(header.Type), Http2ErrorCode.FrameSizeError, scope,
            $"A {Name(header)} frame has {header.Length} payload octets; it must have exactly {expected}.");

    public static Http2Violation ReservedBitSet(in Http2FrameHeader header) =>
        new(Http2ViolationCode.ReservedBitSet, Rfc9113 + "4.1", Http2ErrorCode.NoError, Http2ErrorScope.Ignored,
            $"A {Name(header)} frame has the reserved bit before its stream identifier set; it MUST remain unset when sending.",
            ViolationSeverity.Note);

    public static Http2Violation UndefinedFlagsSet(in Http2FrameHeader header) =>
        new(Http2ViolationCode.UndefinedFlagsSet, Rfc9113 + "4.1", Http2ErrorCode.NoError, Http2ErrorScope.Ignored,
            $"A {Name(header)} frame sets flags 0x{header.UndefinedFlags:x2} that its type does not define; they MUST be left unset.",
            ViolationSeverity.Note);

    public static Http2Violation StreamIdMustBeZero(in Http2FrameHeader header) =>
        new(Http2ViolationCode.StreamIdMustBeZero, Section(header.Type), Http2ErrorCode.ProtocolError, Http2ErrorScope.Connection,
            $"A {Name(header)} frame is sent on stream {header.StreamId}; it applies to the connection and MUST use stream 0.");

    public static Http2Violation StreamIdMustNotBeZero(in Http2FrameHeader header) =>
        new(Http2ViolationCode.StreamIdMustNotBeZero, Section(header.Type), Http2ErrorCode.ProtocolError, Http2ErrorScope.Connection,
            $"A {Name(header)} frame is sent on stream 0; it MUST be associated with a stream.");

    public static Http2Violation SettingsLengthNotMultipleOf6(int length) =>
        new(Http2ViolationCode.SettingsLengthNotMultipleOf6, Rfc9113 + "6.5", Http2ErrorCode.FrameSizeError, Http2ErrorScope.Connection,
            $"A SETTINGS frame has {length} payload octets, which is not a multiple of 6.");

    public static Http2Violation SettingsAckWithPayload(int length) =>
        new(Http2ViolationCode.SettingsAckWithPayload, Rfc9113 + "6.5", Http2ErrorCode.FrameSizeError, Http2ErrorScope.Connection,
            $"A SETTINGS frame with ACK has {length} payload octets; an acknowledgement MUST be empty.");

    public static Http2Violation InvalidSettingValue(Http2Setting setting, string rfcSection, Http2ErrorCode errorCode, string allowed) =>
        new(Http2ViolationCode.InvalidSettingValue, rfcSection, errorCode, Http2ErrorScope.Connection,
            $"{Http2SettingIds.Name(setting.Id)} is {setting.Value}; allowed: {allowed}.");

    public static Http2Violation ConnectProtocolWithdrawn() =>
        new(Http2ViolationCode.ConnectProtocolWithdrawn, "RFC 8441 §3", Http2ErrorCode.ProtocolError, Http2ErrorScope.Connection,
            "SETTINGS_ENABLE_CONNECT_PROTOCOL is 0 after the sender announced 1; a sender MUST NOT withdraw extended CONNECT.");

    public static Http2Violation PaddingTooLong(in Http2FrameHeader header, int padLength, int room) =>
        new(Http2ViolationCode.PaddingTooLong, Section(header.Type), Http2ErrorCode.ProtocolError, Http2ErrorScope.Connection,
            $"A {Name(header)} frame announces {padLength} octets of padding but only {room} follow its other fields.");

    public static Http2Violation NonZeroPadding(in Http2FrameHeader header) =>
        new(Http2ViolationCode.NonZeroPadding, Section(header.Type), Http2ErrorCode.ProtocolError, Http2ErrorScope.Connection,
            $"A {Name(header)} frame has non-zero padding octets; they MUST be zero (a receiver MAY fail the connection).",
            ViolationSeverity.Note);

    public static Http2Violation WindowIncrementZero(uint streamId) =>
        new(Http2ViolationCode.WindowIncrementZero, Rfc9113 + "6.9", Http2ErrorCode.ProtocolError,
            streamId == 0 ? Http2ErrorScope.Connection : Http2ErrorScope.Stream,
            $"A WINDOW_UPDATE frame on stream {streamId} has a flow-control window increment of 0.");

    public static Http2Violation StreamDependsOnItself(in Http2FrameHeader header) =>
        new(Http2ViolationCode.StreamDependsOnItself, Rfc9113 + "5.3.1", Http2ErrorCode.ProtocolError, Http2ErrorScope.Stream,
            $"A {Name(header)} frame makes stream {header.StreamId} depend on itself.");

    public static Http2Violation ContinuationWithoutFieldBlock(uint streamId) =>
        new(Http2ViolationCode.ContinuationWithoutFieldBlock, Rfc9113 + "6.10", Http2ErrorCode.ProtocolError, Http2ErrorScope.Connection,
            $"A CONTINUATION frame on stream {streamId} does not follow a HEADERS, PUSH_PROMISE or CONTINUATION frame without END_HEADERS on that stream.");

    public static Http2Violation FrameInsideFieldBlock(in Http2FrameHeader header, uint blockStreamId) =>
        new(Http2ViolationCode.FrameInsideFieldBlock, Rfc9113 + "4.3", Http2ErrorCode.ProtocolError, Http2ErrorScope.Connection,
            $"A {Name(header)} frame on stream {header.StreamId} interrupts the field block of stream {blockStreamId}; only its CONTINUATION frames may follow.");

    /// <summary>§4.2: a size error in a frame that can alter the whole connection's state is a connection error.</summary>
    private static Http2ErrorScope SizeErrorScope(in Http2FrameHeader header) =>
        header.StreamId == 0 || header.Type is Http2FrameTypes.Headers or Http2FrameTypes.PushPromise
            or Http2FrameTypes.Continuation or Http2FrameTypes.Settings
            ? Http2ErrorScope.Connection
            : Http2ErrorScope.Stream;

    /// <summary>The section defining a frame type: §6.1 for DATA (0x0) through §6.10 for CONTINUATION (0x9).</summary>
    private static string Section(byte type) => $"{Rfc9113}6.{type + 1}";

    private static string Name(in Http2FrameHeader header) => Http2FrameTypes.Name(header.Type);
}
