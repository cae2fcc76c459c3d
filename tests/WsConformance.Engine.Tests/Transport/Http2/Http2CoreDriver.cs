using System.Buffers.Binary;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Tests.Transport.Http2;

/// <summary>Feeds an <see cref="Http2ClientCore"/> the server's bytes and writes down what it did, as text to compare.</summary>
internal static class Http2CoreDriver
{
    public static readonly HeaderField[] Request =
        [new(":method", "CONNECT"), new(":protocol", "websocket"), new(":scheme", "http"), new(":path", "/"), new(":authority", "127.0.0.1:1")];

    /// <summary>A core whose preface is already taken, with stream 1 open when <paramref name="openStream"/>.</summary>
    public static Http2ClientCore NewCore(bool openStream)
    {
        var core = new Http2ClientCore();
        if (openStream)
        {
            core.OpenStream(Request);
        }

        core.TakeOutgoing();
        return core;
    }

    /// <summary>Feeds <paramref name="server"/> whole, or one byte at a time (keeping what the core leaves, as its shell does).</summary>
    public static (List<string> Events, List<string> Sent, int Unconsumed) Feed(Http2ClientCore core, byte[] server, bool byteByByte)
    {
        var pending = new List<byte>();
        if (byteByByte)
        {
            foreach (var next in server)
            {
                pending.Add(next);
                var consumed = core.Receive(pending.ToArray());
                pending.RemoveRange(0, consumed);
            }
        }
        else
        {
            pending.AddRange(server);
            pending.RemoveRange(0, core.Receive(server));
        }

        return (Events(core), Sent(core), pending.Count);
    }

    public static List<string> Events(Http2ClientCore core)
    {
        var events = new List<string>();
        while (core.TryTakeEvent(out var next))
        {
            events.Add(next switch
            {
                ServerSettingsArrived s => $"settings connect-protocol={s.EnablesConnectProtocol}",
                ServerHeadersArrived h => $"headers {h.StreamId} {string.Join(" ", h.Fields.Select(f => $"{f.Name}={f.Value}"))}{(h.EndStream ? " END" : "")}",
                ServerDataArrived d => $"data {d.StreamId} {d.Data.Length}{(d.EndStream ? " END" : "")}",
                StreamWasReset r => $"reset {r.StreamId} {Http2ClientCore.Name(r.Code)}",
                SendWindowGrew => "window grew",
                ConnectionFailed => "connection failed",
                _ => next!.ToString()!,
            });
        }

        return events;
    }

    /// <summary>The frames the core wants written, one line each, e.g. "WINDOW_UPDATE 0 +524288".</summary>
    public static List<string> Sent(Http2EndCore core)
    {
        var bytes = core.TakeOutgoing();
        var decoder = new Http2FrameDecoder(Http2FrameHeader.MaxFrameSizeLimit);
        var frames = new List<string>();
        for (var offset = 0; offset < bytes.Length;)
        {
            Assert.Equal(Http2DecodeStatus.Frame, decoder.Decode(bytes.AsSpan(offset), out var consumed, out var frame));
            frames.Add(Describe(frame.Header, frame.Payload));
            offset += consumed;
        }

        return frames;
    }

    private static string Describe(Http2FrameHeader header, ReadOnlySpan<byte> payload) => header.Type switch
    {
        Http2FrameTypes.Settings when header.HasFlag(Http2Flags.Ack) => "SETTINGS ACK",
        Http2FrameTypes.Ping => $"PING{(header.HasFlag(Http2Flags.Ack) ? " ACK" : "")} {BinaryPrimitives.ReadUInt64BigEndian(payload)}",
        Http2FrameTypes.WindowUpdate => $"WINDOW_UPDATE {header.StreamId} +{BinaryPrimitives.ReadUInt32BigEndian(payload)}",
        Http2FrameTypes.RstStream => $"RST_STREAM {header.StreamId} {Http2ClientCore.Name((Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload))}",
        Http2FrameTypes.GoAway => $"GOAWAY {Http2ClientCore.Name((Http2ErrorCode)BinaryPrimitives.ReadUInt32BigEndian(payload[4..]))}",
        Http2FrameTypes.Data => $"DATA {header.StreamId} {header.Length}{(header.HasFlag(Http2Flags.EndStream) ? " END" : "")}",
        _ => $"{Http2FrameTypes.Name(header.Type)} {header.StreamId}",
    };
}
