using WsConformance.Protocol.Handshake;
using static WsConformance.Protocol.Tests.Handshake.RequestVectors;

namespace WsConformance.Protocol.Tests.Handshake;

public class ClientHandshakeValidatorTests
{
    private static readonly string[] Correct =
        ["Host: server.example.com", "Upgrade: websocket", "Connection: Upgrade", $"Sec-WebSocket-Key: {Key}", "Sec-WebSocket-Version: 13"];

    private static ParsedHandshakeRequest Request(params string[] headerLines) => Request("GET / HTTP/1.1", headerLines);

    private static ParsedHandshakeRequest Request(string requestLine, params string[] headerLines)
    {
        var text = $"{requestLine}\r\n{string.Concat(headerLines.Select(line => line + "\r\n"))}\r\n";
        var status = new HandshakeRequestParser().Feed(ResponseVectors.Bytes(text), out _, out var request, out _);
        Assert.Equal(RequestParseStatus.Complete, status);
        return request!;
    }

    /// <summary><see cref="Correct"/> with the lines naming <paramref name="name"/> replaced by <paramref name="replacements"/>.</summary>
    private static string[] CorrectExcept(string name, params string[] replacements) =>
        [.. Correct.Where(line => !line.StartsWith(name + ":", StringComparison.Ordinal)), .. replacements];

    private static IEnumerable<HandshakeViolationCode> Codes(ParsedHandshakeRequest request) =>
        ClientHandshakeValidator.Validate(request).Select(violation => violation.Code);

    [Fact]
    public void Correct_request_has_no_violations()
    {
        Assert.Empty(ClientHandshakeValidator.Validate(Request(Correct)));
    }

    [Fact]
    public void Correct_request_with_varied_casing_extra_tokens_and_newer_version_has_no_violations()
    {
        var request = Request("GET /chat?x=1 HTTP/1.2", "host: a", "UPGRADE: WebSocket", "connection: keep-alive, upgrade",
            $"sec-websocket-key: {Key}", "sec-websocket-version: 13", "Sec-WebSocket-Protocol: chat", "Origin: http://a");

        Assert.Empty(ClientHandshakeValidator.Validate(request));
    }

    [Theory]
    [InlineData("POST / HTTP/1.1")]
    [InlineData("get / HTTP/1.1")]
    [InlineData("HEAD / HTTP/1.1")]
    public void Method_other_than_GET(string requestLine)
    {
        var violation = Assert.Single(ClientHandshakeValidator.Validate(Request(requestLine, Correct)));

        Assert.Equal(HandshakeViolationCode.MethodNotGet, violation.Code);
        Assert.Equal("RFC 6455 §4.1, §4.2.1", violation.RfcSection);
        Assert.Contains("MUST be GET", violation.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET / HTTP/1.0")]
    [InlineData("GET / HTTP/0.9")]
    public void Http_version_below_1_1(string requestLine)
    {
        Assert.Equal([HandshakeViolationCode.HttpVersionTooLow], Codes(Request(requestLine, Correct)));
    }

    [Theory]
    [InlineData]
    [InlineData("Host: a", "Host: b")]
    public void Host_missing_or_repeated(params string[] hosts)
    {
        Assert.Equal([HandshakeViolationCode.HostMissing], Codes(Request(CorrectExcept("Host", hosts))));
    }

    [Theory]
    [InlineData]
    [InlineData("Upgrade: h2c")]
    [InlineData("Upgrade: websockets")]
    [InlineData("Upgrade:")]
    public void Upgrade_missing_or_wrong(params string[] upgrades)
    {
        Assert.Equal([HandshakeViolationCode.UpgradeMissingOrWrong], Codes(Request(CorrectExcept("Upgrade", upgrades))));
    }

    [Theory]
    [InlineData]
    [InlineData("Connection: keep-alive")]
    [InlineData("Connection: Upgraded")]
    public void Connection_without_upgrade_token(params string[] connections)
    {
        Assert.Equal([HandshakeViolationCode.ConnectionMissingUpgradeToken], Codes(Request(CorrectExcept("Connection", connections))));
    }

    [Fact]
    public void Key_missing()
    {
        Assert.Equal([HandshakeViolationCode.KeyMissing], Codes(Request(CorrectExcept("Sec-WebSocket-Key"))));
    }

    [Theory]
    [InlineData($"Sec-WebSocket-Key: {Key}", $"Sec-WebSocket-Key: {Key}")]
    [InlineData("Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4P")]
    [InlineData("Sec-WebSocket-Key: AQIDBAUGBwgJCgsMDQ4PEBE=")]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ")]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBs ZSBub25jZQ==")]
    [InlineData("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ!=")]
    [InlineData("Sec-WebSocket-Key: the sample nonce")]
    [InlineData("Sec-WebSocket-Key:")]
    public void Key_repeated_or_not_base64_of_16_bytes(params string[] keys)
    {
        var violation = Assert.Single(ClientHandshakeValidator.Validate(Request(CorrectExcept("Sec-WebSocket-Key", keys))));

        Assert.Equal(HandshakeViolationCode.KeyInvalid, violation.Code);
    }

    [Theory]
    [InlineData]
    [InlineData("Sec-WebSocket-Version: 8")]
    [InlineData("Sec-WebSocket-Version: 13, 8")]
    [InlineData("Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 13")]
    [InlineData("Sec-WebSocket-Version: 013")]
    public void Version_missing_repeated_or_not_13(params string[] versions)
    {
        Assert.Equal([HandshakeViolationCode.VersionNot13], Codes(Request(CorrectExcept("Sec-WebSocket-Version", versions))));
    }

    [Fact]
    public void Every_violation_is_reported()
    {
        Assert.Equal(
            [HandshakeViolationCode.MethodNotGet, HandshakeViolationCode.HttpVersionTooLow, HandshakeViolationCode.HostMissing,
             HandshakeViolationCode.UpgradeMissingOrWrong, HandshakeViolationCode.ConnectionMissingUpgradeToken,
             HandshakeViolationCode.KeyMissing, HandshakeViolationCode.VersionNot13],
            Codes(Request("PUT / HTTP/1.0")));
    }

    [Fact]
    public void Default_request_of_the_client_side_parses_and_validates_clean()
    {
        var sent = HandshakeRequest.CreateDefault(new Uri("ws://[::1]:9001/runCase?case=7&agent=wsconf"), Key, ["chat"],
            ["permessage-deflate; client_max_window_bits"], "http://localhost");

        var status = new HandshakeRequestParser().Feed(sent.ToBytes(), out var consumed, out var request, out _);

        Assert.Equal(RequestParseStatus.Complete, status);
        Assert.Equal(sent.ToBytes().Length, consumed);
        Assert.Empty(ClientHandshakeValidator.Validate(request!));
        Assert.Equal(("/runCase", "7", "wsconf"), (request!.Path, request.Query["case"], request.Query["agent"]));
        Assert.Equal(sent.OfferedProtocols, request.OfferedProtocols);
        Assert.Equal(sent.OfferedExtensions, request.OfferedExtensionNames);
    }
}
