using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.Protocol;

namespace WsConformance.PropertyFuzzing.Model;

/// <summary>Reads hand-written wire bytes (a catalog <c>send_raw</c> step) back into the frames a conversation can hold.</summary>
internal static class RawFrames
{
    private const ulong LengthMostSignificantBit = 1UL << 63;

    /// <summary>
    /// The frames, when the bytes are whole frames a <see cref="FrameAction"/> can state: true lengths in any form, or
    /// the 64-bit form with its top bit set over the real length. Null otherwise, with why.
    /// </summary>
    public static (List<FrameAction>? Frames, string? Reason) Parse(byte[] bytes, Chunking chunking)
    {
        var frames = new List<FrameAction>();
        var rest = bytes.ToArray().AsSpan(); // the decoder may unmask in place: never in the case's own bytes
        while (!rest.IsEmpty)
        {
            var status = new FrameDecoder().Decode(rest, out var consumed, out var header, out _, out _);
            if (status != DecodeStatus.FrameStarted)
            {
                return (null, "raw bytes that end inside a frame header");
            }

            var topBit = header.HasLengthMostSignificantBit;
            var length = header.DeclaredLength & ~LengthMostSignificantBit;
            if ((ulong)(rest.Length - consumed) < length)
            {
                return (null, "raw bytes that end inside a frame (its payload never comes)");
            }

            var payload = rest.Slice(consumed, (int)length).ToArray();
            if (header.Masked)
            {
                Masking.Apply(payload, header.MaskKey, 0);
            }

            var encoding = topBit || header.IsMinimalLength ? LengthEncoding.Minimal
                : header.Width == LengthWidth.Extended16 ? LengthEncoding.Extended16 : LengthEncoding.Extended64;
            frames.Add(new FrameAction(header.Opcode, header.Fin, header.Rsv, header.Masked, header.MaskKey, payload, chunking, topBit, encoding));
            rest = rest[(consumed + (int)length)..];
        }

        return (frames, null);
    }
}
