namespace WsConformance.Protocol.Handshake;

/// <summary>
/// Incremental parser of the server's handshake response (RFC 9112 §4 status line, §5 field lines). Bytes may
/// arrive split anywhere; each line is checked as soon as its CRLF arrives. It buffers at most the size limit
/// and reports anything wrong as a <see cref="HandshakeViolation"/>, never as an exception. One instance parses
/// one response: after <see cref="ResponseParseStatus.Complete"/> or <see cref="ResponseParseStatus.Invalid"/>
/// every further call returns the same result and consumes nothing.
/// </summary>
public sealed class HandshakeResponseParser
{
    /// <summary>Default limit of the header block, status line and blank line included.</summary>
    public const int DefaultMaxHeaderBytes = 16 * 1024;

    private static readonly HeaderBlockReader<StatusLine, HandshakeResponse>.StartLineSyntax StatusLineSyntax =
        new(StatusLine.TryParse, "Status line", "\"HTTP/x.y NNN reason\"", "RFC 9112 §4");

    private readonly HeaderBlockReader<StatusLine, HandshakeResponse> _reader;

    /// <summary>A parser that reports <see cref="HandshakeViolationCode.HeadersTooLarge"/> beyond <paramref name="maxHeaderBytes"/>.</summary>
    public HandshakeResponseParser(int maxHeaderBytes = DefaultMaxHeaderBytes)
    {
        _reader = new(maxHeaderBytes, HandshakeViolationCode.MalformedResponse, StatusLineSyntax,
            (line, headers, rawText) => new HandshakeResponse(line.HttpVersion, line.StatusCode, line.ReasonPhrase, headers, rawText));
    }

    /// <summary>Bytes of the header block buffered so far.</summary>
    public int BufferedBytes => _reader.BufferedBytes;

    /// <summary>
    /// Feeds the next bytes. <see cref="ResponseParseStatus.Complete"/>: <paramref name="response"/> is set and
    /// <paramref name="consumed"/> counts the bytes of <paramref name="input"/> up to and including the blank
    /// line — any bytes after it are frame data the caller keeps. <see cref="ResponseParseStatus.NeedMoreData"/>:
    /// all of <paramref name="input"/> was consumed. <see cref="ResponseParseStatus.Invalid"/>:
    /// <paramref name="violation"/> says why.
    /// </summary>
    public ResponseParseStatus Feed(ReadOnlySpan<byte> input, out int consumed, out HandshakeResponse? response, out HandshakeViolation? violation) =>
        _reader.Feed(input, out consumed, out response, out violation) switch
        {
            HeaderBlockStatus.Complete => ResponseParseStatus.Complete,
            HeaderBlockStatus.Invalid => ResponseParseStatus.Invalid,
            _ => ResponseParseStatus.NeedMoreData,
        };
}
