using FsCheck;
using FsCheck.Fluent;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Generation;

/// <summary>FsCheck generators of the valid pieces of a conversation: sizes, keys, chunking, messages, controls.</summary>
public static class FrameGenerators
{
    /// <summary>Largest payload generated: well under every common server limit (Python websockets: 1 MiB).</summary>
    public const int MaxPayload = 200_000;

    private const int MaxChopPieces = 64;

    /// <summary>Payload sizes from empty to large with a long tail; the length-form boundaries are drawn often.</summary>
    public static Gen<int> PayloadSize { get; } = Gen.Frequency(
        (30, Gen.Choose(0, 16)),
        (25, Gen.Choose(17, 125)),
        (10, Gen.Elements(125, 126, 127, 65535, 65536)),
        (15, Gen.Choose(126, 1024)),
        (10, Gen.Choose(1025, 16_384)),
        (7, Gen.Choose(16_385, 70_000)),
        (3, Gen.Choose(70_001, MaxPayload)));

    /// <summary>Control payload sizes (0–125).</summary>
    public static Gen<int> ControlSize { get; } = Gen.Frequency((6, Gen.Choose(0, 16)), (3, Gen.Choose(17, 124)), (1, Gen.Constant(125)));

    /// <summary>Any 32-bit masking key; the all-zero key (a valid key, §5.3) is drawn often.</summary>
    public static Gen<uint> MaskKey { get; } = Gen.Frequency(
        (1, Gen.Constant(0u)),
        (9, from high in Gen.Choose(0, ushort.MaxValue) from low in Gen.Choose(0, ushort.MaxValue) select ((uint)high << 16) | (uint)low));

    /// <summary>A seed for payload bytes.</summary>
    public static Gen<int> Seed { get; } = Gen.Choose(0, int.MaxValue);

    /// <summary>TCP chunking of a frame: mostly with its neighbours, sometimes alone, sometimes in pieces.</summary>
    public static Gen<Chunking> ChunkingFor(int payloadLength) => Gen.Frequency(
        (14, Gen.Constant(Chunking.Together)),
        (3, Gen.Constant(new Chunking(null, true))),
        (3, from pieces in Gen.Choose(2, MaxChopPieces)
            select new Chunking(Math.Max(1, (payloadLength + 14) / pieces), false)));

    /// <summary>A valid, masked frame.</summary>
    public static Gen<FrameAction> Frame(byte opcode, bool fin, byte[] payload) =>
        from key in MaskKey
        from chunking in ChunkingFor(payload.Length)
        select new FrameAction(opcode, fin, 0, true, key, payload, chunking);

    /// <summary>A ping or an unsolicited pong with a valid payload.</summary>
    public static Gen<FrameAction> Control { get; } =
        from opcode in Gen.Frequency((3, Gen.Constant(Opcodes.Ping)), (1, Gen.Constant(Opcodes.Pong)))
        from size in ControlSize
        from seed in Seed
        from frame in Frame(opcode, true, Payloads.Binary(size, seed))
        select frame;

    /// <summary>A text (valid UTF-8) or binary message payload.</summary>
    public static Gen<(byte Opcode, byte[] Payload)> MessagePayload { get; } =
        from text in Gen.Elements(true, false)
        from size in PayloadSize
        from seed in Seed
        select (text ? Opcodes.Text : Opcodes.Binary, text ? Payloads.Text(size, seed) : Payloads.Binary(size, seed));

    /// <summary>A valid message: random fragmentation, controls between fragments.</summary>
    public static Gen<IReadOnlyList<ClientAction>> Message { get; } =
        from message in MessagePayload
        from actions in Fragmented(message.Opcode, message.Payload)
        select actions;

    /// <summary>
    /// <paramref name="payload"/> as a message of 1–4 frames (cut at random offsets, so across UTF-8 code points
    /// too), each masked with its own key, with pings or pongs between fragments now and then.
    /// </summary>
    public static Gen<IReadOnlyList<ClientAction>> Fragmented(byte opcode, byte[] payload) =>
        from fragments in Gen.Frequency((6, Gen.Constant(1)), (3, Gen.Choose(2, 3)), (1, Gen.Constant(4)))
        from cuts in Gen.Choose(0, payload.Length).ArrayOf(fragments - 1)
        from frames in Gen.CollectToArray(Pieces(payload, cuts).Select((piece, i) => Frame(i == 0 ? opcode : Opcodes.Continuation, i == fragments - 1, piece)))
        from between in Gen.Frequency((5, Gen.Constant<FrameAction?>(null)), (1, Control.Select(c => (FrameAction?)c))).ArrayOf(fragments - 1)
        select Interleave(frames, between);

    /// <summary>The payload cut at the given offsets.</summary>
    public static IEnumerable<byte[]> Pieces(byte[] payload, IEnumerable<int> cuts)
    {
        var start = 0;
        foreach (var cut in cuts.Order().Append(payload.Length))
        {
            yield return payload[start..cut];
            start = cut;
        }
    }

    private static IReadOnlyList<ClientAction> Interleave(FrameAction[] frames, FrameAction?[] between)
    {
        var actions = new List<ClientAction>();
        for (var i = 0; i < frames.Length; i++)
        {
            actions.Add(frames[i]);
            if (i < between.Length && between[i] is { } control)
            {
                actions.Add(control);
            }
        }

        return actions;
    }
}
