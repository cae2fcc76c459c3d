using System.Diagnostics.CodeAnalysis;

namespace WsConformance.Protocol.Handshake;

/// <summary>What a header block reader has read so far.</summary>
internal enum HeaderBlockStatus
{
    NeedMoreData,
    Complete,
    Invalid,
}

/// <summary>The start line of a message (request line or status line), parsed; false when it breaks the grammar.</summary>
internal delegate bool StartLineParser<TStartLine>(ReadOnlySpan<byte> line, [NotNullWhen(true)] out TStartLine? startLine)
    where TStartLine : class;

/// <summary>
/// The incremental reading both handshake parsers share: an HTTP/1.1 message header block (RFC 9112 §2.1: start
/// line, field lines, blank line) arriving in pieces split anywhere. Each line is checked as soon as its CRLF
/// arrives; the start line by the owner's <see cref="StartLineParser{TStartLine}"/>, field lines here. At most
/// the size limit is buffered. One instance reads one block: once complete or invalid, every further call
/// returns the same result and consumes nothing.
/// </summary>
/// <typeparam name="TStartLine">The parsed start line.</typeparam>
/// <typeparam name="TMessage">The message built from start line, headers and raw text once the block is complete.</typeparam>
internal sealed class HeaderBlockReader<TStartLine, TMessage>
    where TStartLine : class
    where TMessage : class
{
    private const int InitialBufferSize = 512;
    private const string FieldLimitsSection = "RFC 9110 §5.4";
    private const string MessageSyntaxSection = "RFC 9112 §2.2";
    private const string FieldLineSection = "RFC 9112 §5";

    private readonly int _maxHeaderBytes;
    private readonly HandshakeViolationCode _malformed;
    private readonly StartLineSyntax _startLineSyntax;
    private readonly Func<TStartLine, IReadOnlyList<KeyValuePair<string, string>>, string, TMessage> _build;
    private readonly List<KeyValuePair<string, string>> _headers = [];
    private byte[] _buffer;
    private int _length;
    private int _lineStart;
    private TStartLine? _startLine;
    private HeaderBlockStatus _status = HeaderBlockStatus.NeedMoreData;
    private TMessage? _message;
    private HandshakeViolation? _violation;

    /// <param name="maxHeaderBytes">Limit of the whole block, start line and blank line included.</param>
    /// <param name="malformed">The code of a violation of the line, start line or field syntax.</param>
    /// <param name="startLineSyntax">How to parse the first line, and how to describe its grammar when it fails.</param>
    /// <param name="build">Makes the message of start line, headers in order and raw text.</param>
    public HeaderBlockReader(int maxHeaderBytes, HandshakeViolationCode malformed, StartLineSyntax startLineSyntax,
        Func<TStartLine, IReadOnlyList<KeyValuePair<string, string>>, string, TMessage> build)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHeaderBytes);
        _maxHeaderBytes = maxHeaderBytes;
        _malformed = malformed;
        _startLineSyntax = startLineSyntax;
        _build = build;
        _buffer = new byte[Math.Min(InitialBufferSize, maxHeaderBytes)];
    }

    /// <summary>Bytes of the block buffered so far.</summary>
    public int BufferedBytes => _length;

    /// <summary>
    /// Reads lines until the block ends, is invalid, or <paramref name="input"/> runs out. Complete:
    /// <paramref name="message"/> is set and <paramref name="consumed"/> ends at the blank line. Invalid:
    /// <paramref name="violation"/> says why.
    /// </summary>
    public HeaderBlockStatus Feed(ReadOnlySpan<byte> input, out int consumed, out TMessage? message, out HandshakeViolation? violation)
    {
        consumed = 0;
        while (_status == HeaderBlockStatus.NeedMoreData && consumed < input.Length)
        {
            consumed += FeedUpToLineEnd(input[consumed..]);
        }

        message = _message;
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
        // inside the line is treated as malformed rather than leniently accepted, since we test peers.
        if (lineWithEnd.Length < 2 || lineWithEnd[^2] != HttpSyntax.CarriageReturn)
        {
            Fail(_malformed, MessageSyntaxSection, $"Line {HttpSyntax.Describe(lineWithEnd)} ends with a bare LF instead of CRLF.");
            return;
        }

        var line = lineWithEnd[..^2];
        if (line.Contains(HttpSyntax.CarriageReturn))
        {
            Fail(_malformed, MessageSyntaxSection, $"Line {HttpSyntax.Describe(line)} contains a bare CR.");
        }
        else if (_startLine is null)
        {
            ParseStartLine(line);
        }
        else if (line.IsEmpty)
        {
            _message = _build(_startLine, _headers.ToArray(), HttpSyntax.Latin1(_buffer.AsSpan(0, _length)));
            _status = HeaderBlockStatus.Complete;
        }
        else
        {
            ParseFieldLine(line);
        }
    }

    private void ParseStartLine(ReadOnlySpan<byte> line)
    {
        if (!_startLineSyntax.TryParse(line, out _startLine))
        {
            Fail(_malformed, _startLineSyntax.RfcSection, $"{_startLineSyntax.Name} {HttpSyntax.Describe(line)} is not {_startLineSyntax.Shape}.");
        }
    }

    private void ParseFieldLine(ReadOnlySpan<byte> line)
    {
        // field-line = field-name ":" OWS field-value OWS. A line starting with whitespace is obsolete line
        // folding, and whitespace before the colon is forbidden (RFC 9112 §5.1, §5.2).
        var colon = line.IndexOf(HttpSyntax.Colon);
        if (colon <= 0 || !HttpSyntax.IsToken(line[..colon]))
        {
            Fail(_malformed, FieldLineSection, $"Header line {HttpSyntax.Describe(line)} has no valid field name followed by a colon.");
            return;
        }

        var value = line[(colon + 1)..];
        if (!HttpSyntax.IsFieldValue(value))
        {
            Fail(_malformed, FieldLineSection, $"Header line {HttpSyntax.Describe(line)} has a control character in its value.");
            return;
        }

        _headers.Add(new KeyValuePair<string, string>(HttpSyntax.Latin1(line[..colon]), HttpSyntax.TrimOptionalWhitespace(HttpSyntax.Latin1(value))));
    }

    private void Fail(HandshakeViolationCode code, string section, string detail)
    {
        _violation = new HandshakeViolation(code, section, detail);
        _status = HeaderBlockStatus.Invalid;
    }

    /// <summary>The start line's parser, and for violation details its name, grammar and RFC section.</summary>
    /// <param name="Name">e.g. "Status line".</param>
    /// <param name="Shape">e.g. "\"HTTP/x.y NNN reason\"".</param>
    public sealed record StartLineSyntax(StartLineParser<TStartLine> TryParse, string Name, string Shape, string RfcSection);
}
