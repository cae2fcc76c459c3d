using System.Text;

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

    private const int InitialBufferSize = 512;
    private const int DescribedLineMaxLength = 80;
    private const string FieldLimitsSection = "RFC 9110 §5.4";
    private const string MessageSyntaxSection = "RFC 9112 §2.2";
    private const string StatusLineSection = "RFC 9112 §4";
    private const string FieldLineSection = "RFC 9112 §5";

    private readonly int _maxHeaderBytes;
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private byte[] _buffer;
    private int _length;
    private int _lineStart;
    private StatusLine? _statusLine;
    private ResponseParseStatus _status = ResponseParseStatus.NeedMoreData;
    private HandshakeResponse? _response;
    private HandshakeViolation? _violation;

    /// <summary>A parser that reports <see cref="HandshakeViolationCode.HeadersTooLarge"/> beyond <paramref name="maxHeaderBytes"/>.</summary>
    public HandshakeResponseParser(int maxHeaderBytes = DefaultMaxHeaderBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeaderBytes);
        _maxHeaderBytes = maxHeaderBytes;
        _buffer = new byte[Math.Min(InitialBufferSize, maxHeaderBytes)];
    }

    /// <summary>Bytes of the header block buffered so far.</summary>
    public int BufferedBytes => _length;

    /// <summary>
    /// Feeds the next bytes. <see cref="ResponseParseStatus.Complete"/>: <paramref name="response"/> is set and
    /// <paramref name="consumed"/> counts the bytes of <paramref name="input"/> up to and including the blank
    /// line — any bytes after it are frame data the caller keeps. <see cref="ResponseParseStatus.NeedMoreData"/>:
    /// all of <paramref name="input"/> was consumed. <see cref="ResponseParseStatus.Invalid"/>:
    /// <paramref name="violation"/> says why.
    /// </summary>
    public ResponseParseStatus Feed(ReadOnlySpan<byte> input, out int consumed, out HandshakeResponse? response, out HandshakeViolation? violation)
    {
        consumed = 0;
        while (_status == ResponseParseStatus.NeedMoreData && consumed < input.Length)
        {
            consumed += FeedUpToLineEnd(input[consumed..]);
        }

        response = _response;
        violation = _violation;
        return _status;
    }

    /// <summary>Buffers bytes up to and including the next LF and parses the line it ends; returns the count taken.</summary>
    private int FeedUpToLineEnd(ReadOnlySpan<byte> input)
    {
        var lineFeed = input.IndexOf(HttpSyntax.LineFeed);
        var take = lineFeed < 0 ? input.Length : lineFeed + 1;
        if (_length + take > _maxHeaderBytes)
        {
            Fail(HandshakeViolationCode.HeadersTooLarge, FieldLimitsSection,
                $"The header block exceeds the limit of {_maxHeaderBytes} bytes before its blank line.");
            return take;
        }

        Append(input[..take]);
        if (lineFeed >= 0)
        {
            ParseLine(_buffer.AsSpan(_lineStart, _length - _lineStart));
            _lineStart = _length;
        }

        return take;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            var newSize = Math.Min(_maxHeaderBytes, Math.Max(_buffer.Length * 2, _length + bytes.Length));
            Array.Resize(ref _buffer, newSize);
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Parses one line, LF included.</summary>
    private void ParseLine(ReadOnlySpan<byte> lineWithEnd)
    {
        // "HTTP/1.1 defines the sequence CR LF as the end-of-line marker" (RFC 9112 §2.2); a bare LF or a CR
        // inside the line is treated as malformed rather than leniently accepted, since we test servers.
        if (lineWithEnd.Length < 2 || lineWithEnd[^2] != HttpSyntax.CarriageReturn)
        {
            Fail(HandshakeViolationCode.MalformedResponse, MessageSyntaxSection, $"Line {Describe(lineWithEnd)} ends with a bare LF instead of CRLF.");
            return;
        }

        var line = lineWithEnd[..^2];
        if (line.Contains(HttpSyntax.CarriageReturn))
        {
            Fail(HandshakeViolationCode.MalformedResponse, MessageSyntaxSection, $"Line {Describe(line)} contains a bare CR.");
            return;
        }

        if (_statusLine is null)
        {
            ParseStatusLine(line);
        }
        else if (line.IsEmpty)
        {
            Complete(_statusLine);
        }
        else
        {
            ParseFieldLine(line);
        }
    }

    private void ParseStatusLine(ReadOnlySpan<byte> line)
    {
        if (StatusLine.TryParse(line, out var statusLine))
        {
            _statusLine = statusLine;
        }
        else
        {
            Fail(HandshakeViolationCode.MalformedResponse, StatusLineSection,
                $"Status line {Describe(line)} is not \"HTTP/x.y NNN reason\".");
        }
    }

    private void ParseFieldLine(ReadOnlySpan<byte> line)
    {
        // field-line = field-name ":" OWS field-value OWS. A line starting with whitespace is obsolete line
        // folding, and whitespace before the colon is forbidden (RFC 9112 §5.1, §5.2).
        var colon = line.IndexOf(HttpSyntax.Colon);
        if (colon <= 0 || !HttpSyntax.IsToken(line[..colon]))
        {
            Fail(HandshakeViolationCode.MalformedResponse, FieldLineSection, $"Header line {Describe(line)} has no valid field name followed by a colon.");
            return;
        }

        var value = line[(colon + 1)..];
        if (!HttpSyntax.IsFieldValue(value))
        {
            Fail(HandshakeViolationCode.MalformedResponse, FieldLineSection, $"Header line {Describe(line)} has a control character in its value.");
            return;
        }

        _headers.Add(new KeyValuePair<string, string>(Latin1(line[..colon]), HttpSyntax.TrimOptionalWhitespace(Latin1(value))));
    }

    private void Complete(StatusLine statusLine)
    {
        _response = new HandshakeResponse(statusLine.HttpVersion, statusLine.StatusCode, statusLine.ReasonPhrase,
            _headers.ToArray(), Latin1(_buffer.AsSpan(0, _length)));
        _status = ResponseParseStatus.Complete;
    }

    private void Fail(HandshakeViolationCode code, string section, string detail)
    {
        _violation = new HandshakeViolation(code, section, detail);
        _status = ResponseParseStatus.Invalid;
    }

    private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>A quoted, escaped, shortened rendering of a line for violation details.</summary>
    private static string Describe(ReadOnlySpan<byte> line)
    {
        var shown = line.Length > DescribedLineMaxLength ? line[..DescribedLineMaxLength] : line;
        var text = new StringBuilder("\"");
        foreach (var value in shown)
        {
            text.Append(value is >= 0x20 and < 0x7F ? ((char)value).ToString() : $"\\x{value:X2}");
        }

        return text.Append(line.Length > DescribedLineMaxLength ? "\"…" : "\"").ToString();
    }
}
