using WsConformance.Protocol;

namespace WsConformance.Fuzzing.Targets;

/// <summary>What our decoder and validator made of a byte stream, reduced to a comparable digest.</summary>
/// <param name="Hash">Hash of every header, frame payload (its CRC-32C and length) and frame end, in order (independent of chunking).</param>
/// <param name="ViolationHash">Hash of every violation code with the index of its frame, in order.</param>
/// <param name="FirstError">
/// Index of the frame with the first Error-severity violation, or -1. Frame and message size limits are
/// implementation limits, not protocol errors, so they do not count.
/// </param>
/// <param name="FirstErrorCode">The code of that violation, or null.</param>
/// <param name="ClosedAt">Index of the first Close frame whose payload was read completely, or -1.</param>
/// <param name="Frames">Frames started.</param>
/// <param name="EndedInsideFrame">The input ended inside a frame (part of a header, or of a payload).</param>
internal readonly record struct FrameStreamDigest(ulong Hash, ulong ViolationHash, int FirstError, ViolationCode? FirstErrorCode, int ClosedAt, int Frames, bool EndedInsideFrame)
{
    /// <summary>The sender role a stream most likely comes from: masked first frame = client.</summary>
    public static Role SenderOf(ReadOnlySpan<byte> input) => input.Length >= 2 && (input[1] & 0x80) != 0 ? Role.Client : Role.Server;

    /// <summary>
    /// Decodes <paramref name="input"/> fed in chunks of <paramref name="chunkSize"/> bytes (the caller keeps
    /// unconsumed bytes, as a network reader would) and validates every frame. Throws
    /// <see cref="FuzzFindingException"/> when the decoder breaks its contract (consumes more than it was given,
    /// or returns without progress).
    /// </summary>
    public static FrameStreamDigest Decode(ReadOnlySpan<byte> input, int chunkSize, Role sender)
    {
        var consumer = new Consumer(new FrameDecoder(), new FrameValidator(new ValidationOptions(sender)));
        int unconsumed = ChunkedFeeding.Feed(input, chunkSize, ref consumer);
        consumer.State.EndedInsideFrame = consumer.Decoder.CurrentFrame is not null || unconsumed > 0;
        return consumer.State.ToDigest();
    }

    private static int Drain(FrameDecoder decoder, FrameValidator validator, Span<byte> buffer, ref DigestBuilder state)
    {
        int used = 0;
        for (int steps = 0; ; steps++)
        {
            if (steps > (2 * buffer.Length) + 4)
            {
                throw new FuzzFindingException($"FrameDecoder made no progress after {steps} calls on {buffer.Length} bytes.");
            }

            DecodeStatus status = decoder.Decode(buffer[used..], out int consumed, out FrameHeader header, out Span<byte> payload, out bool end);
            if (consumed < 0 || consumed > buffer.Length - used)
            {
                throw new FuzzFindingException($"FrameDecoder consumed {consumed} of {buffer.Length - used} bytes.");
            }

            used += consumed;
            switch (status)
            {
                case DecodeStatus.NeedMoreData:
                    return used;
                case DecodeStatus.FrameStarted:
                    state.Header(header, validator.OnHeader(header));
                    break;
                default:
                    state.Payload(payload, end, validator.OnPayload(payload, end));
                    break;
            }
        }
    }

    private struct Consumer(FrameDecoder decoder, FrameValidator validator) : IChunkConsumer
    {
        public readonly FrameDecoder Decoder = decoder;
        public DigestBuilder State = new();

        public int Consume(Span<byte> pending) => Drain(Decoder, validator, pending, ref State);
    }

    /// <summary>
    /// Folds the events into two FNV-1a hashes. Payload bytes go through CRC-32C first (8 bytes per instruction):
    /// a CRC is a function of the byte sequence alone, so the payload's value does not depend on how it was cut
    /// into chunks; it is folded into the main hash at the end of each frame (or of the input).
    /// </summary>
    private struct DigestBuilder()
    {
        private const ulong FrameEndMarker = 0xE0F;
        private ulong _hash = Fnv1a.Basis;
        private ulong _violationHash = Fnv1a.Basis;
        private uint _payloadCrc;
        private ulong _payloadLength;
        private int _frames;
        private int _firstError = -1;
        private ViolationCode? _firstErrorCode;
        private int _closedAt = -1;
        private bool _inClose;

        public bool EndedInsideFrame { get; set; }

        public void Header(in FrameHeader header, IReadOnlyList<Violation> violations)
        {
            ulong bits = (header.Fin ? 1UL : 0) | ((ulong)header.Rsv << 1) | ((ulong)header.Opcode << 4) | (header.Masked ? 1UL << 8 : 0)
                | ((ulong)header.Width << 16) | ((ulong)header.HeaderLength << 24) | ((ulong)header.MaskKey << 32);
            Mix(bits);
            Mix(header.DeclaredLength);
            _frames++;
            _inClose = header.Opcode == Opcodes.Close;
            Violations(violations);
        }

        public void Payload(ReadOnlySpan<byte> payload, bool end, IReadOnlyList<Violation> violations)
        {
            _payloadCrc = Checksum.Crc32C(_payloadCrc, payload);
            _payloadLength += (ulong)payload.Length;
            if (end)
            {
                FoldPayload();
                Mix(FrameEndMarker);
                if (_inClose && _closedAt < 0)
                {
                    _closedAt = _frames - 1;
                }
            }

            Violations(violations);
        }

        public FrameStreamDigest ToDigest()
        {
            FoldPayload();
            return new(_hash, _violationHash, _firstError, _firstErrorCode, _closedAt, _frames, EndedInsideFrame);
        }

        private void FoldPayload()
        {
            if (_payloadLength != 0)
            {
                Mix(_payloadLength);
                Mix(_payloadCrc);
                (_payloadCrc, _payloadLength) = (0, 0);
            }
        }

        private void Violations(IReadOnlyList<Violation> violations)
        {
            // The validator returns arrays; a span over one avoids an interface call per element.
            ReadOnlySpan<Violation> all = violations is Violation[] array ? array : violations.ToArray();
            foreach (Violation violation in all)
            {
                _violationHash = Fnv1a.Mix(_violationHash, ((ulong)_frames << 16) | (ulong)violation.Code);
                bool limit = violation.Code is ViolationCode.FrameTooLarge or ViolationCode.MessageTooLarge;
                if (violation.Severity == ViolationSeverity.Error && !limit && _firstError < 0)
                {
                    _firstError = _frames - 1;
                    _firstErrorCode = violation.Code;
                }
            }
        }

        private void Mix(ulong value) => _hash = Fnv1a.Mix(_hash, value);
    }
}
