using WsConformance.Protocol.Handshake;
using static WsConformance.Protocol.Tests.Handshake.RequestVectors;

namespace WsConformance.Protocol.Tests.Handshake;

public class HandshakeResponseBuilderTests
{
    private static ParsedHandshakeRequest UpgradeRequest()
    {
        new HandshakeRequestParser().Feed(ResponseVectors.Bytes(Upgrade), out _, out var request, out _);
        return request!;
    }

    [Fact]
    public void Accept_is_byte_exact_for_the_RFC_6455_example_key()
    {
        var bytes = HandshakeResponseBuilder.Accept(UpgradeRequest()).ToBytes();

        Assert.Equal(ResponseVectors.Bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + $"Sec-WebSocket-Accept: {Accept}\r\n\r\n"), bytes);
    }

    [Fact]
    public void Reject_has_only_a_status_line_until_headers_are_added()
    {
        var builder = HandshakeResponseBuilder.Reject(426, "Upgrade Required");
        Assert.Equal("HTTP/1.1 426 Upgrade Required\r\n\r\n", builder.ToText());

        builder.Add("Sec-WebSocket-Version", "13");

        Assert.Equal("HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n", builder.ToText());
    }

    [Fact]
    public void Every_part_can_be_bent()
    {
        var builder = HandshakeResponseBuilder.Accept(UpgradeRequest());
        builder.HttpVersion = "HTTP/1.0";
        builder.StatusCode = 200;
        builder.ReasonPhrase = "Caf\u00e9";
        builder.Add("upgrade", "h2c");
        builder.Set("UPGRADE", "websocket2");
        builder.Remove("connection");
        builder.Set("Sec-WebSocket-Protocol", "never-offered");

        Assert.Equal($"HTTP/1.0 200 Caf\u00e9\r\nUPGRADE: websocket2\r\nSec-WebSocket-Accept: {Accept}\r\nSec-WebSocket-Protocol: never-offered\r\n\r\n",
            builder.ToText());
        Assert.Equal(0xE9, builder.ToBytes()[16]);
        Assert.Equal(3, builder.Headers.Count);
    }

    [Fact]
    public void Accept_uses_the_key_as_received_and_the_first_of_several()
    {
        var text = $"GET / HTTP/1.1\r\nSec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEA==\r\nSec-WebSocket-Key: {Key}\r\n\r\n";
        new HandshakeRequestParser().Feed(ResponseVectors.Bytes(text), out _, out var request, out _);

        var accept = HandshakeResponseBuilder.Accept(request!).Headers.Single(header => header.Key == "Sec-WebSocket-Accept").Value;

        Assert.Equal(SecWebSocketKey.ComputeAccept("AQIDBAUGBwgJCgsMDQ4PEA=="), accept);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(new[] { "chat", "superchat" }, new[] { "permessage-deflate; client_max_window_bits" })]
    public void Accept_of_a_default_request_is_parsed_and_validated_clean_by_the_client_side(string[]? protocols, string[]? extensions)
    {
        var sent = HandshakeRequest.CreateDefault(new Uri("ws://example.com:9001/chat"), protocols: protocols, extensions: extensions);
        new HandshakeRequestParser().Feed(sent.ToBytes(), out _, out var received, out _);
        var builder = HandshakeResponseBuilder.Accept(received!);
        if (protocols is not null)
        {
            builder.Add("Sec-WebSocket-Protocol", received!.OfferedProtocols[1]);
            builder.Add("Sec-WebSocket-Extensions", "permessage-deflate");
        }

        var status = new HandshakeResponseParser().Feed(builder.ToBytes(), out var consumed, out var response, out _);

        Assert.Equal(ResponseParseStatus.Complete, status);
        Assert.Equal(builder.ToBytes().Length, consumed);
        Assert.Empty(HandshakeValidator.Validate(response!, sent));
    }

    [Fact]
    public void Bent_accept_is_caught_by_the_client_side()
    {
        var sent = HandshakeRequest.CreateDefault(new Uri("ws://example.com/"), Key);
        new HandshakeRequestParser().Feed(sent.ToBytes(), out _, out var received, out _);
        var builder = HandshakeResponseBuilder.Accept(received!);
        builder.Set("Sec-WebSocket-Accept", "s3pPLMBiTxaQ9kYGzzhZRbK+xOO=");
        builder.Add("Sec-WebSocket-Extensions", "permessage-deflate");

        new HandshakeResponseParser().Feed(builder.ToBytes(), out _, out var response, out _);

        Assert.Equal([HandshakeViolationCode.AcceptWrong, HandshakeViolationCode.ExtensionNotOffered],
            HandshakeValidator.Validate(response!, sent).Select(violation => violation.Code));
    }
}
