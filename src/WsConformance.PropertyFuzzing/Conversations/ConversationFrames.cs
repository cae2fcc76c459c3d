using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Conversations;

/// <summary>Encodes a conversation's frames with the reference codec.</summary>
public static class ConversationFrames
{
    /// <summary>The codec's description of a frame.</summary>
    public static FrameSpec Spec(FrameAction frame) => new(frame.Fin, frame.Rsv, frame.Opcode, frame.Masked, frame.Masked ? frame.MaskKey : 0,
        frame.Payload, frame.LengthMostSignificantBit ? frame.DeclaredLength : null,
        frame.WrittenLengthEncoding);

    /// <summary>The frame's bytes on the wire.</summary>
    public static byte[] Encode(FrameAction frame) => FrameEncoder.Encode(Spec(frame));
}
