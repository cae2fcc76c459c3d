using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;
using static WsConformance.Engine.Tests.Transport.Http2.Http2CoreDriver;

namespace WsConformance.Engine.Tests.Transport.Http2;

/// <summary>
/// The HTTP/2 client core as input/output vectors: the server's bytes in, the events and frames out. Valid vectors are
/// also fed one byte at a time and must come out the same; invalid ones end the stream or the connection as RFC 9113
/// §5.4 says.
/// </summary>
public class Http2ClientCoreTests
{
    private const uint Stream1 = 1;

    private static readonly Http2Setting ConnectProtocolOn = new(Http2SettingIds.EnableConnectProtocol, 1);

    /// <summary>name → (stream 1 open, the server's bytes, expected events, expected frames sent).</summary>
    public static readonly Dictionary<string, (bool Open, byte[] Server, string[] Events, string[] Sent)> Valid = new()
    {
        ["settings-enabling-extended-connect"] = (false, Frames(Http2Frames.Settings(ConnectProtocolOn)),
            ["settings connect-protocol=True"], ["SETTINGS ACK"]),
        ["settings-without-the-setting"] = (false, Frames(Http2Frames.Settings(new Http2Setting(Http2SettingIds.MaxConcurrentStreams, 100))),
            ["settings connect-protocol=False"], ["SETTINGS ACK"]),
        ["ping-is-answered-with-its-data"] = (false, Frames(Http2Frames.Settings(), Http2Frames.Ping(8441)),
            ["settings connect-protocol=False"], ["SETTINGS ACK", "PING ACK 8441"]),
        ["response-data-and-end-stream"] = (true, Frames(Http2Frames.Settings(ConnectProtocolOn), Status(Stream1, "200"),
                Http2Frames.Data(Stream1, "abc"u8), Http2Frames.Data(Stream1, [], endStream: true)),
            ["settings connect-protocol=True", "headers 1 :status=200", "data 1 3", "data 1 0 END"], ["SETTINGS ACK"]),
        ["padding-is-removed"] = (true, Frames(Http2Frames.Settings(), Status(Stream1, "200"), Http2Frames.Data(Stream1, "abcd"u8, padding: new Http2Padding(10))),
            ["settings connect-protocol=False", "headers 1 :status=200", "data 1 4"], ["SETTINGS ACK"]),
        ["informational-response-is-skipped"] = (true, Frames(Http2Frames.Settings(), Status(Stream1, "100"), Status(Stream1, "200")),
            ["settings connect-protocol=False", "headers 1 :status=200"], ["SETTINGS ACK"]),
        ["response-split-into-continuation"] = (true, Frames([Http2Frames.Settings(), .. SplitStatus(Stream1)]),
            ["settings connect-protocol=False", "headers 1 :status=200 sec-websocket-protocol=chat"], ["SETTINGS ACK"]),
        ["server-resets-the-stream"] = (true, Frames(Http2Frames.Settings(), Status(Stream1, "200"), Http2Frames.RstStream(Stream1, Http2ErrorCode.Cancel)),
            ["settings connect-protocol=False", "headers 1 :status=200", "reset 1 CANCEL"], ["SETTINGS ACK"]),
        ["goaway-refuses-later-streams"] = (true, Frames(Http2Frames.Settings(), Http2Frames.GoAway(0, Http2ErrorCode.NoError)),
            ["settings connect-protocol=False", "reset 1 REFUSED_STREAM"], ["SETTINGS ACK"]),
        ["window-update-wakes-writers"] = (true, Frames(Http2Frames.Settings(), Http2Frames.WindowUpdate(0, 100), Http2Frames.WindowUpdate(Stream1, 100)),
            ["settings connect-protocol=False", "window grew", "window grew"], ["SETTINGS ACK"]),
        ["unknown-frame-type-and-priority-are-ignored"] = (true, Frames(Http2Frames.Settings(), new Http2FrameSpec(0xEE, 0, 0, new byte[3]),
                Http2Frames.Priority(Stream1, new Http2Priority(0, 15))),
            ["settings connect-protocol=False"], ["SETTINGS ACK"]),
    };

