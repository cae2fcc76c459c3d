using WsConformance.Protocol;

namespace WsConformance.Fuzzing.Engine;

/// <summary>
/// Structure-aware edits of a frame stream: it splits the input into frames with
/// <see cref="FrameDecoder.TryReadHeader"/>, changes one frame's header fields or payload, or inserts, duplicates
/// or drops a whole frame, and re-encodes through the reference <see cref="FrameEncoder"/> (which can lie about
/// lengths and use non-minimal forms). Bytes after the last complete header are kept as they are.
/// </summary>
internal sealed class FrameMutator(Random random, IReadOnlyList<byte[]> dictionary)
{
    private const int SmallPayload = 8;
    private const int LargePayload = 200;
    private static readonly byte[] Opcodes = [0, 1, 2, 8, 9, 10, 3, 11];
    private static readonly ulong[] LengthLies = [0, 1, 125, 126, 127, 65535, 65536, 1UL << 63, ulong.MaxValue];

    // Reused on every call (this runs once per execution): the frames, the input with its payloads unmasked
    // (the frames' payloads point into it), one random payload, and the output.
    private readonly List<FrameSpec> _frames = [];
    private readonly byte[] _randomPayload = new byte[LargePayload];
    private byte[] _unmasked = [];
    private byte[] _output = [];

    /// <summary>A new stream, valid until the next call; the input is not changed.</summary>
    public ReadOnlySpan<byte> Mutate(ReadOnlySpan<byte> input)
    {
        List<FrameSpec> frames = _frames;
        int tailStart = Split(input);
        switch (random.Next(frames.Count == 0 ? 1 : 5))
        {
            case 0:
                frames.Insert(random.Next(frames.Count + 1), NewFrame(Masked(frames)));
                break;
            case 1:
                int index = random.Next(frames.Count);
                frames[index] = EditHeader(frames[index]);
                break;
            case 2:
                int payloadIndex = random.Next(frames.Count);
                frames[payloadIndex] = frames[payloadIndex] with { Payload = Payload(), DeclaredLength = null };
                break;
            case 3:
                int copy = random.Next(frames.Count);
                frames.Insert(random.Next(frames.Count + 1), frames[copy]);
                break;
            default:
                frames.RemoveAt(random.Next(frames.Count));
                break;
        }

        return Encode(input[tailStart..]);
    }

    /// <summary>
    /// Fills <see cref="_frames"/> with the complete frames (payload unmasked, so re-encoding masks it again);
    /// returns where the bytes after them start.
    /// </summary>
    private int Split(ReadOnlySpan<byte> input)
    {
        _frames.Clear();
        if (_unmasked.Length < input.Length)
        {
            _unmasked = new byte[Math.Max(input.Length, 2 * _unmasked.Length)];
        }

        input.CopyTo(_unmasked);
        int offset = 0;
        while (FrameDecoder.TryReadHeader(input[offset..], out FrameHeader header)
            && header.DeclaredLength <= (ulong)(input.Length - offset - header.HeaderLength))
        {
            var payload = new Memory<byte>(_unmasked, offset + header.HeaderLength, (int)header.DeclaredLength);
            if (header.Masked)
            {
                Masking.Apply(payload.Span, header.MaskKey, 0);
            }

            LengthEncoding encoding = header.Width switch
            {
                LengthWidth.Extended16 => LengthEncoding.Extended16,
                LengthWidth.Extended64 => LengthEncoding.Extended64,
                _ => LengthEncoding.Minimal,
            };
            _frames.Add(new FrameSpec(header.Fin, header.Rsv, header.Opcode, header.Masked, header.MaskKey, payload, LengthEncoding: encoding));
            offset += header.HeaderLength + payload.Length;
        }

        return offset;
    }

    private ReadOnlySpan<byte> Encode(ReadOnlySpan<byte> tail)
    {
        int total = tail.Length;
        foreach (FrameSpec frame in _frames)
        {
            total += FrameEncoder.GetEncodedLength(frame);
        }

        if (_output.Length < total)
        {
            _output = new byte[Math.Max(total, 2 * _output.Length)];
        }

        int written = 0;
        foreach (FrameSpec frame in _frames)
        {
            written += FrameEncoder.Write(_output.AsSpan(written), frame);
        }

        tail.CopyTo(_output.AsSpan(written));
        return _output.AsSpan(0, total);
    }

    private FrameSpec EditHeader(FrameSpec frame) => random.Next(6) switch
    {
        0 => frame with { Fin = !frame.Fin },
        1 => frame with { Opcode = Opcodes[random.Next(Opcodes.Length)] },
        2 => frame with { Rsv = (byte)random.Next(8) },
        3 => frame with { Masked = !frame.Masked, MaskKey = (uint)random.Next() },
        4 => frame with { DeclaredLength = LengthLies[random.Next(LengthLies.Length)], LengthEncoding = LengthEncoding.Extended64 },
        _ => frame with { LengthEncoding = (LengthEncoding)random.Next(3), DeclaredLength = null },
    };

    private FrameSpec NewFrame(bool masked)
    {
        byte opcode = Opcodes[random.Next(Opcodes.Length)];
        bool fin = random.Next(4) != 0;
        return new FrameSpec(fin, 0, opcode, masked, masked ? (uint)random.Next() : 0, Payload());
    }

    /// <summary>A dictionary token or random bytes (in a buffer reused by the next call).</summary>
    private ReadOnlyMemory<byte> Payload()
    {
        if (dictionary.Count > 0 && random.Next(2) == 0)
        {
            return dictionary[random.Next(dictionary.Count)];
        }

        Memory<byte> payload = _randomPayload.AsMemory(0, random.Next(random.Next(2) == 0 ? SmallPayload : LargePayload));
        random.NextBytes(payload.Span);
        return payload;
    }

    private bool Masked(List<FrameSpec> frames) => frames.Count > 0 ? frames[0].Masked : random.Next(2) == 0;
}
