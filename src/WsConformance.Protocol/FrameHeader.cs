namespace WsConformance.Protocol;

/// <summary>Which of the three RFC 6455 §5.2 payload-length forms a header used.</summary>
public enum LengthWidth : byte
{
    /// <summary>The 7-bit length in the second header byte (0-125).</summary>
    Short7 = 7,

    /// <summary>The 7-bit value 126 followed by a 16-bit big-endian length.</summary>
    Extended16 = 16,

    /// <summary>The 7-bit value 127 followed by a 64-bit big-endian length.</summary>
    Extended64 = 64,
}

/// <summary>
/// Every field of an RFC 6455 §5.2 frame header exactly as it appeared on the wire (the decoder is lossless:
/// reserved bits, reserved opcodes, non-minimal lengths and a set length MSB are all kept).
/// </summary>
/// <param name="Fin">The FIN bit.</param>
/// <param name="Rsv">The three reserved bits as a 3-bit number: 4 = RSV1, 2 = RSV2, 1 = RSV3.</param>
/// <param name="Opcode">The 4-bit opcode (0-15).</param>
/// <param name="Masked">The MASK bit.</param>
/// <param name="MaskKey">The masking key in wire order (first key byte = most significant byte); 0 if unmasked.</param>
/// <param name="DeclaredLength">The raw payload length value; for the 64-bit form the top bit may be set.</param>
/// <param name="Width">Which length form was used.</param>
/// <param name="HeaderLength">Number of header bytes (2-14).</param>
public readonly record struct FrameHeader(
    bool Fin,
    byte Rsv,
    byte Opcode,
    bool Masked,
    uint MaskKey,
    ulong DeclaredLength,
    LengthWidth Width,
    int HeaderLength)
{
    /// <summary>Largest length the 7-bit form can carry (126 and 127 announce the extended forms).</summary>
    public const int MaxShortLength = 125;

    /// <summary>Largest length the 16-bit extended form can carry.</summary>
    public const int MaxExtended16Length = ushort.MaxValue;

    /// <summary>Control frames have opcodes 8-15 (the high opcode bit is set), RFC 6455 §5.5.</summary>
    public bool IsControl => (Opcode & 0x8) != 0;

    /// <summary>
    /// False when the 16- or 64-bit form carries a length that fits a smaller form, which RFC 6455 §5.2
    /// forbids: "the minimal number of bytes MUST be used to encode the length".
    /// </summary>
    public bool IsMinimalLength => Width switch
    {
        LengthWidth.Extended16 => DeclaredLength > MaxShortLength,
        LengthWidth.Extended64 => DeclaredLength > MaxExtended16Length,
        _ => true,
    };

    /// <summary>True when the most significant bit of a 64-bit length is set (RFC 6455 §5.2: it MUST be 0).</summary>
    public bool HasLengthMostSignificantBit => (DeclaredLength >> 63) != 0;

    /// <summary>The RSV1 bit (used by permessage-deflate, RFC 7692).</summary>
    public bool Rsv1 => (Rsv & 0b100) != 0;

    /// <summary>The RSV2 bit.</summary>
    public bool Rsv2 => (Rsv & 0b010) != 0;

    /// <summary>The RSV3 bit.</summary>
    public bool Rsv3 => (Rsv & 0b001) != 0;
}

/// <summary>The opcodes RFC 6455 §5.2 defines; 3-7 and 11-15 are reserved.</summary>
public static class Opcodes
{
    /// <summary>Continuation frame (0x0).</summary>
    public const byte Continuation = 0;

    /// <summary>Text frame (0x1).</summary>
    public const byte Text = 1;

    /// <summary>Binary frame (0x2).</summary>
    public const byte Binary = 2;

    /// <summary>Connection close (0x8).</summary>
    public const byte Close = 8;

    /// <summary>Ping (0x9).</summary>
    public const byte Ping = 9;

    /// <summary>Pong (0xA).</summary>
    public const byte Pong = 10;

    /// <summary>True for opcodes RFC 6455 defines (0, 1, 2, 8, 9, 10).</summary>
    public static bool IsDefined(byte opcode) => opcode is Continuation or Text or Binary or Close or Ping or Pong;

    /// <summary>A readable name: "text", "close", … or "reserved-data-0x3" / "reserved-control-0xB".</summary>
    public static string Name(byte opcode) => opcode switch
    {
        Continuation => "continuation",
        Text => "text",
        Binary => "binary",
        Close => "close",
        Ping => "ping",
        Pong => "pong",
        < 8 => $"reserved-data-0x{opcode:X}",
        _ => $"reserved-control-0x{opcode:X}",
    };
}
