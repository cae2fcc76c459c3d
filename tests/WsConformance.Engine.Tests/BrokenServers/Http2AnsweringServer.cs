using WsConformance.Protocol;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;
using WsConformance.TestServers;

namespace WsConformance.Engine.Tests.BrokenServers;

/// <summary>
/// A bare HTTP/2 server built on the codec, for the h2 cases' broken servers: its SETTINGS (with or without
/// SETTINGS_ENABLE_CONNECT_PROTOCOL = 1), a SETTINGS ACK for the client's, then every request HEADERS answered by a rule
/// that sees the decoded request. No WebSocket runs behind an answer: these servers break rules of the request, which
/// the h2 cases judge before any frame of the WebSocket — except <see cref="WindowIgnoringEcho"/>, which echoes WebSocket
/// messages on an accepted stream without regard to the client's flow-control windows. The server grants the client the
/// largest windows there are, so the client's own sending is never held up.
/// </summary>
internal static class Http2AnsweringServer
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>The window both sides start with (RFC 9113 §6.9.2).</summary>
    private const uint Http2ClientCoreDefaultWindow = 65_535;

    /// <summary>Starts a server on an ephemeral loopback port; <paramref name="answer"/> gets the stream id and the request's fields.</summary>
    /// <param name="onData">What to send for the client's DATA on a stream (the stream id, its bytes, END_STREAM); null ignores DATA.</param>
    /// <param name="onReset">What to send for the client's RST_STREAM on a stream; null ignores it.</param>
    /// <param name="maxConcurrentStreams">SETTINGS_MAX_CONCURRENT_STREAMS to announce, or null for none (no limit).</param>
    /// <remarks>Once a GOAWAY is among the frames to send, the server sends them and closes the connection.</remarks>
    public static LoopbackServer Start(Func<uint, IReadOnlyList<HeaderField>, Http2FrameSpec[]> answer, bool enableConnectProtocol = true,
        Func<uint, byte[], bool, Http2FrameSpec[]>? onData = null, Func<uint, Http2FrameSpec[]>? onReset = null, uint? maxConcurrentStreams = null) =>
        LoopbackServer.Start(async (_, stream, stopping) =>
        {
            List<Http2Setting> announced = [new(Http2SettingIds.InitialWindowSize, Http2SettingIds.MaxWindowSize)];
            if (enableConnectProtocol)
            {
                announced.Add(new(Http2SettingIds.EnableConnectProtocol, 1));
            }

            if (maxConcurrentStreams is { } limit)
            {
                announced.Add(new(Http2SettingIds.MaxConcurrentStreams, limit));
            }

            var settings = Http2Frames.Settings([.. announced]);
            await stream.WriteAsync(Http2FrameEncoder.Encode(settings, Http2Frames.WindowUpdate(0, Http2SettingIds.MaxWindowSize - Http2ClientCoreDefaultWindow)), stopping);
            var decoder = new Http2FrameDecoder();
            var hpack = new HpackDecoder();
            var buffer = new byte[ReadBufferSize];
            int filled = 0;
            bool prefaceSkipped = false;
            while (true)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(filled), stopping);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                int offset = 0;
                if (!prefaceSkipped && filled >= Http2Preface.Client.Length)
                {
                    offset = Http2Preface.Client.Length;
                    prefaceSkipped = true;
                }

                var replies = new List<Http2FrameSpec>();
                while (prefaceSkipped && decoder.Decode(buffer.AsSpan(offset, filled - offset), out int consumed, out var frame) == Http2DecodeStatus.Frame)
                {
                    offset += consumed;
                    if (frame.Header.Type == Http2FrameTypes.Settings && !frame.Header.HasFlag(Http2Flags.Ack))
                    {
                        replies.Add(Http2Frames.SettingsAck());
                    }
                    else if (frame.Header.Type == Http2FrameTypes.Headers)
                    {
                        var fields = new List<HpackDecodedField>();
                        Assert.True(hpack.Decode(frame.Payload, fields).Succeeded);
                        replies.AddRange(answer(frame.Header.StreamId, [.. fields.Select(f => f.Field)]));
                    }
                    else if (frame.Header.Type == Http2FrameTypes.Data && onData is not null)
                    {
                        replies.AddRange(onData(frame.Header.StreamId, frame.Payload.ToArray(), frame.Header.HasFlag(Http2Flags.EndStream)));
                    }
                    else if (frame.Header.Type == Http2FrameTypes.RstStream && onReset is not null)
                    {
                        replies.AddRange(onReset(frame.Header.StreamId));
                    }
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
                if (replies.Count > 0)
                {
                    await stream.WriteAsync(Http2FrameEncoder.Encode([.. replies]), stopping);
                }

                if (replies.Any(reply => reply.Type == Http2FrameTypes.GoAway))
                {
                    return;
                }
            }
        });

    /// <summary>A response HEADERS frame with <paramref name="status"/>, END_STREAM unset (a 2xx opens the tunnel).</summary>
    public static Http2FrameSpec[] Status(uint streamId, string status) =>
        [Http2Frames.Headers(streamId, new HpackEncoder().Encode([new HeaderField(":status", status)]))];

    /// <summary>
    /// A WebSocket echo on each accepted stream that sends every echo at once, in DATA frames of the default maximum size,
    /// whatever window the client granted: it breaks RFC 9113 §6.9.1 as soon as a message exceeds the client's window.
    /// A Close is answered with a Close and END_STREAM. Unfragmented messages only (what the h2 cases send).
    /// </summary>
    public sealed class WindowIgnoringEcho
    {
        private readonly Dictionary<uint, List<byte>> _received = [];

        public Http2FrameSpec[] OnData(uint streamId, byte[] data, bool endStream)
        {
            if (!_received.TryGetValue(streamId, out var buffered))
            {
                _received[streamId] = buffered = [];
            }

            buffered.AddRange(data);
            var replies = new List<Http2FrameSpec>();
            while (FrameDecoder.TryReadHeader(buffered.ToArray(), out var header) && buffered.Count >= header.HeaderLength + (int)header.DeclaredLength)
            {
                var payload = buffered.GetRange(header.HeaderLength, (int)header.DeclaredLength).ToArray();
                buffered.RemoveRange(0, header.HeaderLength + payload.Length);
                if (header.Masked)
                {
                    Masking.Apply(payload, header.MaskKey, 0);
                }

                var echo = FrameEncoder.Encode(new FrameSpec(true, 0, header.Opcode, false, 0, payload));
                for (int offset = 0; offset < echo.Length; offset += Http2FrameHeader.DefaultMaxFrameSize)
                {
                    replies.Add(Http2Frames.Data(streamId, echo.AsSpan(offset, Math.Min(Http2FrameHeader.DefaultMaxFrameSize, echo.Length - offset))));
                }

                if (header.Opcode == Opcodes.Close)
                {
                    replies.Add(Http2Frames.Data(streamId, [], endStream: true));
                }
            }

            return [.. replies];
        }
    }

    /// <summary>
    /// The echo of <see cref="WindowIgnoringEcho"/> on a server that cannot keep streams apart: when any one stream ends
    /// (END_STREAM, RST_STREAM) or carries a frame with a reserved bit set, it ends the whole connection with GOAWAY
    /// PROTOCOL_ERROR, where only that stream (that WebSocket) should end.
    /// </summary>
    public sealed class ConnectionWideEnds
    {
        private const byte ReservedBits = 0x70;
        private readonly WindowIgnoringEcho _echo = new();

        public static Http2FrameSpec[] GoAway(uint lastStreamId) => [Http2Frames.GoAway(lastStreamId, Http2ErrorCode.ProtocolError)];

        public Http2FrameSpec[] OnData(uint streamId, byte[] data, bool endStream) =>
            endStream || (data.Length > 0 && (data[0] & ReservedBits) != 0) ? GoAway(streamId) : _echo.OnData(streamId, data, endStream);

        public Http2FrameSpec[] OnReset(uint streamId) => GoAway(streamId);
    }

    /// <summary>
    /// The echo of <see cref="WindowIgnoringEcho"/> on an impatient server: it sends what fits in the client's initial
    /// window of a stream (65,535 octets, the client sending no larger one) and, instead of waiting for WINDOW_UPDATE, ends
    /// the connection with GOAWAY ENHANCE_YOUR_CALM as soon as the window runs out.
    /// </summary>
    public sealed class EndsConnectionWhenWindowRunsOut
    {
        private readonly WindowIgnoringEcho _echo = new();
        private readonly Dictionary<uint, int> _sent = [];

        public Http2FrameSpec[] OnData(uint streamId, byte[] data, bool endStream)
        {
            var replies = new List<Http2FrameSpec>();
            foreach (var frame in _echo.OnData(streamId, data, endStream))
            {
                int sent = _sent.GetValueOrDefault(streamId);
                if (frame.Type == Http2FrameTypes.Data && sent + frame.Payload.Length > Http2ClientCoreDefaultWindow)
                {
                    int fits = (int)Http2ClientCoreDefaultWindow - sent;
                    replies.Add(Http2Frames.Data(streamId, frame.Payload.Span[..fits]));
                    replies.Add(Http2Frames.GoAway(streamId, Http2ErrorCode.EnhanceYourCalm));
                    return [.. replies];
                }

                _sent[streamId] = sent + frame.Payload.Length;
                replies.Add(frame);
            }

            return [.. replies];
        }
    }
}
