using WsConformance.Protocol.Handshake;
using static WsConformance.Protocol.Tests.Handshake.RequestVectors;

namespace WsConformance.Protocol.Tests.Handshake;

public class HandshakeRequestParserTests
{
    public static TheoryData<string, string, string, string, int> ValidVectors => Valid;
    public static TheoryData<string> IncompleteVectors => Incomplete;
    public static TheoryData<string> InvalidVectors => Invalid;

    private static readonly byte[] MaskedTextFrameHi = [0x81, 0x82, 0x01, 0x02, 0x03, 0x04, (byte)'h' ^ 0x01, (byte)'i' ^ 0x02];

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_request_completes_in_one_feed(string text, string method, string target, string version, int headerCount)
    {
        var parser = new HandshakeRequestParser();

        var status = parser.Feed(Bytes(text), out var consumed, out var request, out var violation);

        Assert.Equal(RequestParseStatus.Complete, status);
        Assert.Null(violation);
        Assert.Equal(text.Length, consumed);
        Assert.Equal((method, target, version, headerCount), (request!.Method, request.Target, request.HttpVersion, request.Headers.Count));
        Assert.Equal(text, request.RawText);
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_request_fed_one_byte_at_a_time_gives_the_same_result(string text, string method, string target, string version, int headerCount)
    {
        var whole = ParseWhole(text);
        var parser = new HandshakeRequestParser();
        var bytes = Bytes(text);

        for (var index = 0; index < bytes.Length - 1; index++)
        {
            Assert.Equal(RequestParseStatus.NeedMoreData, parser.Feed(bytes.AsSpan(index, 1), out var consumed, out _, out _));
            Assert.Equal(1, consumed);
        }

        Assert.Equal(RequestParseStatus.Complete, parser.Feed(bytes.AsSpan(^1), out var lastConsumed, out var request, out _));
        Assert.Equal(1, lastConsumed);
        Assert.Equal((method, target, version, headerCount), (request!.Method, request.Target, request.HttpVersion, request.Headers.Count));
        Assert.Equal(whole.Headers, request.Headers);
        Assert.Equal(whole.RawText, request.RawText);
    }

    [Theory]
    [MemberData(nameof(IncompleteVectors))]
    public void Incomplete_request_needs_more_data_and_consumes_everything(string text)
    {
        var parser = new HandshakeRequestParser();

        var status = parser.Feed(Bytes(text), out var consumed, out var request, out var violation);

        Assert.Equal(RequestParseStatus.NeedMoreData, status);
        Assert.Equal(text.Length, consumed);
        Assert.Null(request);
        Assert.Null(violation);
        Assert.Equal(text.Length, parser.BufferedBytes);
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Invalid_request_is_a_malformed_request_violation_at_its_last_byte(string text)
    {
        var parser = new HandshakeRequestParser();
        var bytes = Bytes(text);

        for (var index = 0; index < bytes.Length - 1; index++)
        {
            Assert.Equal(RequestParseStatus.NeedMoreData, parser.Feed(bytes.AsSpan(index, 1), out _, out _, out _));
        }

        Assert.Equal(RequestParseStatus.Invalid, parser.Feed(bytes.AsSpan(^1), out _, out var request, out var violation));
        Assert.Null(request);
        Assert.Equal(HandshakeViolationCode.MalformedRequest, violation!.Code);
        Assert.StartsWith("RFC 9112", violation.RfcSection, StringComparison.Ordinal);
        Assert.Equal(RequestParseStatus.Invalid, new HandshakeRequestParser().Feed(bytes, out _, out _, out var wholeViolation));
        Assert.Equal(violation, wholeViolation);
    }

    [Fact]
    public void Bytes_after_the_blank_line_are_left_to_the_caller()
    {
        var parser = new HandshakeRequestParser();
        byte[] input = [.. Bytes(Upgrade), .. MaskedTextFrameHi];

        var status = parser.Feed(input, out var consumed, out var request, out _);

        Assert.Equal(RequestParseStatus.Complete, status);
        Assert.Equal(Upgrade.Length, consumed);
        Assert.Equal(MaskedTextFrameHi, input[consumed..]);
        Assert.Equal(Upgrade, request!.RawText);
    }

    [Fact]
    public void After_completion_further_bytes_are_not_consumed()
    {
        var parser = new HandshakeRequestParser();
        parser.Feed(Bytes(Upgrade), out _, out var first, out _);

        var status = parser.Feed(MaskedTextFrameHi, out var consumed, out var again, out _);

        Assert.Equal(RequestParseStatus.Complete, status);
        Assert.Equal(0, consumed);
        Assert.Same(first, again);
    }

    [Fact]
    public void After_a_violation_further_bytes_are_not_consumed()
    {
        var parser = new HandshakeRequestParser();
        parser.Feed(Bytes("garbage\r\n"), out _, out _, out var first);

        var status = parser.Feed(Bytes(Upgrade), out var consumed, out _, out var again);

        Assert.Equal(RequestParseStatus.Invalid, status);
        Assert.Equal(0, consumed);
        Assert.Same(first, again);
    }

    [Fact]
    public void Header_block_exactly_at_the_limit_completes_and_one_byte_over_is_a_violation()
    {
        Assert.Equal(RequestParseStatus.Complete, new HandshakeRequestParser(Upgrade.Length).Feed(Bytes(Upgrade), out _, out _, out _));

        var status = new HandshakeRequestParser(Upgrade.Length - 1).Feed(Bytes(Upgrade), out _, out var request, out var violation);

        Assert.Equal(RequestParseStatus.Invalid, status);
        Assert.Null(request);
        Assert.Equal(HandshakeViolationCode.HeadersTooLarge, violation!.Code);
    }

    [Fact]
    public void Many_headers_beyond_the_default_limit_are_a_violation_without_buffering_beyond_it()
    {
        var parser = new HandshakeRequestParser();
        var header = Bytes("X-Filler: 0123456789012345678901234567890123456789\r\n");
        parser.Feed(Bytes("GET / HTTP/1.1\r\n"), out _, out _, out _);

        var status = RequestParseStatus.NeedMoreData;
        HandshakeViolation? violation = null;
        for (var count = 0; count < 1000 && status == RequestParseStatus.NeedMoreData; count++)
        {
            status = parser.Feed(header, out _, out _, out violation);
            Assert.True(parser.BufferedBytes <= HandshakeRequestParser.DefaultMaxHeaderBytes);
        }

        Assert.Equal(RequestParseStatus.Invalid, status);
        Assert.Equal(HandshakeViolationCode.HeadersTooLarge, violation!.Code);
    }

    [Fact]
    public void Non_positive_limit_is_a_programmer_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandshakeRequestParser(0));
    }

