using System.Buffers.Binary;

namespace WsConformance.Protocol;

/// <summary>What one <see cref="FrameDecoder.Decode"/> call produced.</summary>
public enum DecodeStatus
{
    /// <summary>Nothing to report yet; feed more bytes (keeping the unconsumed ones).</summary>
    NeedMoreData,

    /// <summary>A complete header was read; its payload follows as one or more <see cref="PayloadChunk"/>s.</summary>
    FrameStarted,

    /// <summary>Unmasked payload bytes of the current frame (possibly empty for a zero-length frame).</summary>
    PayloadChunk,
}

/// <summary>
/// Incremental, lossless RFC 6455 §5.2 frame decoder. It describes what is on the wire (every header field,
/// reserved values included) and never judges: that is <see cref="FrameValidator"/>'s job.
/// </summary>
/// <remarks>
/// The decoder owns no buffers: it never allocates, least of all in proportion to a declared length, and
/// only hands out slices of the caller's input. Each frame yields one <see cref="DecodeStatus.FrameStarted"/>
/// followed by payload chunks, the last of which has <c>endOfFrame</c> set (a zero-length frame yields one
/// empty chunk). Every call either consumes bytes or changes state, so a caller loop cannot spin.
/// </remarks>
public sealed class FrameDecoder
{
    private const int FixedHeaderLength = 2;
    private const byte FinBit = 0x80;
    private const byte RsvBits = 0x70;
    private const int RsvShift = 4;
    private const byte OpcodeBits = 0x0F;
    private const byte MaskBit = 0x80;
    private const byte ShortLengthBits = 0x7F;
    private const byte Length16Marker = 126;
    private const byte Length64Marker = 127;

    private int _keyOffset;

    /// <summary>Header of the frame whose payload is being read, if any.</summary>
    public FrameHeader? CurrentFrame { get; private set; }

    /// <summary>Payload bytes of <see cref="CurrentFrame"/> not yet handed out (0 between frames).</summary>
    public ulong PayloadRemaining { get; private set; }

    /// <summary>
    /// Decodes from the start of input (the caller's buffer; payload is unmasked IN PLACE there).
    /// NeedMoreData: consumed bytes were used (0 if a header is still incomplete) and nothing to report yet.
    /// FrameStarted: <paramref name="header"/> is valid; consumed = header length. PayloadChunk:
    /// <paramref name="payload"/> is a slice of input holding the next unmasked payload bytes (may be empty
    /// for a zero-length frame), <paramref name="endOfFrame"/> tells if the frame is complete.
    /// </summary>
    public DecodeStatus Decode(
        Span<byte> input, out int consumed, out FrameHeader header, out Span<byte> payload, out bool endOfFrame)
    {
        payload = default;
        endOfFrame = false;
        if (CurrentFrame is not { } current)
        {
            if (!TryReadHeader(input, out header))
            {
                consumed = 0;
                return DecodeStatus.NeedMoreData;
            }

            CurrentFrame = header;
            PayloadRemaining = header.DeclaredLength;
            _keyOffset = 0;
            consumed = header.HeaderLength;
            return DecodeStatus.FrameStarted;
        }

        header = current;
        if (PayloadRemaining != 0 && input.IsEmpty)
        {
            consumed = 0;
            return DecodeStatus.NeedMoreData;
        }

        int take = (int)Math.Min(PayloadRemaining, (ulong)input.Length);
        payload = input[..take];
        if (current.Masked)
        {
            _keyOffset = Masking.Apply(payload, current.MaskKey, _keyOffset);
        }

        PayloadRemaining -= (ulong)take;
        endOfFrame = PayloadRemaining == 0;
        if (endOfFrame)
        {
            CurrentFrame = null;
        }

        consumed = take;
        return DecodeStatus.PayloadChunk;
    }

    /// <summary>Forgets any frame in progress, ready to read a header.</summary>
    public void Reset()
    {
        CurrentFrame = null;
        PayloadRemaining = 0;
        _keyOffset = 0;
    }

    /// <summary>
    /// Parses a complete header from the start of <paramref name="input"/> without any validation;
    /// false if the input holds only part of a header.
    /// </summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> input, out FrameHeader header)
    {
        header = default;
        if (input.Length < FixedHeaderLength)
        {
            return false;
        }

        byte first = input[0];
        byte second = input[1];
        bool masked = (second & MaskBit) != 0;
        byte shortLength = (byte)(second & ShortLengthBits);
        (LengthWidth width, int extendedBytes) = shortLength switch
        {
            Length16Marker => (LengthWidth.Extended16, sizeof(ushort)),
            Length64Marker => (LengthWidth.Extended64, sizeof(ulong)),
            _ => (LengthWidth.Short7, 0),
        };

        int headerLength = FixedHeaderLength + extendedBytes + (masked ? Masking.KeyLength : 0);
        if (input.Length < headerLength)
        {
            return false;
        }

        ReadOnlySpan<byte> extended = input.Slice(FixedHeaderLength, extendedBytes);
        ulong declaredLength = width switch
        {
            LengthWidth.Extended16 => BinaryPrimitives.ReadUInt16BigEndian(extended),
            LengthWidth.Extended64 => BinaryPrimitives.ReadUInt64BigEndian(extended),
            _ => shortLength,
        };

        uint maskKey = masked
            ? BinaryPrimitives.ReadUInt32BigEndian(input.Slice(FixedHeaderLength + extendedBytes, Masking.KeyLength))
            : 0;

        header = new FrameHeader(
            Fin: (first & FinBit) != 0,
            Rsv: (byte)((first & RsvBits) >> RsvShift),
            Opcode: (byte)(first & OpcodeBits),
            masked,
            maskKey,
            declaredLength,
            width,
            headerLength);
        return true;
    }
}
