using System.Buffers;

namespace WsConformance.Protocol.Compression;

/// <summary>
/// Compresses whole messages the way RFC 7692 §7.2.1 describes: raw DEFLATE, flushed to a byte boundary with
/// an empty stored block (Z_SYNC_FLUSH), whose 0x00 0x00 0xff 0xff tail is then removed. With context takeover
/// the LZ77 window carries over from one message to the next; without it every message starts afresh.
/// </summary>
public sealed unsafe class MessageDeflater : IDisposable
{
    /// <summary>Smallest LZ77 window RFC 7692 §7.1.2 allows (256 bytes).</summary>
    public const int MinWindowBits = 8;

    /// <summary>Largest LZ77 window (32 KiB), and the default when nothing was negotiated.</summary>
    public const int MaxWindowBits = 15;

    /// <summary>
    /// zlib rejects raw DEFLATE with an 8-bit window (since 1.2.9, "until 256-byte window bug fixed"). With 9 bits
    /// zlib never emits a distance beyond 512 − 262 (MIN_LOOKAHEAD) = 250 bytes, so its output still fits a 256-byte
    /// window: compressing with 9 honours a negotiated 8.
    /// </summary>
    private const int SmallestZlibRawWindowBits = 9;

    private const int OutputChunk = 16 * 1024;
    private static readonly byte[] EmptyMessage = [0x00];

    private readonly ZStreamHandle _stream;
    private readonly bool _noContextTakeover;
    private readonly ArrayBufferWriter<byte> _output = new(OutputChunk);

    /// <param name="windowBits">The LZ77 window the peer allows us (client_max_window_bits / server_max_window_bits), 8–15.</param>
    /// <param name="noContextTakeover">Start every message with an empty window (the *_no_context_takeover parameters).</param>
    /// <param name="level">zlib compression level, 0–9, or −1 for zlib's default (6).</param>
    public MessageDeflater(int windowBits = MaxWindowBits, bool noContextTakeover = false, int level = -1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowBits, MinWindowBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(windowBits, MaxWindowBits);
        ArgumentOutOfRangeException.ThrowIfLessThan(level, -1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level, 9);
        WindowBits = windowBits;
        _noContextTakeover = noContextTakeover;
        _stream = ZStreamHandle.CreateDeflate(level, Math.Max(windowBits, SmallestZlibRawWindowBits));
    }

    /// <summary>The negotiated window size this deflater honours.</summary>
    public int WindowBits { get; }

    /// <summary>The compressed payload of one message (the tail already removed), ready to be framed with RSV1.</summary>
    public byte[] Compress(ReadOnlySpan<byte> message) => CompressIntoOwnBuffer(message).ToArray();

    /// <summary>
    /// As <see cref="Compress(ReadOnlySpan{byte})"/>, but the result lives in the deflater's own buffer and is valid
    /// only until the next call: no allocation per message.
    /// </summary>
    public ReadOnlyMemory<byte> CompressIntoOwnBuffer(ReadOnlySpan<byte> message)
    {
        ObjectDisposedException.ThrowIf(_stream.IsClosed, this);
        if (message.IsEmpty)
        {
            // zlib emits nothing for a second flush without input; RFC 7692 §7.2.3.6 has the empty message as the
            // single octet 0x00 (an empty stored block, which leaves the LZ77 window as it was).
            return EmptyMessage;
        }

        _output.ResetWrittenCount();
        Feed(message, ZlibNative.SyncFlush);
        return EndMessage();
    }

    /// <summary>
    /// Compresses one message given in pieces (a multi-megabyte message need not exist in memory at once), e.g.
    /// the zeros of a decompression-bomb case.
    /// </summary>
    public byte[] CompressPieces(IEnumerable<ReadOnlyMemory<byte>> pieces)
    {
        ArgumentNullException.ThrowIfNull(pieces);
        ObjectDisposedException.ThrowIf(_stream.IsClosed, this);
        _output.ResetWrittenCount();
        var empty = true;
        foreach (var piece in pieces)
        {
            empty &= piece.IsEmpty;
            Feed(piece.Span, ZlibNative.NoFlush);
        }

        if (empty)
        {
            return [.. EmptyMessage];
        }

        Feed([], ZlibNative.SyncFlush);
        return EndMessage().ToArray();
    }

    public void Dispose() => _stream.Dispose();

    private ReadOnlyMemory<byte> EndMessage()
    {
        if (_noContextTakeover)
        {
            _ = ZlibNative.DeflateReset(_stream.Stream);
        }

        return WithoutTail(_output.WrittenMemory);
    }

    /// <summary>Hands <paramref name="input"/> to zlib and collects output until zlib has nothing more to give.</summary>
    private void Feed(ReadOnlySpan<byte> input, int flush)
    {
        fixed (byte* start = input)
        {
            var stream = _stream.Stream;
            stream->NextIn = start;
            stream->AvailIn = (uint)input.Length;
            do
            {
                Pump(stream, flush);
            }
            while (stream->AvailIn > 0 || stream->AvailOut == 0);

            stream->NextIn = null;
        }
    }

    /// <summary>One deflate call into the next free piece of the output buffer.</summary>
    private void Pump(ZlibNative.ZStream* stream, int flush)
    {
        var room = _output.GetSpan(OutputChunk);
        fixed (byte* output = room)
        {
            stream->NextOut = output;
            stream->AvailOut = (uint)room.Length;
            var code = ZlibNative.Deflate(stream, flush);
            if (code != ZlibNative.Ok && code != ZlibNative.BufferError)
            {
                throw new InvalidOperationException($"zlib deflate failed: {ZlibNative.Describe(stream, code)}");
            }

            _output.Advance(room.Length - (int)stream->AvailOut);
            stream->NextOut = null;
        }
    }

    /// <summary>RFC 7692 §7.2.1: "Remove 4 octets (that are 0x00 0x00 0xff 0xff) from the tail end."</summary>
    private static ReadOnlyMemory<byte> WithoutTail(ReadOnlyMemory<byte> flushed) =>
        flushed.Span.EndsWith(DeflateTail.Bytes) ? flushed[..^DeflateTail.Bytes.Length] : flushed;
}
