using WsConformance.Engine.Running;
using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;
using static WsConformance.Engine.Tests.Transport.TransportTestSupport;

namespace WsConformance.Engine.Tests.Transport.Http2;

/// <summary>The RFC 8441 client against hand-made HTTP/2 servers: what each answer becomes.</summary>
public class Http2ConnectorScriptedTests
{
    [Fact]
    public async Task A_server_that_does_not_advertise_extended_connect_is_a_clear_not_supported_outcome()
    {
        await using var server = ScriptedServer.Replying(_ => [Http2FrameEncoder.Encode(Http2Frames.Settings(new Http2Setting(Http2SettingIds.MaxConcurrentStreams, 100)))]);

        var result = await ConnectAsync(server.Uri(), Http2Options);

        Assert.Equal(ConnectOutcome.ExtendedConnectNotSupported, result.Outcome);
        Assert.Contains("SETTINGS_ENABLE_CONNECT_PROTOCOL", result.Detail, StringComparison.Ordinal);
        Assert.True(result.TransportUnsupported);
        Assert.False(new PatientConnector.Outcome(result, 1, TimeSpan.Zero).NoAnswer);
    }

    [Fact]
    public async Task A_non_2xx_status_refuses_the_websocket()
    {
        await using var server = AnsweringTheConnect(Response(":status", "404"));

        var result = await ConnectAsync(server.Uri(), Http2Options);
        await using var connection = result.Connection;

        Assert.Equal(ConnectOutcome.Refused, result.Outcome);
        Assert.Equal(404, result.Response!.StatusCode);
        Assert.Equal(HandshakeViolationCode.StatusNot2xx, Assert.Single(result.Violations).Code);
    }

    [Fact]
    public async Task A_reset_instead_of_a_response_is_an_answer_not_silence()
    {
        await using var server = AnsweringTheConnect(Http2FrameEncoder.Encode(Http2Frames.RstStream(1, Http2ErrorCode.ProtocolError)));

        var result = await ConnectAsync(server.Uri(), Http2Options);

        Assert.Equal(ConnectOutcome.ClosedDuringHandshake, result.Outcome);
        Assert.Contains("RST_STREAM PROTOCOL_ERROR", result.Detail, StringComparison.Ordinal);
        Assert.False(PatientConnector.IsBusySymptom(result));
    }

    [Fact]
    public async Task Silence_after_the_preface_is_a_handshake_timeout()
    {
        await using var server = ScriptedServer.Replying(_ => []);

        var result = await ConnectAsync(server.Uri(), Http2Options with { HandshakeTimeout = TimeSpan.FromMilliseconds(300) });

        Assert.Equal(ConnectOutcome.HandshakeTimeout, result.Outcome);
        Assert.Contains("SETTINGS", result.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Advertises extended CONNECT, waits for the client's HEADERS on stream 1 (type 0x1, END_HEADERS, stream 1 in the
    /// frame header), then writes <paramref name="answer"/>: an answer before the request would be on an idle stream.
    /// </summary>
    private static ScriptedServer AnsweringTheConnect(byte[] answer) => ScriptedServer.Start(async (_, client, token) =>
    {
        var stream = client.GetStream();
        await stream.WriteAsync(Advertising(), token);
        byte[] headersOnStream1 = [Http2FrameTypes.Headers, Http2Flags.EndHeaders, 0, 0, 0, 1];
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (received.ToArray().AsSpan().IndexOf(headersOnStream1) < 0)
        {
            var read = await stream.ReadAsync(buffer, token);
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
        }

        await stream.WriteAsync(answer, token);
    });

    private static byte[] Advertising() =>
        Http2FrameEncoder.Encode(Http2Frames.Settings(new Http2Setting(Http2SettingIds.EnableConnectProtocol, 1)));

    private static byte[] Response(string name, string value) =>
        Http2FrameEncoder.Encode(Http2Frames.Headers(1, new HpackEncoder().Encode([new HeaderField(name, value)])));
}
