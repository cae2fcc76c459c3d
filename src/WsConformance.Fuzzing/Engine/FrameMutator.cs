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
    private static readonly byte[] Opcodes = [0, 1, 2, 8, 9, 10, 3, 11];
    private static readonly ulong[] LengthLies = [0, 1, 125, 126, 127, 65535, 65536, 1UL << 63, ulong.MaxValue];

    /// <summary>A new stream; the input is not changed.</summary>
    public byte[] Mutate(ReadOnlySpan<byte> input)
    {
        (List<FrameSpec> frames, byte[] tail) = Split(input);
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

        var output = new List<byte>(input.Length + 32);
        foreach (FrameSpec frame in frames)
        {
            output.AddRange(FrameEncoder.Encode(frame));
        }

        output.AddRange(tail);
        return output.ToArray();
    }

    /// <summary>Complete frames (payload unmasked, so re-encoding masks it again) and whatever follows them.</summary>
    private static (List<FrameSpec> Frames, byte[] Tail) Split(ReadOnlySpan<byte> input)
    {
        var frames = new List<FrameSpec>();
        int offset = 0;
        while (FrameDecoder.TryReadHeader(input[offset..], out FrameHeader header)
            && header.DeclaredLength <= (ulong)(input.Length - offset - header.HeaderLength))
        {
            byte[] payload = input.Slice(offset + header.HeaderLength, (int)header.DeclaredLength).ToArray();
            if (header.Masked)
            {
                Masking.Apply(payload, header.MaskKey, 0);
            }

            LengthEncoding encoding = header.Width switch
            {
                LengthWidth.Extended16 => LengthEncoding.Extended16,
                LengthWidth.Extended64 => LengthEncoding.Extended64,
                _ => LengthEncoding.Minimal,
            };
            frames.Add(new FrameSpec(header.Fin, header.Rsv, header.Opcode, header.Masked, header.MaskKey, payload, LengthEncoding: encoding));
            offset += header.HeaderLength + payload.Length;
        }

        return (frames, input[offset..].ToArray());
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

    private byte[] Payload()
    {
        if (dictionary.Count > 0 && random.Next(2) == 0)
        {
            return dictionary[random.Next(dictionary.Count)];
        }

        var payload = new byte[random.Next(random.Next(2) == 0 ? 8 : 200)];
        random.NextBytes(payload);
        return payload;
    }

    private bool Masked(List<FrameSpec> frames) => frames.Count > 0 ? frames[0].Masked : random.Next(2) == 0;
}
