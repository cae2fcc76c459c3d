using System.Buffers.Binary;
using System.Net.Sockets;
using WsConformance.Protocol;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Tests.Serving;

/// <summary>
/// A hand-scripted HTTP/2 WebSocket client for the reset case (http2-response.4): one extended CONNECT on stream 1, every
/// SETTINGS and PING acknowledged, the harness's DATA left unanswered (half a message is nothing to echo). When the harness
/// resets the stream, a correct client stays off it; with <see cref="UsesResetStream"/> — the flaw, a client that takes
/// RST_STREAM for a half-close — it acknowledges the next PING and then sends a Close frame on the stream it knows is closed
/// (RFC 9113 §5.1 broken). It keeps the connection until cancelled, as a browser keeps its one connection.
/// </summary>
internal sealed class Http2ResetScriptClient(bool usesResetStream)
{
    private const uint StreamId = 1;
    private const uint CloseMaskKey = 0x1234_5678;

    private readonly Http2FrameDecoder _decoder = new();
    private bool _requested;
    private bool _resetSeen;

    public bool UsesResetStream { get; } = usesResetStream;

    /// <summary>The Close frame went out on the reset stream (the flaw acted).</summary>
    public bool SentAfterReset { get; private set; }

    public async Task RunAsync(Uri url, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(url.Host, url.Port, cancellationToken);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        await network.WriteAsync((byte[])[.. Http2Preface.Client, .. Http2FrameEncoder.Encode(Http2Frames.Settings())], cancellationToken);
        var buffer = new byte[256 * 1024];
        var filled = 0;
        try
        {
            while (true)
            {
                var read = await network.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    return;
                }

                filled += read;
                var replies = new List<Http2FrameSpec>();
                var consumed = React(buffer.AsSpan(0, filled), url, replies);
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                if (replies.Count > 0)
                {
                    await network.WriteAsync(Http2FrameEncoder.Encode([.. replies]), cancellationToken);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The test is done with the client.
        }
    }

    private int React(ReadOnlySpan<byte> input, Uri url, List<Http2FrameSpec> replies)
    {
        var total = 0;
        while (_decoder.Decode(input[total..], out var consumed, out var frame) == Http2DecodeStatus.Frame)
        {
            total += consumed;
            var header = frame.Header;
            switch (header.Type)
            {
                case Http2FrameTypes.Settings when !header.HasFlag(Http2Flags.Ack):
                    replies.Add(Http2Frames.SettingsAck());
                    Request(url, replies);
                    break;
                case Http2FrameTypes.Ping when !header.HasFlag(Http2Flags.Ack):
                    replies.Add(Http2Frames.Ping(BinaryPrimitives.ReadUInt64BigEndian(frame.Payload), ack: true));
                    if (_resetSeen && UsesResetStream && !SentAfterReset)
                    {
                        replies.Add(Http2Frames.Data(StreamId, FrameEncoder.Close(CloseCodes.NormalClosure, "", CloseMaskKey)));
                        SentAfterReset = true;
                    }

                    break;
                case Http2FrameTypes.RstStream when header.StreamId == StreamId:
                    _resetSeen = true;
                    break;
            }
        }

        return total;
    }

    private void Request(Uri url, List<Http2FrameSpec> replies)
    {
        if (_requested)
        {
            return;
        }

        _requested = true;
        replies.Add(Http2Frames.Headers(StreamId, new HpackEncoder().Encode(ExtendedConnect.BuildRequest(url))));
    }
}
