namespace WsConformance.Protocol.Tests;

/// <summary>One frame as a caller of <see cref="FrameDecoder"/> sees it.</summary>
internal sealed record DecodedFrame(FrameHeader Header, byte[] Payload, bool Complete);

/// <summary>A violation and how many wire bytes had been fed when the validator reported it.</summary>
internal sealed record ReportedViolation(Violation Violation, long WireBytesFed);

internal sealed record DecodeResult(List<DecodedFrame> Frames, List<ReportedViolation> Violations, int UnconsumedBytes)
{
    public IEnumerable<ViolationCode> Codes => Violations.Select(v => v.Violation.Code);
}

/// <summary>
/// Drives <see cref="FrameDecoder"/> the way a transport does: bytes arrive in chunks, unconsumed bytes are
/// kept and presented again with the next chunk, and every report is handed to an optional validator.
/// </summary>
internal static class Decoding
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static DecodeResult DecodeAll(ReadOnlySpan<byte> wire, int chunkSize = int.MaxValue, FrameValidator? validator = null) =>
        DecodeChunks(Split(wire, _ => chunkSize), validator);

    public static DecodeResult DecodeChunks(IEnumerable<byte[]> chunks, FrameValidator? validator = null)
    {
        var decoder = new FrameDecoder();
        var frames = new List<DecodedFrame>();
        var violations = new List<ReportedViolation>();
        var pending = new List<byte>();
        var payload = new List<byte>();
        FrameHeader? current = null;
        long fed = 0;
        foreach (byte[] chunk in chunks)
        {
            fed += chunk.Length;
            pending.AddRange(chunk);
            byte[] buffer = [.. pending];
            int offset = 0;
            while (true)
            {
                DecodeStatus status = decoder.Decode(buffer.AsSpan(offset), out int consumed, out FrameHeader header, out Span<byte> bytes, out bool end);
                Assert.InRange(consumed, 0, buffer.Length - offset);
                offset += consumed;
                if (status == DecodeStatus.NeedMoreData)
                {
                    Assert.Equal(0, consumed);
                    break;
                }

                if (status == DecodeStatus.FrameStarted)
                {
                    Assert.Equal(header.HeaderLength, consumed);
                    current = header;
                    payload.Clear();
                    Report(validator?.OnHeader(header), fed, violations);
                    continue;
                }

                Assert.True(consumed > 0 || end, "A payload chunk that consumes nothing must end the frame, or the caller would spin.");
                Assert.Equal(bytes.Length, consumed);
                payload.AddRange(bytes.ToArray());
                Report(validator?.OnPayload(bytes, end), fed, violations);
                if (end)
                {
                    frames.Add(new DecodedFrame(current!.Value, [.. payload], Complete: true));
                    current = null;
                }
            }

            pending.RemoveRange(0, offset);
        }

        if (current is { } unfinished)
        {
            frames.Add(new DecodedFrame(unfinished, [.. payload], Complete: false));
        }

        return new DecodeResult(frames, violations, pending.Count);
    }

    public static IEnumerable<byte[]> Split(ReadOnlySpan<byte> wire, Func<int, int> chunkSizeAt)
    {
        var chunks = new List<byte[]>();
        for (int offset = 0, index = 0; offset < wire.Length; index++)
        {
            int size = Math.Clamp(chunkSizeAt(index), 1, wire.Length - offset);
            chunks.Add(wire.Slice(offset, size).ToArray());
            offset += size;
        }

        return chunks;
    }

    private static void Report(IReadOnlyList<Violation>? found, long fed, List<ReportedViolation> into)
    {
        foreach (Violation violation in found ?? [])
        {
            into.Add(new ReportedViolation(violation, fed));
        }
    }
}
