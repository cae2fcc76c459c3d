using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;
using WsConformance.TestServers;

namespace WsConformance.Engine.Tests.BrokenServers;

/// <summary>
/// A bare HTTP/2 server built on the codec, for the h2 cases' broken servers: its SETTINGS (with or without
/// SETTINGS_ENABLE_CONNECT_PROTOCOL = 1), a SETTINGS ACK for the client's, then every request HEADERS answered by a rule
/// that sees the decoded request. No WebSocket runs behind an answer: these servers break rules of the request, which
/// the h2 cases judge before any frame of the WebSocket.
/// </summary>
internal static class Http2AnsweringServer
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>Starts a server on an ephemeral loopback port; <paramref name="answer"/> gets the stream id and the request's fields.</summary>
    public static LoopbackServer Start(Func<uint, IReadOnlyList<HeaderField>, Http2FrameSpec[]> answer, bool enableConnectProtocol = true) =>
        LoopbackServer.Start(async (_, stream, stopping) =>
        {
            var settings = enableConnectProtocol ? Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnableConnectProtocol, 1)) : Http2Frames.Settings();
            await stream.WriteAsync(Http2FrameEncoder.Encode(settings), stopping);
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
                }

                buffer.AsSpan(offset, filled - offset).CopyTo(buffer);
                filled -= offset;
                if (replies.Count > 0)
                {
                    await stream.WriteAsync(Http2FrameEncoder.Encode([.. replies]), stopping);
                }
            }
        });

    /// <summary>A response HEADERS frame with <paramref name="status"/>, END_STREAM unset (a 2xx opens the tunnel).</summary>
    public static Http2FrameSpec[] Status(uint streamId, string status) =>
        [Http2Frames.Headers(streamId, new HpackEncoder().Encode([new HeaderField(":status", status)]))];
}
