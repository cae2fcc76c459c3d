using System.Buffers.Binary;
using System.Text;

namespace WsConformance.Protocol;

/// <summary>Which payload-length form the encoder writes.</summary>
public enum LengthEncoding
{
    /// <summary>The smallest form that fits the length, as RFC 6455 §5.2 requires.</summary>
    Minimal,

    /// <summary>Always the 16-bit extended form (non-minimal for lengths ≤ 125).</summary>
    Extended16,

    /// <summary>Always the 64-bit extended form (non-minimal for lengths ≤ 65535).</summary>
    Extended64,
}

/// <summary>
/// Everything the encoder writes for one frame. The encoder can lie: any RSV bits, any opcode, a declared
/// length that differs from the payload, and non-minimal length forms.
/// </summary>
/// <param name="Fin">The FIN bit.</param>
/// <param name="Rsv">The reserved bits as a 3-bit number: 4 = RSV1, 2 = RSV2, 1 = RSV3.</param>
/// <param name="Opcode">The opcode (0-15), reserved values included.</param>
/// <param name="Masked">Whether to set the MASK bit, write <paramref name="MaskKey"/> and mask the payload.</param>
/// <param name="MaskKey">The key in wire order (first key byte = most significant byte).</param>
/// <param name="Payload">The unmasked payload bytes that are written after the header.</param>
/// <param name="DeclaredLength">The length to announce in the header; null = the payload length.</param>
/// <param name="LengthEncoding">Which length form to use.</param>
public readonly record struct FrameSpec(
    bool Fin,
    byte Rsv,
    byte Opcode,
    bool Masked,
    uint MaskKey,
    ReadOnlyMemory<byte> Payload,
    ulong? DeclaredLength = null,
    LengthEncoding LengthEncoding = LengthEncoding.Minimal)
{
    /// <summary>The length announced in the header.</summary>
    public ulong HeaderLengthValue => DeclaredLength ?? (ulong)Payload.Length;
}

/// <summary>Writes RFC 6455 §5.2 frames, including deliberately malformed ones.</summary>
public static class FrameEncoder
{
    /// <summary>2 fixed bytes + 8 bytes of 64-bit length + 4 bytes of masking key.</summary>
    public const int MaxHeaderLength = 14;

    private const int FixedHeaderLength = 2;
    private const byte FinBit = 0x80;
    private const byte MaskBit = 0x80;
    private const byte Length16Marker = 126;
    private const byte Length64Marker = 127;
    private const int RsvShift = 4;
    private const byte MaxRsv = 0b111;
    private const byte MaxOpcode = 0xF;

    /// <summary>Number of header bytes <see cref="Write"/> produces for <paramref name="spec"/>.</summary>
    public static int GetHeaderLength(in FrameSpec spec) =>
        FixedHeaderLength + ExtendedLengthBytes(Width(spec)) + (spec.Masked ? Masking.KeyLength : 0);

    /// <summary>Header plus payload bytes actually written (the declared length does not matter).</summary>
    public static int GetEncodedLength(in FrameSpec spec) => checked(GetHeaderLength(spec) + spec.Payload.Length);

    /// <summary>Writes the header and the (masked copy of the) payload; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, in FrameSpec spec)
    {
        ValidateSpec(spec);
        int total = GetEncodedLength(spec);
        if (destination.Length < total)
        {
            ThrowDestinationTooSmall(total, destination.Length, nameof(destination));
        }

        int headerLength = WriteHeader(destination, spec);
        Span<byte> payload = destination.Slice(headerLength, spec.Payload.Length);
        spec.Payload.Span.CopyTo(payload);
        if (spec.Masked)
        {
            Masking.Apply(payload, spec.MaskKey, 0);
        }

        return total;
    }

    /// <summary>Encodes one frame into a new array.</summary>
    public static byte[] Encode(in FrameSpec spec)
    {
        var frame = new byte[GetEncodedLength(spec)];
        Write(frame, spec);
        return frame;
    }

    /// <summary>A final Close frame whose body is the 2-byte code and the UTF-8 reason (RFC 6455 §5.5.1).</summary>
    public static byte[] Close(ushort code, string reason, uint? maskKey) =>
        CloseWithBody(CloseBody.Build(code, Encoding.UTF8.GetBytes(reason)), maskKey);

    /// <summary>A final Close frame with an arbitrary body (may be empty, 1 byte, or invalid).</summary>
    public static byte[] CloseWithBody(ReadOnlySpan<byte> body, uint? maskKey) => Control(Opcodes.Close, body, maskKey);

    /// <summary>A final Ping frame.</summary>
    public static byte[] Ping(ReadOnlySpan<byte> payload, uint? maskKey) => Control(Opcodes.Ping, payload, maskKey);

    /// <summary>A final Pong frame.</summary>
    public static byte[] Pong(ReadOnlySpan<byte> payload, uint? maskKey) => Control(Opcodes.Pong, payload, maskKey);

