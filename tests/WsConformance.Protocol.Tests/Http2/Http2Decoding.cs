using WsConformance.Protocol.Http2;

namespace WsConformance.Protocol.Tests.Http2;

/// <summary>One frame as a caller of <see cref="Http2FrameDecoder"/> sees it; oversized ones are reassembled here.</summary>
internal sealed record DecodedHttp2Frame(Http2FrameHeader Header, byte[] Payload, byte[] Raw, bool Oversized);

/// <param name="PartialFrameBytes">Bytes of an oversized frame the input ended inside (already passed through).</param>
internal sealed record Http2DecodeResult(List<DecodedHttp2Frame> Frames, List<Http2Violation> Violations, int UnconsumedBytes, int PartialFrameBytes)
{
    public IEnumerable<Http2ViolationCode> Codes => Violations.Select(v => v.Code);
}

/// <summary>
/// Drives <see cref="Http2FrameDecoder"/> the way a transport does: bytes arrive in chunks, unconsumed bytes are kept
/// and presented again with the next chunk, and every frame is handed to an optional validator.
/// </summary>
internal static class Http2Decoding
{
    public static Http2DecodeResult DecodeAll(
        ReadOnlySpan<byte> wire, int chunkSize = int.MaxValue, Http2FrameValidator? validator = null, int maxFrameSize = Http2FrameHeader.DefaultMaxFrameSize) =>
        DecodeChunks(Decoding.Split(wire, _ => chunkSize), validator, maxFrameSize);

    public static Http2DecodeResult DecodeChunks(IEnumerable<byte[]> chunks, Http2FrameValidator? validator, int maxFrameSize)
    {
        var decoder = new Http2FrameDecoder(maxFrameSize);
        var frames = new List<DecodedHttp2Frame>();
        var violations = new List<Http2Violation>();
        var pending = new List<byte>();
        var oversizedRaw = new List<byte>();
        foreach (byte[] chunk in chunks)
        {
            pending.AddRange(chunk);
            byte[] buffer = [.. pending];
            int offset = 0;
            while (true)
            {
                Http2DecodeStatus status = decoder.Decode(buffer.AsSpan(offset), out int consumed, out Http2Frame frame);
                Assert.InRange(consumed, 0, buffer.Length - offset);
                if (status == Http2DecodeStatus.NeedMoreData)
                {
                    Assert.Equal(0, consumed);
                    break;
                }

                Assert.True(consumed > 0, "Every status but NeedMoreData consumes bytes, or a caller would spin.");
                Assert.Equal(frame.Raw.Length, consumed);
                Assert.True(frame.Raw.SequenceEqual(buffer.AsSpan(offset, consumed)));
                offset += consumed;
                Collect(status, frame, validator, maxFrameSize, frames, violations, oversizedRaw);
            }

            pending.RemoveRange(0, offset);
        }

        int partial = decoder.OversizedFrame is null ? 0 : oversizedRaw.Count;
        return new Http2DecodeResult(frames, violations, pending.Count, partial);
    }

    private static void Collect(
        Http2DecodeStatus status, Http2Frame frame, Http2FrameValidator? validator, int maxFrameSize,
        List<DecodedHttp2Frame> frames, List<Http2Violation> violations, List<byte> oversizedRaw)
    {
        switch (status)
        {
            case Http2DecodeStatus.Frame:
                frames.Add(new DecodedHttp2Frame(frame.Header, frame.Payload.ToArray(), frame.Raw.ToArray(), Oversized: false));
                violations.AddRange(validator?.OnFrame(frame.Header, frame.Payload) ?? []);
                break;
            case Http2DecodeStatus.FrameTooLarge:
                oversizedRaw.Clear();
                oversizedRaw.AddRange(frame.Raw);
                violations.AddRange(validator?.OnOversizedFrame(frame.Header, maxFrameSize) ?? []);
                break;
            default:
                oversizedRaw.AddRange(frame.Payload);
                if (frame.EndOfFrame)
                {
                    byte[] raw = [.. oversizedRaw];
                    frames.Add(new DecodedHttp2Frame(frame.Header, raw[Http2FrameHeader.Size..], raw, Oversized: true));
                }

                break;
        }
    }
}
