using System.Buffers.Binary;
using System.Text;
using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Timing;
using WsConformance.Protocol;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>
/// The sibling WebSockets of a case (<see cref="Http2Overrides.Siblings"/>): more extended CONNECT streams on the HTTP/2
/// connection of the case's own WebSocket, each checked with one echo; then the first sibling is closed, reset or failed
/// as the case says, and the others must still echo. The case's steps then run on its own stream, which shows whether the
/// connection survived. What happens is written down as notes; a sibling the server refuses or stops serving is its failure.
/// </summary>
internal static class Http2Siblings
{
    /// <summary>The key that masks every sibling frame (the bytes matter for nothing but RFC 6455 §5.3's masking).</summary>
    private const uint MaskKey = 0x37FA_213D;

    /// <summary>What the harness's RSV2 frame carries on the failed sibling.</summary>
    private const string ViolationPayload = "x";

    /// <param name="Failure">What the server did wrong, or null.</param>
    /// <param name="Slow">The server owed an answer when the bound ran out: neither OK nor FAILED.</param>
    public sealed record Outcome(string? Failure, bool Slow, IReadOnlyList<string> Notes)
    {
        /// <summary>The server allows fewer concurrent streams than the case needs (it may): nothing was tried, nothing judged.</summary>
        public string? NotApplicable { get; init; }
    }