    /// <summary>name → (stream 1 open, the server's bytes, the frame the harness must send in answer, events).</summary>
    public static readonly Dictionary<string, (bool Open, byte[] Server, string Answer, string[] Events)> Invalid = new()
    {
        ["first-frame-not-settings"] = (false, Frames(Http2Frames.Ping(1)), "GOAWAY PROTOCOL_ERROR", ["connection failed"]),
        ["data-on-an-idle-stream"] = (false, Frames(Http2Frames.Settings(), Http2Frames.Data(3, "x"u8)), "GOAWAY PROTOCOL_ERROR",
            ["settings connect-protocol=False", "connection failed"]),
        ["push-promise-although-disabled"] = (true, Frames(Http2Frames.Settings(),
                new Http2FrameSpec(Http2FrameTypes.PushPromise, Http2Flags.EndHeaders, Stream1, new byte[] { 0, 0, 0, 2, 0x88 })),
            "GOAWAY PROTOCOL_ERROR", ["settings connect-protocol=False", "connection failed"]),
        ["undecodable-field-block"] = (true, Frames(Http2Frames.Settings(), Http2Frames.Headers(Stream1, [0x80])), "GOAWAY COMPRESSION_ERROR",
            ["settings connect-protocol=False", "connection failed"]),
        ["connection-window-past-2^31-1"] = (false, Frames(Http2Frames.Settings(), Http2Frames.WindowUpdate(0, int.MaxValue)), "GOAWAY FLOW_CONTROL_ERROR",
            ["settings connect-protocol=False", "connection failed"]),
        ["stream-window-past-2^31-1"] = (true, Frames(Http2Frames.Settings(), Http2Frames.WindowUpdate(Stream1, int.MaxValue)), "RST_STREAM 1 FLOW_CONTROL_ERROR",
            ["settings connect-protocol=False", "reset 1 FLOW_CONTROL_ERROR"]),
        ["server-enables-push"] = (false, Frames(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnablePush, 1))), "GOAWAY PROTOCOL_ERROR",
            ["connection failed"]),
        ["connect-protocol-withdrawn"] = (false, Frames(Http2Frames.Settings(ConnectProtocolOn), Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnableConnectProtocol, 0))),
            "GOAWAY PROTOCOL_ERROR", ["settings connect-protocol=True", "connection failed"]),
        ["data-before-the-response"] = (true, Frames(Http2Frames.Settings(), Http2Frames.Data(Stream1, "x"u8)), "RST_STREAM 1 PROTOCOL_ERROR",
            ["settings connect-protocol=False", "reset 1 PROTOCOL_ERROR"]),
        ["data-after-end-stream"] = (true, Frames(Http2Frames.Settings(), Status(Stream1, "200", endStream: true), Http2Frames.Data(Stream1, "x"u8)),
            "RST_STREAM 1 STREAM_CLOSED", ["settings connect-protocol=False", "headers 1 :status=200 END", "reset 1 STREAM_CLOSED"]),
        ["window-increment-zero-on-the-connection"] = (false, Frames(Http2Frames.Settings(), Http2Frames.WindowUpdate(0, 0)), "GOAWAY PROTOCOL_ERROR",
            ["settings connect-protocol=False", "connection failed"]),
    };

    public static TheoryData<string> ValidNames => [.. Valid.Keys];

    public static TheoryData<string> InvalidNames => [.. Invalid.Keys];

    [Theory]
    [MemberData(nameof(ValidNames))]
    public void Valid_vector_gives_its_events_and_frames_whole_and_byte_by_byte(string name)
    {
        var (open, server, events, sent) = Valid[name];
        foreach (var byteByByte in new[] { false, true })
        {
            var core = NewCore(open);
            var outcome = Feed(core, server, byteByByte);

            Assert.Equal(events, outcome.Events);
            Assert.Equal(sent, outcome.Sent);
            Assert.Equal(0, outcome.Unconsumed);
            Assert.Null(core.Failure);
        }
    }

    [Theory]
    [MemberData(nameof(InvalidNames))]
    public void Invalid_vector_ends_the_stream_or_the_connection_with_its_error_code(string name)
    {
        var (open, server, answer, events) = Invalid[name];
        foreach (var byteByByte in new[] { false, true })
        {
            var core = NewCore(open);
            var outcome = Feed(core, server, byteByByte);

            Assert.Contains(answer, outcome.Sent);
            Assert.Equal(events, outcome.Events);
            Assert.Equal(answer.StartsWith("GOAWAY", StringComparison.Ordinal), core.Failure is not null);
        }
    }

    [Fact]
    public void An_incomplete_frame_is_left_unconsumed_and_does_nothing()
    {
        var core = NewCore(openStream: false);
        var settings = Frames(Http2Frames.Settings(ConnectProtocolOn));

        Assert.Equal(0, core.Receive(settings.AsSpan(0, Http2FrameHeader.Size + 2)));
        Assert.Empty(Events(core));
        Assert.False(core.HasOutgoing);
        Assert.False(core.ServerSettingsReceived);
    }

    [Fact]
    public void An_http11_answer_to_the_preface_means_no_http2()
    {
        var core = NewCore(openStream: false);

        Assert.Equal(0, core.Receive("HTTP/"u8));
        core.Receive("HTTP/1.1 400 Bad Request\r\n\r\n"u8);

        Assert.True(core.RefusedHttp2);
        Assert.Contains("HTTP/1.x", core.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_frame_of_the_advertised_max_frame_size_is_accepted_whole()
    {
        var core = NewCore(openStream: true);

        // Fed at once: re-fed byte by byte, 256 KiB would cost the test minutes of copying, not the core.
        var outcome = Feed(core, Frames(Http2Frames.Settings(), Status(Stream1, "200"), Http2Frames.Data(Stream1, new byte[Http2ClientCore.MaxReceivedFrameSize])), byteByByte: false);

        Assert.Equal(["settings connect-protocol=False", "headers 1 :status=200", $"data 1 {Http2ClientCore.MaxReceivedFrameSize}"], outcome.Events);
        Assert.Null(core.Failure);
    }

    [Fact]
    public void A_data_frame_larger_than_the_advertised_max_frame_size_ends_the_connection_with_FRAME_SIZE_ERROR()
    {
        var core = NewCore(openStream: true);

        var outcome = Feed(core, Frames(Http2Frames.Settings(), Status(Stream1, "200"), Http2Frames.Data(Stream1, new byte[Http2ClientCore.MaxReceivedFrameSize + 1])), byteByByte: false);

        Assert.Contains("GOAWAY FRAME_SIZE_ERROR", outcome.Sent);
        Assert.Contains("SETTINGS_MAX_FRAME_SIZE", core.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public void The_preface_advertises_the_larger_frame_size_but_not_with_the_default_window()
    {
        Assert.Equal((uint)Http2ClientCore.MaxReceivedFrameSize, PrefaceSetting(new Http2ClientCore(), Http2SettingIds.MaxFrameSize));
        Assert.Null(PrefaceSetting(new Http2ClientCore(Http2ClientCore.DefaultWindow), Http2SettingIds.MaxFrameSize));
    }

    /// <summary>The value the client's first SETTINGS gives <paramref name="id"/>, or null when it leaves it out.</summary>
    private static uint? PrefaceSetting(Http2ClientCore core, ushort id)
    {
        var settings = core.TakeOutgoing().AsSpan(Http2Preface.Client.Length);
        Assert.Equal(Http2DecodeStatus.Frame, new Http2FrameDecoder().Decode(settings, out _, out var frame));
        Assert.Equal(Http2FrameTypes.Settings, frame.Header.Type);
        for (var offset = 0; offset < frame.Payload.Length; offset += Http2SettingIds.EntryLength)
        {
            if (System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(frame.Payload[offset..]) == id)
            {
                return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(frame.Payload[(offset + 2)..]);
            }
        }

        return null;
    }

    [Fact]
    public void Sending_never_exceeds_the_servers_windows_and_resumes_with_window_updates()
    {
        var core = NewCore(openStream: true);
        Feed(core, Frames(Http2Frames.Settings()), byteByByte: false);

        Assert.Equal(Http2ClientCore.DefaultWindow, core.SendableBytes(Stream1));
        core.SendData(Stream1, new byte[Http2ClientCore.DefaultWindow]);
        Assert.Equal(0, core.SendableBytes(Stream1));
        Assert.Throws<InvalidOperationException>(() => core.SendData(Stream1, new byte[1]));
        // 65,535 octets in frames of at most the server's SETTINGS_MAX_FRAME_SIZE (16,384 by default).
        Assert.Equal(["DATA 1 16384", "DATA 1 16384", "DATA 1 16384", "DATA 1 16383"], Sent(core));

        Feed(core, Frames(Http2Frames.WindowUpdate(0, 10)), byteByByte: false);
        Assert.Equal(0, core.SendableBytes(Stream1));
        Feed(core, Frames(Http2Frames.WindowUpdate(Stream1, 20)), byteByByte: false);
        Assert.Equal(10, core.SendableBytes(Stream1));
    }

    [Fact]
    public void A_smaller_initial_window_from_the_server_can_make_a_stream_window_negative()
    {
        var core = NewCore(openStream: true);
        Feed(core, Frames(Http2Frames.Settings()), byteByByte: false);
        core.SendData(Stream1, new byte[1000]);

        Feed(core, Frames(Http2Frames.Settings(new Http2Setting(Http2SettingIds.InitialWindowSize, 500))), byteByByte: false);

        Assert.Equal(0, core.SendableBytes(Stream1));
        Feed(core, Frames(Http2Frames.WindowUpdate(Stream1, 600)), byteByByte: false);
        Assert.Equal(100, core.SendableBytes(Stream1));
    }

    [Fact]
    public void Window_is_given_back_once_half_of_it_was_read()
    {
        var core = NewCore(openStream: true);
        Feed(core, Frames(Http2Frames.Settings(), Status(Stream1, "200")), byteByByte: false);

        core.Consumed(Stream1, (Http2ClientCore.ReceiveWindow / 2) - 1);
        Assert.Empty(Sent(core));
        core.Consumed(Stream1, 1);

        Assert.Equal([$"WINDOW_UPDATE 1 +{Http2ClientCore.ReceiveWindow / 2}", $"WINDOW_UPDATE 0 +{Http2ClientCore.ReceiveWindow / 2}"], Sent(core));
    }

    [Fact]
    public void Data_beyond_the_granted_window_is_a_flow_control_error()
    {
        var core = NewCore(openStream: true);
        Feed(core, Frames(Http2Frames.Settings(), Status(Stream1, "200")), byteByByte: false);
        var chunk = new byte[Http2FrameHeader.DefaultMaxFrameSize];
        var frames = Enumerable.Repeat(Http2Frames.Data(Stream1, chunk), (Http2ClientCore.ReceiveWindow / chunk.Length) + 1).ToArray();

        var outcome = Feed(core, Frames(frames), byteByByte: false);

        Assert.Equal("GOAWAY FLOW_CONTROL_ERROR", outcome.Sent[^1]);
        Assert.Contains("connection failed", outcome.Events);
    }

    [Fact]
    public void The_harness_ends_with_end_stream_or_cancel_and_then_sends_nothing_more()
    {
        var ended = NewCore(openStream: true);
        ended.EndStream(Stream1);
        ended.ResetStream(Stream1, Http2ErrorCode.Cancel);
        Assert.Equal(["DATA 1 0 END", "RST_STREAM 1 CANCEL"], Sent(ended));
        Assert.Equal(0, ended.SendableBytes(Stream1));

        var reset = NewCore(openStream: true);
        reset.ResetStream(Stream1, Http2ErrorCode.Cancel);
        reset.EndStream(Stream1);
        Assert.Equal(["RST_STREAM 1 CANCEL"], Sent(reset));
    }

    [Fact]
    public void A_request_larger_than_the_frame_size_goes_out_in_continuation_frames()
    {
        var core = new Http2ClientCore();
        core.TakeOutgoing();

        core.OpenStream([.. Request, new HeaderField("x-long", new string('~', 40_000))]);

        Assert.Equal(["HEADERS 1", "CONTINUATION 1", "CONTINUATION 1"], Sent(core));
    }

    [Fact]
    public void Held_windows_give_nothing_back_until_released_then_everything_at_once()
    {
        var core = new Http2ClientCore(Http2ClientCore.DefaultWindow);
        // The magic and one SETTINGS frame with one setting (ENABLE_PUSH 0): no window raised, no WINDOW_UPDATE.
        Assert.Equal(Http2Preface.Client.Length + Http2FrameHeader.Size + Http2SettingIds.EntryLength, core.TakeOutgoing().Length);
        core.OpenStream(Request);
        var tenThousand = Http2Frames.Data(Stream1, new byte[10_000]);
        Feed(core, Frames(Http2Frames.Settings(), Status(Stream1, "200"), tenThousand, tenThousand, tenThousand, tenThousand), byteByByte: false);
        Assert.Null(core.Failure);
        core.TakeOutgoing();

        core.HoldWindows();
        core.Consumed(Stream1, 40_000);
        Assert.Empty(Sent(core));

        core.ReleaseWindows();
        Assert.Equal(["WINDOW_UPDATE 1 +40000", "WINDOW_UPDATE 0 +40000"], Sent(core));
    }

    [Fact]
    public void A_request_with_end_stream_half_closes_the_stream_at_once()
    {
        var core = new Http2ClientCore();
        core.TakeOutgoing();

        core.OpenStream(Request, endStream: true);
        var headers = core.TakeOutgoing();
        core.EndStream(Stream1);

        Assert.Equal(Http2FrameTypes.Headers, headers[3]);
        Assert.Equal(Http2Flags.EndStream | Http2Flags.EndHeaders, headers[4]);
        Assert.True(core.CannotSend(Stream1));
        Assert.Empty(Sent(core));
    }

    private static byte[] Frames(params Http2FrameSpec[] frames) => Http2FrameEncoder.Encode(frames);

    private static Http2FrameSpec Status(uint stream, string status, bool endStream = false) =>
        Http2Frames.Headers(stream, new HpackEncoder().Encode([new HeaderField(":status", status)]), endStream);

    private static Http2FrameSpec[] SplitStatus(uint stream)
    {
        var block = new HpackEncoder().Encode([new HeaderField(":status", "200"), new HeaderField("sec-websocket-protocol", "chat")]);
        return [Http2Frames.Headers(stream, block.AsSpan(0, 2), endHeaders: false), Http2Frames.Continuation(stream, block.AsSpan(2))];
    }
}
