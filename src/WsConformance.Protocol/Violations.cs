namespace WsConformance.Protocol;

/// <summary>How bad a <see cref="Violation"/> is.</summary>
public enum ViolationSeverity
{
    /// <summary>A MUST of RFC 6455 is broken; a conforming peer fails the connection.</summary>
    Error,

    /// <summary>Worth reporting, but peers are not required to fail the connection for it.</summary>
    Note,
}

/// <summary>The kinds of rule breaks <see cref="FrameValidator"/> and <see cref="CloseBody"/> report.</summary>
public enum ViolationCode
{
    /// <summary>An RSV bit is set that no negotiated extension defines (§5.2).</summary>
    ReservedBitsSet,

    /// <summary>Opcode 3-7 or 11-15 (§5.2).</summary>
    ReservedOpcode,

    /// <summary>A client sent a frame without the MASK bit (§5.1, §5.3).</summary>
    UnmaskedClientFrame,

    /// <summary>A server sent a frame with the MASK bit (§5.1).</summary>
    MaskedServerFrame,

    /// <summary>A control frame declared more than 125 payload bytes (§5.5).</summary>
    ControlFrameTooLong,

    /// <summary>A control frame had FIN = 0 (§5.5).</summary>
    FragmentedControlFrame,

    /// <summary>The 64-bit length had its most significant bit set (§5.2).</summary>
    LengthMostSignificantBitSet,

    /// <summary>A 16- or 64-bit length form carried a length that fits a smaller form (§5.2).</summary>
    NonMinimalLength,

    /// <summary>A continuation frame arrived with no fragmented message in progress (§5.4).</summary>
    ContinuationWithoutMessage,

    /// <summary>A text or binary frame arrived while a fragmented message was in progress (§5.4).</summary>
    DataFrameInsideFragmentedMessage,

    /// <summary>A Close body of exactly one byte (§5.5.1: a body starts with a 2-byte code).</summary>
    CloseBodyOneByte,

    /// <summary>A close code that may not appear on the wire (§7.4).</summary>
    InvalidCloseCode,

    /// <summary>A close reason that is not valid UTF-8 (§5.5.1).</summary>
    InvalidCloseReasonUtf8,

    /// <summary>A text message that is not valid UTF-8 (§8.1).</summary>
    InvalidTextUtf8,

    /// <summary>A frame declared more payload than the configured frame limit (§10.4).</summary>
    FrameTooLarge,

    /// <summary>A message grew beyond the configured message limit (§10.4).</summary>
    MessageTooLarge,

    /// <summary>A frame followed this endpoint's Close frame (§5.5.1: no data after Close).</summary>
    FrameAfterClose,
}

/// <summary>One rule break, as data: which rule, where the RFC states it, and what was seen.</summary>
/// <param name="Code">The kind of violation.</param>
/// <param name="RfcSection">The RFC 6455 section stating the rule, e.g. "5.2".</param>
/// <param name="Detail">What exactly was wrong, for humans.</param>
/// <param name="Severity">Error for a broken MUST, Note for a softer issue.</param>
public sealed record Violation(
    ViolationCode Code, string RfcSection, string Detail, ViolationSeverity Severity = ViolationSeverity.Error);
