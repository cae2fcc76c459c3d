using WsConformance.Protocol.Handshake;
using static WsConformance.Protocol.Tests.Handshake.ResponseVectors;

namespace WsConformance.Protocol.Tests.Handshake;

public class HandshakeResponseParserTests
{
    public static TheoryData<string, int, string, int> ValidVectors => Valid;
    public static TheoryData<string> IncompleteVectors => Incomplete;
    public static TheoryData<string> InvalidVectors => Invalid;

    private static readonly byte[] TextFrameHi = [0x81, 0x02, (byte)'h', (byte)'i'];

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_response_completes_in_one_feed(string text, int statusCode, string reason, int headerCount)
    {
        var parser = new HandshakeResponseParser();

        var status = parser.Feed(Bytes(text), out var consumed, out var response, out var violation);

        Assert.Equal(ResponseParseStatus.Complete, status);
        Assert.Null(violation);
        Assert.Equal(text.Length, consumed);
        Assert.NotNull(response);
        Assert.Equal(statusCode, response.StatusCode);
        Assert.Equal(reason, response.ReasonPhrase);
        Assert.Equal(headerCount, response.Headers.Count);
        Assert.Equal(text, response.RawText);
        Assert.Equal(text[..8], response.HttpVersion);
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_response_fed_one_byte_at_a_time_gives_the_same_result(string text, int statusCode, string reason, int headerCount)
    {
        var whole = ParseWhole(text);
        var parser = new HandshakeResponseParser();
        var bytes = Bytes(text);

        for (var index = 0; index < bytes.Length - 1; index++)
        {
            Assert.Equal(ResponseParseStatus.NeedMoreData, parser.Feed(bytes.AsSpan(index, 1), out var consumed, out _, out _));
            Assert.Equal(1, consumed);
        }

        Assert.Equal(ResponseParseStatus.Complete, parser.Feed(bytes.AsSpan(^1), out var lastConsumed, out var response, out _));
        Assert.Equal(1, lastConsumed);
        Assert.Equal((statusCode, reason, headerCount), (response!.StatusCode, response.ReasonPhrase, response.Headers.Count));
        AssertSameResponse(whole, response);
    }

    [Theory]
    [MemberData(nameof(ValidVectors))]
    public void Valid_response_split_anywhere_in_two_gives_the_same_result(string text, int statusCode, string reason, int headerCount)
    {
        var whole = ParseWhole(text);
        var bytes = Bytes(text);
        Assert.Equal((statusCode, reason, headerCount), (whole.StatusCode, whole.ReasonPhrase, whole.Headers.Count));

        for (var split = 0; split < bytes.Length; split++)
        {
            var parser = new HandshakeResponseParser();
            Assert.Equal(ResponseParseStatus.NeedMoreData, parser.Feed(bytes.AsSpan(0, split), out _, out _, out _));
            Assert.Equal(ResponseParseStatus.Complete, parser.Feed(bytes.AsSpan(split), out var consumed, out var response, out _));
            Assert.Equal(bytes.Length - split, consumed);
            AssertSameResponse(whole, response!);
        }
    }

    [Theory]
    [MemberData(nameof(IncompleteVectors))]
    public void Incomplete_response_needs_more_data_and_consumes_everything(string text)
    {
        var parser = new HandshakeResponseParser();

        var status = parser.Feed(Bytes(text), out var consumed, out var response, out var violation);

        Assert.Equal(ResponseParseStatus.NeedMoreData, status);
        Assert.Equal(text.Length, consumed);
        Assert.Null(response);
        Assert.Null(violation);
        Assert.Equal(text.Length, parser.BufferedBytes);
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Invalid_response_is_a_malformed_response_violation(string text)
    {
        var parser = new HandshakeResponseParser();

        var status = parser.Feed(Bytes(text), out _, out var response, out var violation);

        Assert.Equal(ResponseParseStatus.Invalid, status);
        Assert.Null(response);
        Assert.Equal(HandshakeViolationCode.MalformedResponse, violation!.Code);
        Assert.StartsWith("RFC 9112", violation.RfcSection, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(InvalidVectors))]
    public void Invalid_response_fed_one_byte_at_a_time_is_invalid_at_its_last_byte(string text)
    {
        var parser = new HandshakeResponseParser();
        var bytes = Bytes(text);

        for (var index = 0; index < bytes.Length - 1; index++)
        {
            Assert.Equal(ResponseParseStatus.NeedMoreData, parser.Feed(bytes.AsSpan(index, 1), out _, out _, out _));
        }

        Assert.Equal(ResponseParseStatus.Invalid, parser.Feed(bytes.AsSpan(^1), out _, out _, out var violation));
        Assert.Equal(HandshakeViolationCode.MalformedResponse, violation!.Code);
    }

    [Fact]
    public void Repeated_headers_are_kept_in_order_and_found_case_insensitively()
    {
        var response = ParseWhole("HTTP/1.1 101 S\r\nSec-WebSocket-Extensions: a; x=1, b\r\nX: 0\r\nsec-websocket-extensions:c,, d \r\n\r\n");

        Assert.Equal(["a; x=1, b", "c,, d"], response.GetValues("SEC-WEBSOCKET-EXTENSIONS"));
        Assert.Equal(["a; x=1", "b", "c", "d"], response.GetTokens("Sec-WebSocket-Extensions"));
        Assert.Equal("sec-websocket-extensions", response.Headers[2].Key);
        Assert.True(response.HasHeader("x"));
        Assert.Empty(response.GetValues("Missing"));
    }

    [Fact]
    public void Bytes_after_the_blank_line_are_left_to_the_caller()
    {
        var parser = new HandshakeResponseParser();
        byte[] input = [.. Bytes(Switching), .. TextFrameHi];

        var status = parser.Feed(input, out var consumed, out var response, out _);

        Assert.Equal(ResponseParseStatus.Complete, status);
        Assert.Equal(Switching.Length, consumed);
        Assert.Equal(TextFrameHi, input[consumed..]);
        Assert.Equal(Switching, response!.RawText);
    }

    [Fact]
    public void Bytes_after_the_blank_line_are_left_when_the_block_was_split()
    {
        var parser = new HandshakeResponseParser();
        var header = Bytes(Switching);
        byte[] secondRead = [.. header[^3..], .. TextFrameHi];

        Assert.Equal(ResponseParseStatus.NeedMoreData, parser.Feed(header.AsSpan(..^3), out _, out _, out _));
        Assert.Equal(ResponseParseStatus.Complete, parser.Feed(secondRead, out var consumed, out _, out _));
        Assert.Equal(3, consumed);
    }

    [Fact]
    public void After_completion_further_bytes_are_not_consumed()
    {
        var parser = new HandshakeResponseParser();
        parser.Feed(Bytes(Switching), out _, out var first, out _);

        var status = parser.Feed(TextFrameHi, out var consumed, out var again, out _);

        Assert.Equal(ResponseParseStatus.Complete, status);
        Assert.Equal(0, consumed);
        Assert.Same(first, again);
    }

    [Fact]
    public void After_a_violation_further_bytes_are_not_consumed()
    {
        var parser = new HandshakeResponseParser();
        parser.Feed(Bytes("garbage\r\n"), out _, out _, out var first);

        var status = parser.Feed(Bytes(Switching), out var consumed, out _, out var again);

        Assert.Equal(ResponseParseStatus.Invalid, status);
        Assert.Equal(0, consumed);
        Assert.Same(first, again);
    }

    [Fact]
    public void Header_block_exactly_at_the_limit_completes()
    {
        var parser = new HandshakeResponseParser(Switching.Length);

        Assert.Equal(ResponseParseStatus.Complete, parser.Feed(Bytes(Switching), out _, out _, out _));
    }

    [Fact]
    public void Header_block_one_byte_over_the_limit_is_a_violation()
    {
        var parser = new HandshakeResponseParser(Switching.Length - 1);

        var status = parser.Feed(Bytes(Switching), out _, out var response, out var violation);

        Assert.Equal(ResponseParseStatus.Invalid, status);
        Assert.Null(response);
        Assert.Equal(HandshakeViolationCode.HeadersTooLarge, violation!.Code);
    }

    [Fact]
    public void Endless_header_line_stops_at_the_limit_without_buffering_beyond_it()
    {
        const int Limit = 1024;
        var parser = new HandshakeResponseParser(Limit);
        var chunk = Bytes(new string('a', 100));
        parser.Feed(Bytes("HTTP/1.1 101 OK\r\nX: "), out _, out _, out _);

        var status = ResponseParseStatus.NeedMoreData;
        HandshakeViolation? violation = null;
        for (var reads = 0; reads < 20 && status == ResponseParseStatus.NeedMoreData; reads++)
        {
            status = parser.Feed(chunk, out _, out _, out violation);
            Assert.True(parser.BufferedBytes <= Limit);
        }

        Assert.Equal(ResponseParseStatus.Invalid, status);
        Assert.Equal(HandshakeViolationCode.HeadersTooLarge, violation!.Code);
    }

    [Fact]
    public void Many_headers_beyond_the_default_limit_are_a_violation()
    {
        var parser = new HandshakeResponseParser();
        var header = Bytes("X-Filler: 0123456789012345678901234567890123456789\r\n");
        parser.Feed(Bytes("HTTP/1.1 101 OK\r\n"), out _, out _, out _);

        var status = ResponseParseStatus.NeedMoreData;
        HandshakeViolation? violation = null;
        for (var count = 0; count < 1000 && status == ResponseParseStatus.NeedMoreData; count++)
        {
            status = parser.Feed(header, out _, out _, out violation);
        }

        Assert.Equal(ResponseParseStatus.Invalid, status);
        Assert.Equal(HandshakeViolationCode.HeadersTooLarge, violation!.Code);
        Assert.True(parser.BufferedBytes <= HandshakeResponseParser.DefaultMaxHeaderBytes);
    }

    [Fact]
    public void Non_positive_limit_is_a_programmer_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HandshakeResponseParser(0));
    }

    private static HandshakeResponse ParseWhole(string text)
    {
        var status = new HandshakeResponseParser().Feed(Bytes(text), out _, out var response, out _);
        Assert.Equal(ResponseParseStatus.Complete, status);
        return response!;
    }

    private static void AssertSameResponse(HandshakeResponse expected, HandshakeResponse actual)
    {
        Assert.Equal(expected.HttpVersion, actual.HttpVersion);
        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.Equal(expected.ReasonPhrase, actual.ReasonPhrase);
        Assert.Equal(expected.Headers, actual.Headers);
        Assert.Equal(expected.RawText, actual.RawText);
    }
}