    [Fact]
    public void Headers_are_found_case_insensitively_and_split_into_tokens()
    {
        var request = ParseWhole("GET / HTTP/1.1\r\nSec-WebSocket-Protocol: chat, superchat\r\nsec-websocket-protocol:v2,,\r\n"
            + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits, x-webkit-deflate-frame\r\n"
            + "SEC-WEBSOCKET-EXTENSIONS: foo ; a=1\r\n\r\n");

        Assert.Equal(["chat, superchat", "v2,,"], request.GetValues("SEC-WEBSOCKET-PROTOCOL"));
        Assert.Equal(["chat", "superchat", "v2"], request.OfferedProtocols);
        Assert.Equal(["permessage-deflate", "x-webkit-deflate-frame", "foo"], request.OfferedExtensionNames);
        Assert.True(request.HasHeader("sec-websocket-extensions"));
        Assert.False(request.HasHeader("Host"));
        Assert.Empty(request.GetTokens("Missing"));
    }

    [Theory]
    [InlineData("/chat", "/chat")]
    [InlineData("/runCase?case=3&agent=ws", "/runCase")]
    [InlineData("/?", "/")]
    [InlineData("*", "*")]
    [InlineData("ws://example.com:9001/a/b?x=1", "/a/b")]
    [InlineData("http://example.com", "/")]
    [InlineData("http://example.com?x=1", "/")]
    public void Path_is_the_target_without_query_or_authority(string target, string path)
    {
        Assert.Equal(path, ParseWhole($"GET {target} HTTP/1.1\r\n\r\n").Path);
    }

    [Fact]
    public void Query_parameters_are_percent_decoded_and_the_first_wins()
    {
        var request = ParseWhole("GET /runCase?case=12&agent=my%20agent%2F1.0+beta&case=13&flag&&caf%C3%A9=%E2%82%AC&=empty HTTP/1.1\r\n\r\n");

        Assert.Equal(new Dictionary<string, string>
        {
            ["case"] = "12",
            ["agent"] = "my agent/1.0 beta",
            ["flag"] = "",
            ["café"] = "€",
            [""] = "empty",
        }, request.Query);
    }

    [Fact]
    public void Target_without_query_has_no_parameters()
    {
        Assert.Empty(ParseWhole("GET /getCaseCount HTTP/1.1\r\n\r\n").Query);
    }

    private static byte[] Bytes(string text) => ResponseVectors.Bytes(text);

    private static ParsedHandshakeRequest ParseWhole(string text)
    {
        var status = new HandshakeRequestParser().Feed(Bytes(text), out _, out var request, out _);
        Assert.Equal(RequestParseStatus.Complete, status);
        return request!;
    }
}
