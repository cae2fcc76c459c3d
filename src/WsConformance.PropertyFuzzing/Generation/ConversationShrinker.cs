using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Generation;

/// <summary>
/// Smaller variants of a conversation, most promising first (FsCheck's shrinking contract): fewer actions, fragments
/// merged, shorter payloads, simpler chunking, no pauses. Usable as the shrinker of <c>Arb.From(gen, shrinker)</c>
/// and by the fuzzer's own shrink loop.
/// </summary>
public static class ConversationShrinker
{
    public static IEnumerable<Conversation> Shrink(Conversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var actions = conversation.Actions;
        return Removals(actions)
            .Concat(Merges(actions))
            .Concat(ShorterPayloads(actions))
            .Concat(Simpler(actions))
            .Select(a => new Conversation(a));
    }

    /// <summary>Drop halves, then single actions (the last first: faults tend to sit late).</summary>
    private static IEnumerable<IReadOnlyList<ClientAction>> Removals(IReadOnlyList<ClientAction> actions)
    {
        for (var chunk = actions.Count / 2; chunk > 1; chunk /= 2)
        {
            for (var start = 0; start + chunk <= actions.Count; start += chunk)
            {
                yield return [.. actions.Take(start), .. actions.Skip(start + chunk)];
            }
        }

        for (var i = actions.Count - 1; i >= 0; i--)
        {
            yield return [.. actions.Take(i), .. actions.Skip(i + 1)];
        }
    }

    /// <summary>A data frame with FIN = 0 merged with the data frame after it (one fragment fewer).</summary>
    private static IEnumerable<IReadOnlyList<ClientAction>> Merges(IReadOnlyList<ClientAction> actions)
    {
        for (var i = 0; i + 1 < actions.Count; i++)
        {
            if (actions[i] is FrameAction { IsControl: false, Fin: false } first && actions[i + 1] is FrameAction { IsControl: false, Opcode: Opcodes.Continuation } next)
            {
                var merged = first with { Fin = next.Fin, Payload = [.. first.Payload, .. next.Payload] };
                yield return [.. actions.Take(i), merged, .. actions.Skip(i + 2)];
            }
        }
    }

    /// <summary>Payloads emptied, halved, or one character shorter at either end.</summary>
    private static IEnumerable<IReadOnlyList<ClientAction>> ShorterPayloads(IReadOnlyList<ClientAction> actions)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            var payload = actions[i] switch
            {
                FrameAction frame => frame.Payload,
                CloseAction close => close.Body,
                _ => [],
            };
            foreach (var shorter in Shorter(payload))
            {
                var replaced = actions[i] switch
                {
                    FrameAction frame => (ClientAction)(frame with { Payload = shorter }),
                    CloseAction => new CloseAction(shorter),
                    var other => other,
                };
                yield return [.. actions.Take(i), replaced, .. actions.Skip(i + 1)];
            }
        }
    }

    /// <summary>Cuts fall on UTF-8 character boundaries, so a valid text payload stays valid while it shrinks.</summary>
    private static IEnumerable<byte[]> Shorter(byte[] payload)
    {
        if (payload.Length == 0)
        {
            yield break;
        }

        yield return [];
        var half = Boundary(payload, payload.Length / 2);
        if (half > 0)
        {
            yield return payload[..half];
            yield return payload[half..];
        }

        var last = Boundary(payload, payload.Length - 1);
        if (last > 0)
        {
            yield return payload[..last];
        }

        var second = Boundary(payload, 1) == 1 ? 1 : NextBoundary(payload, 1);
        if (second < payload.Length)
        {
            yield return payload[second..];
        }
    }

    /// <summary>The nearest offset at or before <paramref name="offset"/> that does not split a UTF-8 sequence.</summary>
    private static int Boundary(byte[] payload, int offset)
    {
        while (offset > 0 && offset < payload.Length && IsContinuationByte(payload[offset]))
        {
            offset--;
        }

        return offset;
    }

    private static int NextBoundary(byte[] payload, int offset)
    {
        while (offset < payload.Length && IsContinuationByte(payload[offset]))
        {
            offset++;
        }

        return offset;
    }

    private static bool IsContinuationByte(byte value) => (value & 0xC0) == 0x80;

    /// <summary>Chunking back to one write, untagged pauses shortened, keys zeroed, RSV down to one bit.</summary>
    private static IEnumerable<IReadOnlyList<ClientAction>> Simpler(IReadOnlyList<ClientAction> actions)
    {
        for (var i = 0; i < actions.Count; i++)
        {
            ClientAction? simpler = actions[i] switch
            {
                FrameAction { Chunking: var c } frame when c != Chunking.Together => frame with { Chunking = Chunking.Together },
                FrameAction { Rsv: > 1 and not 4 and not 2 } frame => frame with { Rsv = (byte)(frame.Rsv & 4) != 0 ? (byte)4 : (byte)(frame.Rsv & 2) != 0 ? (byte)2 : (byte)1 },
                FrameAction { Masked: true, MaskKey: not 0 } frame => frame with { MaskKey = 0 },
                // A tagged pause is the time the server has to fail fast; shortened, its verdict would be a race.
                PauseAction { Milliseconds: > 1, Tag: null } pause => pause with { Milliseconds = 1 },
                _ => null,
            };
            if (simpler is not null)
            {
                yield return [.. actions.Take(i), simpler, .. actions.Skip(i + 1)];
            }
        }
    }
}
