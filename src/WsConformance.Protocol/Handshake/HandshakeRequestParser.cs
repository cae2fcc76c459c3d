namespace WsConformance.Protocol.Handshake;

/// <summary>
/// Incremental parser of a client's opening handshake request (RFC 9112 §3 request line, §5 field lines), the
/// server-side counterpart of <see cref="HandshakeResponseParser"/> with the same contract: bytes may arrive split
/// anywhere, at most the size limit is buffered, anything wrong is a <see cref="HandshakeViolation"/>, and after
/// <see cref="RequestParseStatus.Complete"/> or <see cref="RequestParseStatus.Invalid"/> every further call
/// returns the same result and consumes nothing. Whether the request is a valid WebSocket handshake is
/// <see cref="ClientHandshakeValidator"/>'s question, not this one's.
/// </summary>
public sealed class HandshakeRequestParser
{
    /// <summary>Default limit of the header block, request line and blank line included.</summary>
    public const int DefaultMaxHeaderBytes = 16 * 1024;

    private static readonly HeaderBlockReader<RequestLine, ParsedHandshakeRequest>.StartLineSyntax RequestLineSyntax =
        new(RequestLine.TryParse, "Request line", "\"METHOD target HTTP/x.y\"", "RFC 9112 §3");

    private readonly HeaderBlockReader<RequestLine, ParsedHandshakeRequest> _reader;

    /// <summary>A parser that reports <see cref="HandshakeViolationCode.HeadersTooLarge"/> beyond <paramref name="maxHeaderBytes"/>.</summary>
    public HandshakeRequestParser(int maxHeaderBytes = DefaultMaxHeaderBytes)
    {
        _reader = new(maxHeaderBytes, HandshakeViolationCode.MalformedRequest, RequestLineSyntax,
            (line, headers, rawText) => new ParsedHandshakeRequest(line.Method, line.Target, line.HttpVersion, headers, rawText));
    }

    /// <summary>Bytes of the header block buffered so far.</summary>
    public int BufferedBytes => _reader.BufferedBytes;

    /// <summary>
    /// Feeds the next bytes. <see cref="RequestParseStatus.Complete"/>: <paramref name="request"/> is set and
    /// <paramref name="consumed"/> counts the bytes of <paramref name="input"/> up to and including the blank
    /// line — any bytes after it are frame data the caller keeps. <see cref="RequestParseStatus.NeedMoreData"/>:
    /// all of <paramref name="input"/> was consumed. <see cref="RequestParseStatus.Invalid"/>:
    /// <paramref name="violation"/> says why.
    /// </summary>
    public RequestParseStatus Feed(ReadOnlySpan<byte> input, out int consumed, out ParsedHandshakeRequest? request, out HandshakeViolation? violation) =>
        _reader.Feed(input, out consumed, out request, out violation) switch
        {
            HeaderBlockStatus.Complete => RequestParseStatus.Complete,
            HeaderBlockStatus.Invalid => RequestParseStatus.Invalid,
            _ => RequestParseStatus.NeedMoreData,
        };
}
