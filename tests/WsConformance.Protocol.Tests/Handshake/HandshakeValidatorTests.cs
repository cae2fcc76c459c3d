using WsConformance.Protocol.Handshake;

namespace WsConformance.Protocol.Tests.Handshake;

public class HandshakeValidatorTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";
    private const string Accept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

    private static HandshakeRequest Request(string[]? protocols = null, string[]? extensions = null) =>
        HandshakeRequest.CreateDefault(new Uri("ws://example.com/"), Key, protocols, extensions);

    private static HandshakeResponse Response(params string[] headerLines) => Response(101, headerLines);

    private static HandshakeResponse Response(int status, params string[] headerLines)
    {
        var text = $"HTTP/1.1 {status} Reason\r\n{string.Concat(headerLines.Select(line => line + "\r\n"))}\r\n";
        var result = new HandshakeResponseParser().Feed(ResponseVectors.Bytes(text), out _, out var response, out _);
        Assert.Equal(ResponseParseStatus.Complete, result);
        return response!;
    }

    private static readonly string[] Correct = ["Upgrade: websocket", "Connection: Upgrade", $"Sec-WebSocket-Accept: {Accept}"];

    private static IEnumerable<HandshakeViolationCode> Codes(HandshakeResponse response, HandshakeRequest request) =>
        HandshakeValidator.Validate(response, request).Select(violation => violation.Code);

    [Fact]
    public void Correct_response_has_no_violations()
    {
        Assert.Empty(HandshakeValidator.Validate(Response(Correct), Request()));
    }

    [Fact]
    public void Correct_response_with_varied_casing_extra_tokens_protocol_and_extension_has_no_violations()
    {
        var response = Response("UPGRADE: WebSocket", "connection: keep-alive, upgrade", $"sec-websocket-accept: {Accept}",
            "Sec-WebSocket-Protocol: v2", "Sec-WebSocket-Extensions: permessage-deflate; server_no_context_takeover");

        Assert.Empty(HandshakeValidator.Validate(response, Request(["v1", "v2"], ["permessage-deflate; client_max_window_bits"])));
    }

    [Fact]
    public void Status_other_than_101_is_reported_alone()
    {
        var violations = HandshakeValidator.Validate(Response(400, "Content-Length: 0"), Request());

        var violation = Assert.Single(violations);
        Assert.Equal(HandshakeViolationCode.StatusNot101, violation.Code);
        Assert.Equal("RFC 6455 §4.1", violation.RfcSection);
        Assert.Contains("400", violation.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Connection: Upgrade")]
    [InlineData("Upgrade: h2c", "Connection: Upgrade")]
    [InlineData("Upgrade: websockets", "Connection: Upgrade")]
    public void Missing_or_wrong_upgrade(params string[] lines)
    {
        Assert.Equal([HandshakeViolationCode.UpgradeMissingOrWrong], Codes(Response([.. lines, $"Sec-WebSocket-Accept: {Accept}"]), Request()));
    }

    [Theory]
    [InlineData("Upgrade: websocket")]
    [InlineData("Upgrade: websocket", "Connection: keep-alive")]
    [InlineData("Upgrade: websocket", "Connection: Upgraded")]
    public void Connection_without_upgrade_token(params string[] lines)
    {
        Assert.Equal([HandshakeViolationCode.ConnectionMissingUpgradeToken], Codes(Response([.. lines, $"Sec-WebSocket-Accept: {Accept}"]), Request()));
    }

    [Fact]
    public void Accept_missing()
    {
        Assert.Equal([HandshakeViolationCode.AcceptMissing], Codes(Response("Upgrade: websocket", "Connection: Upgrade"), Request()));
    }

    [Theory]
    [InlineData("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOO=")]
    [InlineData("Sec-WebSocket-Accept: dGhlIHNhbXBsZSBub25jZQ==")]
    [InlineData("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")]
    public void Accept_wrong(params string[] lines)
    {
        var violations = HandshakeValidator.Validate(Response(["Upgrade: websocket", "Connection: Upgrade", .. lines]), Request());

        Assert.Equal(HandshakeViolationCode.AcceptWrong, Assert.Single(violations).Code);
        Assert.Contains(Accept, violations[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Accept_is_checked_against_the_key_actually_sent()
    {
        var request = Request();
        request.Set("Sec-WebSocket-Key", "AQIDBAUGBwgJCgsMDQ4PEA==");

        Assert.Equal([HandshakeViolationCode.AcceptWrong], Codes(Response(Correct), request));
        var rightForNewKey = Response("Upgrade: websocket", "Connection: Upgrade", $"Sec-WebSocket-Accept: {SecWebSocketKey.ComputeAccept(request.Key)}");
        Assert.Empty(HandshakeValidator.Validate(rightForNewKey, request));
    }

    [Theory]
    [InlineData(new string[0], "chat")]
    [InlineData(new[] { "chat" }, "Chat")]
    [InlineData(new[] { "chat" }, "")]
    public void Protocol_not_offered(string[] offered, string selected)
    {
        Assert.Equal([HandshakeViolationCode.ProtocolNotOffered], Codes(Response([.. Correct, $"Sec-WebSocket-Protocol: {selected}"]), Request(offered)));
    }

    [Theory]
    [InlineData("Sec-WebSocket-Protocol: v1, v2")]
    [InlineData("Sec-WebSocket-Protocol: v1", "Sec-WebSocket-Protocol: v2")]
    public void Several_protocols(params string[] lines)
    {
        Assert.Equal([HandshakeViolationCode.SeveralProtocols], Codes(Response([.. Correct, .. lines]), Request(["v1", "v2"])));
    }

    [Theory]
    [InlineData(new string[0], "permessage-deflate")]
    [InlineData(new[] { "permessage-deflate" }, "x-webkit-deflate-frame")]
    [InlineData(new[] { "permessage-deflate" }, "permessage-deflate, x-other; p=1")]
    public void Extension_not_offered(string[] offered, string selected)
    {
        var violations = HandshakeValidator.Validate(Response([.. Correct, $"Sec-WebSocket-Extensions: {selected}"]), Request(extensions: offered));

        Assert.Equal(HandshakeViolationCode.ExtensionNotOffered, Assert.Single(violations).Code);
    }

    [Fact]
    public void Every_violation_is_reported()
    {
        var response = Response("Sec-WebSocket-Protocol: a, b", "Sec-WebSocket-Extensions: x");

        Assert.Equal(
            [HandshakeViolationCode.UpgradeMissingOrWrong, HandshakeViolationCode.ConnectionMissingUpgradeToken, HandshakeViolationCode.AcceptMissing,
             HandshakeViolationCode.SeveralProtocols, HandshakeViolationCode.ProtocolNotOffered, HandshakeViolationCode.ProtocolNotOffered,
             HandshakeViolationCode.ExtensionNotOffered],
            Codes(response, Request()));
    }
}
