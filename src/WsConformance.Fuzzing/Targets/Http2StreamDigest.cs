using WsConformance.Protocol.Http2;

namespace WsConformance.Fuzzing.Targets;

/// <summary>What the HTTP/2 frame decoder and validator made of a byte stream, reduced to a comparable digest.</summary>
/// <param name="Hash">FNV-1a of every header, payload (CRC-32C and length) and frame end, in order (independent of chunking).</param>
/// <param name="ViolationHash">FNV-1a of every violation code, error code and scope, in order.</param>
/// <param name="Frames">Frames whose header was read (whole and oversized).</param>
/// <param name="EndedInsideFrame">The input ended inside a frame.</param>
internal readonly record struct Http2StreamDigest(ulong Hash, ulong ViolationHash, int Frames, bool EndedInsideFrame)
{
    /// <summary>
    /// Decodes <paramref name="input"/> fed in chunks of <paramref name="chunkSize"/> bytes (the caller keeping the
    /// unconsumed ones) and validates every frame. Throws <see cref="FuzzFindingException"/> when the decoder breaks its
    /// contract (consumes more than given or nothing without waiting) or a whole frame does not re-encode to its bytes.
    /// </summary>
    public static Http2StreamDigest Decode(ReadOnlySpan<byte> input, int chunkSize, int maxFrameSize)
    {
        var consumer = new Consumer(new Http2FrameDecoder(maxFrameSize), new Http2FrameValidator());
        int unconsumed = ChunkedFeeding.Feed(input, chunkSize, ref consumer);
        return consumer.Digest.ToDigest(endedInsideFrame: consumer.Decoder.OversizedFrame is not null || unconsumed > 0);
    }

    private static int Drain(Http2FrameDecoder decoder, Http2FrameValidator validator, ReadOnlySpan<byte> buffer, ref DigestBuilder digest)
    {
        int used = 0;
        while (true)
        {
            Http2DecodeStatus status = decoder.Decode(buffer[used..], out int consumed, out Http2Frame frame);
            if (consumed < 0 || consumed > buffer.Length - used || (consumed == 0) != (status == Http2DecodeStatus.NeedMoreData))
            {
                throw new FuzzFindingException($"Http2FrameDecoder returned {status} having consumed {consumed} of {buffer.Length - used} bytes.");
            }

            used += consumed;
            switch (status)
            {
                case Http2DecodeStatus.NeedMoreData:
                    return used;
                case Http2DecodeStatus.Frame:
                    AssertReEncodes(frame);
                    digest.Header(frame.Header, validator.OnFrame(frame.Header, frame.Payload));
                    digest.Payload(frame.Payload, endOfFrame: true);
                    break;
                case Http2DecodeStatus.FrameTooLarge:
                    digest.Header(frame.Header, validator.OnOversizedFrame(frame.Header, decoder.MaxFrameSize));
                    break;
                default:
                    digest.Payload(frame.Payload, frame.EndOfFrame);
                    break;
            }
        }
    }

    /// <summary>The decoder is lossless: encoding what it read gives back the very bytes it consumed.</summary>
    private static void AssertReEncodes(Http2Frame frame)
    {
        Http2FrameHeader header = frame.Header;
        byte[] encoded = Http2FrameEncoder.Encode(new Http2FrameSpec(header.Type, header.Flags, header.StreamId, frame.Payload.ToArray(), header.ReservedBit));
        if (!frame.Raw.SequenceEqual(encoded))
        {
            throw new FuzzFindingException($"Re-encoding {header} gave {Convert.ToHexString(encoded)}, not {Convert.ToHexString(frame.Raw)}.");
        }
    }

    private struct Consumer(Http2FrameDecoder decoder, Http2FrameValidator validator) : IChunkConsumer
    {
        public readonly Http2FrameDecoder Decoder = decoder;
        public DigestBuilder Digest = new();

        public int Consume(Span<byte> pending) => Drain(Decoder, validator, pending, ref Digest);
    }

    /// <summary>Folds the events into two FNV-1a hashes; payload bytes go through CRC-32C, so chunking does not show.</summary>
    private struct DigestBuilder()
    {
        private const ulong FrameEndMarker = 0xE0F;
        private ulong _hash = Fnv1a.Basis;
        private ulong _violationHash = Fnv1a.Basis;
        private uint _payloadCrc;
        private ulong _payloadLength;
        private int _frames;

        public void Header(in Http2FrameHeader header, IReadOnlyList<Http2Violation> violations)
        {
            _hash = Fnv1a.Mix(_hash, (uint)header.Length | ((ulong)header.Type << 24) | ((ulong)header.Flags << 32) | (header.ReservedBit ? 1UL << 40 : 0));
            _hash = Fnv1a.Mix(_hash, header.StreamId);
            _frames++;
            foreach (Http2Violation violation in violations)
            {
                _violationHash = Fnv1a.Mix(_violationHash, (ulong)violation.Code | ((ulong)violation.ErrorCode << 8) | ((ulong)violation.Scope << 40) | ((ulong)_frames << 48));
            }
        }

        public void Payload(ReadOnlySpan<byte> payload, bool endOfFrame)
        {
            _payloadCrc = Checksum.Crc32C(_payloadCrc, payload);
            _payloadLength += (ulong)payload.Length;
            if (endOfFrame)
            {
                _hash = Fnv1a.Mix(_hash, _payloadCrc | (_payloadLength << 32));
                _hash = Fnv1a.Mix(_hash, FrameEndMarker);
                (_payloadCrc, _payloadLength) = (0, 0);
            }
        }

        public readonly Http2StreamDigest ToDigest(bool endedInsideFrame) => new(_hash, _violationHash, _frames, endedInsideFrame);
    }
}