    /// <summary>
    /// Splits a message into frames of fragmentSize payload bytes: first frame has the message opcode, the
    /// rest continuation (0), FIN only on the last. A message of ≤ fragmentSize bytes (or fragmentSize ≤ 0)
    /// is one frame. Each frame gets its own key from nextMaskKey (null = unmasked).
    /// </summary>
    public static IReadOnlyList<FrameSpec> Fragment(
        byte opcode, ReadOnlyMemory<byte> message, int fragmentSize, Func<uint>? nextMaskKey)
    {
        if (fragmentSize <= 0 || message.Length <= fragmentSize)
        {
            return [DataFrame(fin: true, opcode, message, nextMaskKey)];
        }

        var frames = new List<FrameSpec>((message.Length + fragmentSize - 1) / fragmentSize);
        for (int offset = 0; offset < message.Length; offset += fragmentSize)
        {
            int length = Math.Min(fragmentSize, message.Length - offset);
            bool last = offset + length == message.Length;
            byte frameOpcode = offset == 0 ? opcode : Opcodes.Continuation;
            frames.Add(DataFrame(last, frameOpcode, message.Slice(offset, length), nextMaskKey));
        }

        return frames;
    }

    private static FrameSpec DataFrame(bool fin, byte opcode, ReadOnlyMemory<byte> payload, Func<uint>? nextMaskKey) =>
        nextMaskKey is null
            ? new FrameSpec(fin, 0, opcode, Masked: false, MaskKey: 0, payload)
            : new FrameSpec(fin, 0, opcode, Masked: true, nextMaskKey(), payload);

    private static byte[] Control(byte opcode, ReadOnlySpan<byte> payload, uint? maskKey) =>
        Encode(new FrameSpec(Fin: true, 0, opcode, maskKey.HasValue, maskKey ?? 0, payload.ToArray()));

    private static int WriteHeader(Span<byte> destination, in FrameSpec spec)
    {
        ulong length = spec.HeaderLengthValue;
        LengthWidth width = Width(spec);
        destination[0] = (byte)((spec.Fin ? FinBit : 0) | (spec.Rsv << RsvShift) | spec.Opcode);
        byte maskBit = spec.Masked ? MaskBit : (byte)0;
        int position = FixedHeaderLength;
        switch (width)
        {
            case LengthWidth.Short7:
                destination[1] = (byte)(maskBit | (byte)length);
                break;
            case LengthWidth.Extended16:
                destination[1] = (byte)(maskBit | Length16Marker);
                BinaryPrimitives.WriteUInt16BigEndian(destination[position..], (ushort)length);
                position += sizeof(ushort);
                break;
            default:
                destination[1] = (byte)(maskBit | Length64Marker);
                BinaryPrimitives.WriteUInt64BigEndian(destination[position..], length);
                position += sizeof(ulong);
                break;
        }

        if (spec.Masked)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[position..], spec.MaskKey);
            position += Masking.KeyLength;
        }

        return position;
    }

    private static LengthWidth Width(in FrameSpec spec)
    {
        ulong length = spec.HeaderLengthValue;
        return spec.LengthEncoding switch
        {
            LengthEncoding.Extended16 => LengthWidth.Extended16,
            LengthEncoding.Extended64 => LengthWidth.Extended64,
            _ when length <= FrameHeader.MaxShortLength => LengthWidth.Short7,
            _ when length <= FrameHeader.MaxExtended16Length => LengthWidth.Extended16,
            _ => LengthWidth.Extended64,
        };
    }

    private static int ExtendedLengthBytes(LengthWidth width) => width switch
    {
        LengthWidth.Extended16 => sizeof(ushort),
        LengthWidth.Extended64 => sizeof(ulong),
        _ => 0,
    };

    private static void ValidateSpec(in FrameSpec spec)
    {
        if (spec.Rsv > MaxRsv)
        {
            ThrowOutOfRange(nameof(FrameSpec.Rsv), spec.Rsv, "RSV is a 3-bit value (0-7).");
        }

        if (spec.Opcode > MaxOpcode)
        {
            ThrowOutOfRange(nameof(FrameSpec.Opcode), spec.Opcode, "The opcode is a 4-bit value (0-15).");
        }

        if (spec.LengthEncoding == LengthEncoding.Extended16 && spec.HeaderLengthValue > FrameHeader.MaxExtended16Length)
        {
            ThrowOutOfRange(nameof(FrameSpec.DeclaredLength), spec.HeaderLengthValue, "The 16-bit form cannot carry this length.");
        }
    }

    private static void ThrowOutOfRange(string name, object value, string message) =>
        throw new ArgumentOutOfRangeException(name, value, message);

    private static void ThrowDestinationTooSmall(int needed, int available, string paramName) =>
        throw new ArgumentException($"The frame needs {needed} bytes but the destination has {available}.", paramName);
}
