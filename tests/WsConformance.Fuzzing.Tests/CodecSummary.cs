using System.Text;
using WsConformance.Protocol;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Fuzzing.Tests;

/// <summary>
/// Everything the codec says about one input, as text: run once against the original WsConformance.Protocol
/// and once (in another load context) against an instrumented copy, the two texts must be equal.
/// </summary>
public static class CodecSummary
{
    public static string Summarize(byte[] input)
    {
        var text = new StringBuilder();
        foreach (Role sender in new[] { Role.Client, Role.Server })
        {
            Frames(input, sender, chunkSize: Math.Max(1, input.Length), text);
            Frames(input, sender, chunkSize: 3, text);
        }

        Handshake(input, text);
        var utf8 = default(Utf8StreamValidator);
        utf8.Feed(input.AsSpan(0, input.Length / 2));
        utf8.Feed(input.AsSpan(input.Length / 2));
        text.AppendLine($"utf8 {utf8.State} {utf8.FailureOffset} {utf8.BytesSeen} {Utf8StreamValidator.IsValid(input)}");
        CloseBodyInfo close = CloseBody.Parse(input);
        text.AppendLine($"close {close.Code} {close.Reason.Length} {string.Join(";", close.Violations)}");
        if (FrameDecoder.TryReadHeader(input, out FrameHeader header))
        {
            var spec = new FrameSpec(header.Fin, header.Rsv, header.Opcode, header.Masked, header.MaskKey, input.AsMemory(header.HeaderLength));
            text.AppendLine("encoded " + Convert.ToHexString(FrameEncoder.Encode(spec)));
        }

        return text.ToString();
    }

    private static void Frames(byte[] original, Role sender, int chunkSize, StringBuilder text)
    {
        byte[] input = (byte[])original.Clone();
        var decoder = new FrameDecoder();
        var validator = new FrameValidator(new ValidationOptions(sender, MaxMessagePayload: 300));
        int start = 0;
        for (int end = Math.Min(chunkSize, input.Length); ; end = Math.Min(end + chunkSize, input.Length))
        {
            while (true)
            {
                DecodeStatus status = decoder.Decode(input.AsSpan(start, end - start), out int consumed, out FrameHeader header, out Span<byte> payload, out bool endOfFrame);
                start += consumed;
                if (status == DecodeStatus.NeedMoreData)
                {
                    break;
                }

                IReadOnlyList<Violation> violations = status == DecodeStatus.FrameStarted
                    ? validator.OnHeader(header)
                    : validator.OnPayload(payload, endOfFrame);
                text.Append(status).Append(' ').Append(header).Append(' ').Append(Convert.ToHexString(payload)).Append(' ').Append(endOfFrame);
                text.AppendLine(string.Join(";", violations));
            }

            if (end == input.Length)
            {
                break;
            }
        }

        text.AppendLine($"end {sender} {decoder.PayloadRemaining} {validator.InMessage}");
    }

    private static void Handshake(byte[] input, StringBuilder text)
    {
        var parser = new HandshakeResponseParser(maxHeaderBytes: 512);
        ResponseParseStatus status = parser.Feed(input, out int consumed, out HandshakeResponse? response, out HandshakeViolation? violation);
        text.AppendLine($"handshake {status} {consumed} {violation} {parser.BufferedBytes}");
        if (response is not null)
        {
            var request = HandshakeRequest.CreateDefault(new Uri("ws://example.com/chat"), key: "dGhlIHNhbXBsZSBub25jZQ==");
            text.AppendLine($"response {response.StatusCode} {string.Join(",", response.Headers)} {string.Join(";", HandshakeValidator.Validate(response, request))}");
        }
    }
}