    /// <summary>Opens and drives the siblings; every wait is bounded by <paramref name="bound"/> (already scaled).</summary>
    public static async Task<Outcome> RunAsync(Http2WebSocketStream main, IReadOnlyList<HeaderField> request, Http2Overrides overrides, TimeSpan bound,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        if (main.Connection.ServerMaxConcurrentStreams is { } limit && limit < 1 + overrides.Siblings)
        {
            return new Outcome(null, false, notes)
            {
                NotApplicable = $"the server allows {limit} concurrent stream(s) (SETTINGS_MAX_CONCURRENT_STREAMS, RFC 9113 §6.5.2); the case needs {1 + overrides.Siblings}",
            };
        }

        var siblings = new List<Http2WebSocketStream>();
        var stage = "opening the siblings";
        using var bounded = new TimeLimit(bound, time, cancellationToken);
        try
        {
            for (var index = 0; index < overrides.Siblings; index++)
            {
                var sibling = await main.Connection.OpenStreamAsync(request, bounded.Token);
                siblings.Add(sibling);
                stage = $"the response on sibling stream {sibling.Id}";
                var response = await sibling.Response.WaitAsync(bounded.Token);
                var status = response.FirstOrDefault(field => field.Name == ":status").Value ?? "(none)";
                if (ExtendedConnect.ValidateResponse(response, request) is { Count: > 0 } violations)
                {
                    return new Outcome($"sibling stream {sibling.Id} was refused: :status {EventText.Quote(status)} "
                        + $"({string.Join("; ", violations.Select(v => v.Detail))})", false, notes);
                }

                notes.Add($"HTTP/2: sibling stream {sibling.Id} opened on the case's connection (:status {EventText.Quote(status)}).");
            }

            foreach (var sibling in siblings)
            {
                stage = $"the echo on sibling stream {sibling.Id}";
                if (await EchoAsync(sibling, bounded.Token) is { } broken)
                {
                    return new Outcome(broken, false, notes);
                }
            }

            if (overrides.SiblingEnd != SiblingEnd.None)
            {
                stage = $"the end of sibling stream {siblings[0].Id}";
                notes.Add(await EndAsync(siblings[0], overrides.SiblingEnd, bounded.Token));
                foreach (var sibling in siblings.Skip(1))
                {
                    stage = $"the echo on sibling stream {sibling.Id} after the end of stream {siblings[0].Id}";
                    if (await EchoAsync(sibling, bounded.Token) is { } broken)
                    {
                        return new Outcome($"{broken} after the harness ended sibling stream {siblings[0].Id} ({Describe(overrides.SiblingEnd)})", false, notes);
                    }
                }
            }

            notes.Add($"HTTP/2: every sibling stream echoed{(overrides.SiblingEnd == SiblingEnd.None ? "" : " and the others went on after the first one's end")}.");
            return new Outcome(null, false, notes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome($"no answer within {bound.TotalMilliseconds:0} ms while waiting for {stage}", true, notes);
        }
        catch (IOException e)
        {
            return new Outcome($"{stage} failed: {EventText.Quote(e.Message)}", false, notes);
        }
    }

    /// <summary>What <paramref name="end"/> does, in the words of RFC 8441 §5.</summary>
    public static string Describe(SiblingEnd end) => end switch
    {
        SiblingEnd.Close => "Close 1000 and END_STREAM",
        SiblingEnd.Reset => "RST_STREAM CANCEL",
        SiblingEnd.Fail => "a text frame with RSV2 set",
        _ => "left open",
    };

    /// <summary>One masked text message; null when its echo comes back, else what came instead.</summary>
    private static async Task<string?> EchoAsync(Http2WebSocketStream sibling, CancellationToken cancellationToken)
    {
        var text = $"sibling {sibling.Id}";
        await sibling.WriteAsync(FrameEncoder.Encode(new FrameSpec(true, 0, Opcodes.Text, true, MaskKey, Encoding.UTF8.GetBytes(text))), cancellationToken);
        var reader = new FrameReader(sibling);
        while (await reader.NextAsync(cancellationToken) is { } frame)
        {
            if (frame.Header.Opcode is Opcodes.Ping or Opcodes.Pong)
            {
                continue;
            }

            return frame.Header.Opcode == Opcodes.Text && !frame.Header.Masked && frame.Header.Fin && Encoding.UTF8.GetString(frame.Payload) == text
                ? null
                : $"sibling stream {sibling.Id} answered \"{text}\" with {Opcodes.Name(frame.Header.Opcode)} {EventText.Quote(Encoding.UTF8.GetString(frame.Payload))}";
        }

        return $"sibling stream {sibling.Id} ended (END_STREAM) before echoing \"{text}\"";
    }

    /// <summary>Ends the sibling as <paramref name="end"/> says and writes down how the server took it.</summary>
    private static async Task<string> EndAsync(Http2WebSocketStream sibling, SiblingEnd end, CancellationToken cancellationToken)
    {
        if (end == SiblingEnd.Reset)
        {
            sibling.Abort();
            return $"HTTP/2: the harness reset sibling stream {sibling.Id} (RST_STREAM CANCEL).";
        }

        var frame = end == SiblingEnd.Close
            ? FrameEncoder.Close(CloseCodes.NormalClosure, "", MaskKey)
            : FrameEncoder.Encode(new FrameSpec(true, 0b010, Opcodes.Text, true, MaskKey, Encoding.UTF8.GetBytes(ViolationPayload)));
        await sibling.WriteAsync(frame, cancellationToken);
        string answer;
        try
        {
            answer = await AnswerToEndAsync(new FrameReader(sibling), cancellationToken);
        }
        catch (IOException e)
        {
            answer = $"the stream was reset ({EventText.Quote(e.Message)})";
        }

        if (end == SiblingEnd.Close)
        {
            sibling.EndGracefully();
        }
        else
        {
            sibling.Abort();
        }

        return $"HTTP/2: the harness sent {Describe(end)} on sibling stream {sibling.Id}; the server answered: {answer}.";
    }

    private static async Task<string> AnswerToEndAsync(FrameReader reader, CancellationToken cancellationToken)
    {
        while (await reader.NextAsync(cancellationToken) is { } frame)
        {
            if (frame.Header.Opcode == Opcodes.Close)
            {
                return frame.Payload.Length >= sizeof(ushort) ? $"Close {BinaryPrimitives.ReadUInt16BigEndian(frame.Payload)}" : "Close without a code";
            }
        }

        return "END_STREAM without a Close";
    }

    private readonly record struct Frame(FrameHeader Header, byte[] Payload);

    /// <summary>Whole frames from a sibling stream, unmasked; null at END_STREAM.</summary>
    private sealed class FrameReader(Http2WebSocketStream stream)
    {
        private const int ChunkSize = 16 * 1024;
        private readonly List<byte> _buffered = [];

        public async Task<Frame?> NextAsync(CancellationToken cancellationToken)
        {
            var chunk = new byte[ChunkSize];
            while (true)
            {
                if (FrameDecoder.TryReadHeader(_buffered.ToArray(), out var header) && (ulong)_buffered.Count >= (ulong)header.HeaderLength + header.DeclaredLength)
                {
                    var payload = _buffered.GetRange(header.HeaderLength, (int)header.DeclaredLength).ToArray();
                    _buffered.RemoveRange(0, header.HeaderLength + payload.Length);
                    if (header.Masked)
                    {
                        Masking.Apply(payload, header.MaskKey, 0);
                    }

                    return new Frame(header, payload);
                }

                var read = await stream.ReadAsync(chunk, cancellationToken);
                if (read == 0)
                {
                    return null;
                }

                _buffered.AddRange(chunk.AsSpan(0, read));
            }
        }
    }
}
