using System.Buffers;
using WsConformance.Protocol;
using WsConformance.Protocol.Http2;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The frames one end of an HTTP/2 connection queued for its shell to write, in order: shared by the harness's client
/// core (<see cref="Http2ClientCore"/>) and server core (<see cref="Http2ServerCore"/>), which decide what to send and
/// leave the encoding and splitting into frames within the peer's SETTINGS_MAX_FRAME_SIZE to this. No I/O.
/// </summary>
internal sealed class Http2FrameWriter
{
    private const int PadLengthFieldSize = 1;

    private readonly ArrayBufferWriter<byte> _outgoing = new();

    /// <summary>Frames waiting to be written.</summary>
    public bool HasOutgoing => _outgoing.WrittenCount > 0;

    /// <summary>The bytes to write next, in order; the writer forgets them.</summary>
    public byte[] TakeOutgoing()
    {
        byte[] bytes = _outgoing.WrittenSpan.ToArray();
        _outgoing.ResetWrittenCount();
        return bytes;
    }

    /// <summary>Octets that are not frames (the client connection preface).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => _outgoing.Write(bytes);

    public void Emit(in Http2FrameSpec spec)
    {
        int written = Http2FrameEncoder.Write(_outgoing.GetSpan(Http2FrameEncoder.GetEncodedLength(spec)), spec);
        _outgoing.Advance(written);
    }

    /// <summary>A field block as HEADERS and as many CONTINUATION frames as <paramref name="maxFrameSize"/> needs (RFC 9113 §4.3).</summary>
    public void FieldBlock(uint streamId, ReadOnlySpan<byte> block, int maxFrameSize, bool endStream)
    {
        int first = Math.Min(block.Length, maxFrameSize);
        Emit(Http2Frames.Headers(streamId, block[..first], endStream, endHeaders: first == block.Length));
        for (int offset = first; offset < block.Length; offset += maxFrameSize)
        {
            int length = Math.Min(maxFrameSize, block.Length - offset);
            Emit(Http2Frames.Continuation(streamId, block.Slice(offset, length), endHeaders: offset + length == block.Length));
        }
    }

    /// <summary>DATA frames of at most <paramref name="maxFrameSize"/> octets; the data is copied once, straight into the buffer.</summary>
    public void Data(uint streamId, ReadOnlySpan<byte> data, int maxFrameSize)
    {
        for (int offset = 0; offset < data.Length; offset += maxFrameSize)
        {
            ReadOnlySpan<byte> piece = data.Slice(offset, Math.Min(maxFrameSize, data.Length - offset));
            EmitHeader(Http2FrameTypes.Data, 0, streamId, piece.Length);
            _outgoing.Write(piece);
        }
    }

    /// <summary>An empty DATA frame with END_STREAM: the orderly end of the sender's side (RFC 8441 §5: a TCP FIN).</summary>
    public void EndStream(uint streamId) => EmitHeader(Http2FrameTypes.Data, Http2Flags.EndStream, streamId, 0);

    /// <summary>The content of a DATA or HEADERS payload: after the Pad Length and <paramref name="fieldsSize"/> octets, before the padding.</summary>
    public static ReadOnlySpan<byte> WithoutPadding(in Http2FrameHeader header, ReadOnlySpan<byte> payload, int fieldsSize)
    {
        if (!header.HasFlag(Http2Flags.Padded))
        {
            return payload[fieldsSize..];
        }

        int padLength = payload[0];
        return payload[(PadLengthFieldSize + fieldsSize)..^padLength];
    }

    /// <summary>The violation an end acts on first: a connection error before a stream error; warnings never.</summary>
    public static Http2Violation? FirstError(IReadOnlyList<Http2Violation> violations) =>
        violations.FirstOrDefault(v => v.Severity == ViolationSeverity.Error && v.Scope == Http2ErrorScope.Connection)
        ?? violations.FirstOrDefault(v => v.Severity == ViolationSeverity.Error && v.Scope == Http2ErrorScope.Stream);

    /// <summary>A frame header alone, its payload written by the caller.</summary>
    private void EmitHeader(byte type, byte flags, uint streamId, int payloadLength) =>
        Emit(new Http2FrameSpec(type, flags, streamId, ReadOnlyMemory<byte>.Empty, DeclaredLength: payloadLength));
}
