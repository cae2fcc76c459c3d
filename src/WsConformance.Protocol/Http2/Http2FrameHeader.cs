namespace WsConformance.Protocol.Http2;

/// <summary>
/// The nine-octet header of an RFC 9113 §4.1 frame, exactly as it was on the wire (the reserved bit and
/// unknown types and flags are kept).
/// </summary>
/// <param name="Length">The 24-bit payload length (0 to 16,777,215).</param>
/// <param name="Type">The 8-bit frame type; see <see cref="Http2FrameTypes"/>.</param>
/// <param name="Flags">The 8 flag bits; see <see cref="Http2Flags"/>.</param>
/// <param name="ReservedBit">The bit in front of the stream identifier, which MUST be 0 when sent.</param>
/// <param name="StreamId">The 31-bit stream identifier; 0 is the connection.</param>
public readonly record struct Http2FrameHeader(int Length, byte Type, byte Flags, bool ReservedBit, uint StreamId)
{
    /// <summary>Octets of every frame header.</summary>
    public const int Size = 9;

    /// <summary>SETTINGS_MAX_FRAME_SIZE until the peer says otherwise, and its smallest value (§4.2, §6.5.2).</summary>
    public const int DefaultMaxFrameSize = 16_384;

    /// <summary>The largest payload the 24-bit length can declare, and the largest SETTINGS_MAX_FRAME_SIZE.</summary>
    public const int MaxFrameSizeLimit = (1 << 24) - 1;

    /// <summary>The largest stream identifier (31 bits).</summary>
    public const uint MaxStreamId = int.MaxValue;

    /// <summary>True when every bit of <paramref name="flag"/> is set.</summary>
    public bool HasFlag(byte flag) => (Flags & flag) == flag;

    /// <summary>Flags set that the frame's type does not define (§4.1: they MUST be left unset when sending).</summary>
    public byte UndefinedFlags => (byte)(Flags & ~Http2Flags.DefinedFor(Type));
}
