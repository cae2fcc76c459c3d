using WsConformance.Cases.Model;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Model;

/// <summary>
/// A catalog case's steps as a conversation, where the conversation type can say the same thing: frames (hand-written
/// bytes included, when they are whole frames), messages, pauses, the client's Close. Used to check the reference model against the catalog's own expectations.
/// </summary>
public static class CatalogConversations
{
    /// <summary>The conversation, or null with why it cannot be expressed.</summary>
    public static (Conversation? Conversation, string? Reason) From(CaseDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!definition.Handshake.IsNone || definition.Expectation.HandshakeAlternatives is not null)
        {
            return (null, "opening-handshake case");
        }

        if (definition.Compression is not null)
        {
            return (null, "permessage-deflate offered: the model negotiates no extension");
        }

        var actions = new List<ClientAction>();
        var keys = new KeySource();
        foreach (var step in definition.Steps)
        {
            var closing = actions.Any(a => a is CloseAction);
            switch (step)
            {
                case SendFrameStep { PayloadBytesNow: not null }:
                    return (null, "one frame written in timed pieces (payload_now/send_held)");
                case SendFrameStep { DeclaredLength: not null }:
                    return (null, "an untrue length: a frame that never ends");
                case SendFrameStep frame:
                    actions.Add(new FrameAction(frame.Opcode, frame.Fin, frame.Rsv, frame.Mask.Mode != MaskMode.None,
                        frame.Mask.Mode == MaskMode.Fixed ? frame.Mask.Key : keys.Next(), frame.Payload.ToBytes(), ChunkingOf(frame.Transmission),
                        LengthEncoding: EncodingOf(frame.LengthForm)));
                    break;
                case SendMessageStep when closing:
                    break; // the engine sends no message once the client is closing (Autobahn's sendMessage)
                case SendRawStep raw:
                    var (frames, why) = RawFrames.Parse(raw.Bytes, ChunkingOf(raw.Transmission));
                    if (frames is null)
                    {
                        return (null, why);
                    }

                    actions.AddRange(frames);
                    break;
                case SendMessageStep message:
                    actions.AddRange(FrameEncoder.Fragment(message.Opcode, message.Payload.ToBytes(), message.FragmentSize ?? 0, keys.Next)
                        .Select(spec => new FrameAction(spec.Opcode, spec.Fin, spec.Rsv, spec.Masked, spec.MaskKey, spec.Payload.ToArray(), ChunkingOf(message.Transmission))));
                    break;
                case CloseStep when closing:
                    return (null, "a second closing handshake");
                case CloseStep close:
                    actions.Add(new CloseAction(close.Body.ToBytes()));
                    break;
                case PauseStep pause:
                    actions.Add(new PauseAction((int)pause.Duration.TotalMilliseconds, pause.Tag));
                    break;
                case EchoRoundsStep:
                    return (null, "echo rounds: each message waits for the previous echo, a conversation never waits for the server");
                case FailAfterStep or CloseAfterStep:
                    break; // the harness's timers, not part of the conversation
                default:
                    return (null, $"a {step.GetType().Name}");
            }
        }

        return (new Conversation(actions), null);
    }

    private static Chunking ChunkingOf(Transmission transmission) => new(transmission.ChopSize, transmission.FrameWise);

    private static LengthEncoding EncodingOf(LengthForm form) => form switch
    {
        LengthForm.Extended16 => LengthEncoding.Extended16,
        LengthForm.Extended64 => LengthEncoding.Extended64,
        _ => LengthEncoding.Minimal,
    };

    /// <summary>Keys for randomly masked frames; the model does not depend on them.</summary>
    private sealed class KeySource
    {
        private uint _next = 0x3712_FA3D;

        public uint Next() => _next = unchecked((_next * 1_664_525) + 1_013_904_223);
    }
}
