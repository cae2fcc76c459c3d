using System.Buffers.Binary;

namespace WsConformance.Protocol.Http2;

/// <summary>
/// Everything the encoder writes for one frame. The encoder can lie: any type, any flags, the reserved bit, any
/// stream identifier, and a declared length that differs from the payload actually written.
/// </summary>
/// <param name="Type">The frame type (unknown types included).</param>
/// <param name="Flags">The flag bits, written as they are.</param>
/// <param name="StreamId">The 31-bit stream identifier.</param>
/// <param name="Payload">The payload bytes written after the header.</param>
/// <param name="ReservedBit">Whether to set the reserved bit in front of the stream identifier.</param>
/// <param name="DeclaredLength">The 24-bit length to announce; null = the payload's length.</param>
public readonly record struct Http2FrameSpec(
    byte Type, byte Flags, uint StreamId, ReadOnlyMemory<byte> Payload, bool ReservedBit = false, int? DeclaredLength = null)
{
    /// <summary>The length announced in the header.</summary>
    public int HeaderLengthValue => DeclaredLength ?? Payload.Length;
}

/// <summary>Writes RFC 9113 §4.1 frames, including deliberately malformed ones.</summary>
public static class Http2FrameEncoder
{
    private const byte ReservedBitInFirstStreamByte = 0x80;

    /// <summary>Header plus payload bytes actually written (the declared length does not matter).</summary>
    public static int GetEncodedLength(in Http2FrameSpec spec) => checked(Http2FrameHeader.Size + spec.Payload.Length);

    /// <summary>Writes the header and the payload; returns the bytes written.</summary>
    public static int Write(Span<byte> destination, in Http2FrameSpec spec)
    {
        ValidateSpec(spec);
        int total = GetEncodedLength(spec);
        if (destination.Length < total)
        {
            throw new ArgumentException($"The frame needs {total} bytes but the destination has {destination.Length}.", nameof(destination));
        }

        int length = spec.HeaderLengthValue;
        destination[0] = (byte)(length >> 16);
        destination[1] = (byte)(length >> 8);
        destination[2] = (byte)length;
        destination[3] = spec.Type;
        destination[4] = spec.Flags;
        BinaryPrimitives.WriteUInt32BigEndian(destination[5..], spec.StreamId);
        if (spec.ReservedBit)
        {
            destination[5] |= ReservedBitInFirstStreamByte;
        }

        spec.Payload.Span.CopyTo(destination[Http2FrameHeader.Size..]);
        return total;
    }

    /// <summary>Encodes one frame into a new array.</summary>
    public static byte[] Encode(in Http2FrameSpec spec)
    {
        var frame = new byte[GetEncodedLength(spec)];
        Write(frame, spec);
        return frame;
    }

    /// <summary>Encodes frames one after the other into a new array.</summary>
    public static byte[] Encode(params ReadOnlySpan<Http2FrameSpec> specs)
    {
        int total = 0;
        foreach (Http2FrameSpec spec in specs)
        {
            total = checked(total + GetEncodedLength(spec));
        }

        var wire = new byte[total];
        int offset = 0;
        foreach (Http2FrameSpec spec in specs)
        {
            offset += Write(wire.AsSpan(offset), spec);
        }

        return wire;
    }

    private static void ValidateSpec(in Http2FrameSpec spec)
    {
        if (spec.StreamId > Http2FrameHeader.MaxStreamId)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.StreamId, "The stream identifier has 31 bits; set ReservedBit for the 32nd.");
        }

        if (spec.HeaderLengthValue is < 0 or > Http2FrameHeader.MaxFrameSizeLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), spec.HeaderLengthValue, "The length field has 24 bits.");
        }
    }
}
