namespace WsConformance.PropertyFuzzing.Generation;

/// <summary>The rule breaks the generator inserts: every error the reference codec reports for a client.</summary>
public enum FaultKind
{
    /// <summary>No fault: a conversation a conformant server must serve to the end.</summary>
    None,

    /// <summary>RSV bits set on a frame (§5.2).</summary>
    ReservedBits,

    /// <summary>A frame with opcode 3-7 or 11-15 (§5.2).</summary>
    ReservedOpcode,

    /// <summary>A frame without the MASK bit (§5.1).</summary>
    UnmaskedFrame,

    /// <summary>A ping or pong of more than 125 bytes (§5.5).</summary>
    ControlFrameTooLong,

    /// <summary>A ping or pong with FIN = 0 (§5.5).</summary>
    FragmentedControlFrame,

    /// <summary>A continuation frame with no message to continue (§5.4).</summary>
    OrphanContinuation,

    /// <summary>A text or binary frame inside a fragmented message (§5.4).</summary>
    DataFrameInsideMessage,

    /// <summary>A text message that is not valid UTF-8 somewhere, across frame boundaries too (§8.1).</summary>
    InvalidUtf8,

    /// <summary>A 64-bit length with its most significant bit set (§5.2).</summary>
    LengthMostSignificantBit,

    /// <summary>The client's Close carries a 1-byte body, an invalid code, an invalid UTF-8 reason or more than 125 bytes (§5.5.1, §7.4).</summary>
    BadCloseBody,
}
