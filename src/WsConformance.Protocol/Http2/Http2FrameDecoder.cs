using System.Buffers.Binary;

namespace WsConformance.Protocol.Http2;

/// <summary>What one <see cref="Http2FrameDecoder.Decode"/> call produced.</summary>
public enum Http2DecodeStatus
{
    /// <summary>No whole frame yet; feed more bytes (keeping the unconsumed ones).</summary>
    NeedMoreData,

    /// <summary>A whole frame within the size limit: header, payload and raw bytes.</summary>
    Frame,

    /// <summary>
    /// A header declaring more than <see cref="Http2FrameDecoder.MaxFrameSize"/> (RFC 9113 §4.2); only the header
    /// was consumed, and its payload follows as <see cref="OversizedPayloadChunk"/>s, so it is never buffered.
    /// </summary>
    FrameTooLarge,

    /// <summary>Payload bytes of the oversized frame being skipped; the last one has EndOfFrame set.</summary>
    OversizedPayloadChunk,
}

/// <summary>One frame (or one part of an oversized one) as slices of the caller's input.</summary>
public readonly ref struct Http2Frame(Http2FrameHeader header, ReadOnlySpan<byte> payload, ReadOnlySpan<byte> raw, bool endOfFrame)
{
    /// <summary>The frame's header.</summary>
    public Http2FrameHeader Header { get; } = header;

    /// <summary>The payload bytes this call handed out.</summary>
    public ReadOnlySpan<byte> Payload { get; } = payload;

    /// <summary>The wire bytes this call consumed: header and payload of a whole frame, kept for lossless reports.</summary>
    public ReadOnlySpan<byte> Raw { get; } = raw;

    /// <summary>False only for an oversized frame whose payload goes on.</summary>
    public bool EndOfFrame { get; } = endOfFrame;
}

/// <summary>
/// Incremental, lossless RFC 9113 §4.1 frame decoder: it describes what is on the wire and never judges
/// (that is <see cref="Http2FrameValidator"/>'s job), never throws on any input and never allocates.
/// </summary>
/// <remarks>
/// A frame within <see cref="MaxFrameSize"/> is handed out whole, once all of it has arrived: the limit bounds
/// what a caller buffers, and every frame-level rule needs the whole payload. A larger frame is reported as
/// soon as its header is read and its payload is then passed through in chunks, so a receiver that answers
/// with a stream error can go on reading the connection. Every call either consumes bytes or changes state.
/// </remarks>
public sealed class Http2FrameDecoder
{
    private const int LengthOffset = 0;
    private const int TypeOffset = 3;
    private const int FlagsOffset = 4;
    private const int StreamIdOffset = 5;
    private const uint ReservedBitMask = 0x8000_0000;

    private int _maxFrameSize;

    /// <summary>A decoder enforcing <paramref name="maxFrameSize"/> (the SETTINGS_MAX_FRAME_SIZE this side announced).</summary>
    public Http2FrameDecoder(int maxFrameSize = Http2FrameHeader.DefaultMaxFrameSize)
    {
        MaxFrameSize = maxFrameSize;
    }

    /// <summary>The largest payload accepted as a <see cref="Http2DecodeStatus.Frame"/>; may change between frames.</summary>
    public int MaxFrameSize
    {
        get => _maxFrameSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Http2FrameHeader.MaxFrameSizeLimit);
            _maxFrameSize = value;
        }
    }

    /// <summary>The oversized frame whose payload is being passed through, if any.</summary>
    public Http2FrameHeader? OversizedFrame { get; private set; }

    /// <summary>Payload bytes of <see cref="OversizedFrame"/> not yet handed out.</summary>
    public int OversizedPayloadRemaining { get; private set; }

    /// <summary>
    /// Decodes from the start of <paramref name="input"/>. <paramref name="consumed"/> is 0 for
    /// <see cref="Http2DecodeStatus.NeedMoreData"/>, otherwise the length of <c>frame.Raw</c>.
    /// </summary>
    public Http2DecodeStatus Decode(ReadOnlySpan<byte> input, out int consumed, out Http2Frame frame)
    {
        if (OversizedFrame is { } oversized)
        {
            return PassOversizedPayload(oversized, input, out consumed, out frame);
        }

        consumed = 0;
        frame = default;
        if (!TryReadHeader(input, out Http2FrameHeader header))
        {
            return Http2DecodeStatus.NeedMoreData;
        }

        if (header.Length > MaxFrameSize)
        {
            OversizedFrame = header;
            OversizedPayloadRemaining = header.Length;
            consumed = Http2FrameHeader.Size;
            frame = new Http2Frame(header, [], input[..consumed], endOfFrame: false);
            return Http2DecodeStatus.FrameTooLarge;
        }

        int total = Http2FrameHeader.Size + header.Length;
        if (input.Length < total)
        {
            return Http2DecodeStatus.NeedMoreData;
        }

        consumed = total;
        frame = new Http2Frame(header, input[Http2FrameHeader.Size..total], input[..total], endOfFrame: true);
        return Http2DecodeStatus.Frame;
    }

    /// <summary>Forgets an oversized frame in progress, ready to read a header.</summary>
    public void Reset()
    {
        OversizedFrame = null;
        OversizedPayloadRemaining = 0;
    }

    /// <summary>Parses a frame header from the start of <paramref name="input"/>; false if fewer than 9 bytes.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> input, out Http2FrameHeader header)
    {
        if (input.Length < Http2FrameHeader.Size)
        {
            header = default;
            return false;
        }

        int length = (input[LengthOffset] << 16) | (input[LengthOffset + 1] << 8) | input[LengthOffset + 2];
        uint streamWord = BinaryPrimitives.ReadUInt32BigEndian(input[StreamIdOffset..]);
        header = new Http2FrameHeader(
            length, input[TypeOffset], input[FlagsOffset], (streamWord & ReservedBitMask) != 0, streamWord & ~ReservedBitMask);
        return true;
    }

    private Http2DecodeStatus PassOversizedPayload(
        Http2FrameHeader oversized, ReadOnlySpan<byte> input, out int consumed, out Http2Frame frame)
    {
        consumed = Math.Min(OversizedPayloadRemaining, input.Length);
        if (consumed == 0)
        {
            frame = default;
            return Http2DecodeStatus.NeedMoreData;
        }

        OversizedPayloadRemaining -= consumed;
        bool end = OversizedPayloadRemaining == 0;
        if (end)
        {
            OversizedFrame = null;
        }

        ReadOnlySpan<byte> chunk = input[..consumed];
        frame = new Http2Frame(oversized, chunk, chunk, end);
        return Http2DecodeStatus.OversizedPayloadChunk;
    }
}
