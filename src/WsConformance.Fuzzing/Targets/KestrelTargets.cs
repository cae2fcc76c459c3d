using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http;
using WsConformance.Protocol.Handshake;
using KestrelHttpVersion = Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.HttpVersion;

namespace WsConformance.Fuzzing.Targets;

/// <summary>
/// Kestrel's HTTP/1.1 request parser (<see cref="HttpParser{TRequestHandler}"/>, ASP.NET Core's shared framework)
/// against our <see cref="HandshakeRequestParser"/> on an opening handshake request.
/// </summary>
public static class KestrelTargets
{
    /// <summary>
    /// Category of a finding: Kestrel rejects HTTP/1.2 to HTTP/1.9, which RFC 9110 §2.5 says a recipient SHOULD process
    /// as the highest 1.x it implements; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelRejectsMinorVersion = "kestrel-rejects-higher-minor-version";

    /// <summary>
    /// Category of a finding: Kestrel rejects a request line that we accept (other than for its version), e.g. the
    /// target "?", which is no request-target form of RFC 9112 §3.2; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelRejectsRequestLine = "kestrel-rejects-request-line-we-accept";

    /// <summary>
    /// Category of a finding: Kestrel's parser accepts a request line we reject, e.g. a control character in the target
    /// or no SP before the version; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelAcceptsRequestLine = "kestrel-accepts-request-line-we-reject";

    /// <summary>
    /// Category of a finding: Kestrel's parser hands its handler a field name that is not a token (RFC 9110 §5.1:
    /// field-name = token), e.g. a NUL; we reject the request; see fuzz/findings/README.md.
    /// </summary>
    public const string KestrelAcceptsFieldNameThatIsNoToken = "kestrel-accepts-field-name-that-is-no-token";

    /// <summary>
    /// Category of a finding: Kestrel's parser hands its handler a field line holding a NUL, which RFC 9110 §5.5 says a
    /// recipient MUST reject or replace with SP; Kestrel's connection then rejects it (400), we reject it at once.
    /// </summary>
    public const string KestrelParserAcceptsNul = "kestrel-parser-accepts-nul-in-field-line";

    private const string Instrumented = "Microsoft.AspNetCore.Server.Kestrel.Core,WsConformance.Protocol";
    private const byte Nul = 0x00;
    private const string Http10 = "HTTP/1.0";
    private static readonly byte[] RequestLineEnd = "\r\n"u8.ToArray();
    private const string Http11 = "HTTP/1.1";

    /// <summary>
    /// The input is the bytes a client sent. Both parsers get all of it; a finding when they differ on whether the
    /// header block is complete, incomplete or invalid, or, when both parsed it, on the method, target, version or
    /// the upgrade's fields (<see cref="UpgradeRequestView"/>), except where the RFCs leave a recipient the choice
    /// (<see cref="RequestLatitude"/>).
    /// </summary>
    [FuzzTarget("kestrel-upgrade", Description = "Kestrel's HttpParser vs. our HandshakeRequestParser on an upgrade request", Instrument = Instrumented)]
    public static void Upgrade(ReadOnlySpan<byte> input)
    {
        UpgradeRequestView ours = ParseOurs(input);
        (UpgradeRequestView theirs, string detail) = ParseKestrel(input);
        if (ours == theirs || RequestLatitude.Explains(input, ours, theirs))
        {
            return;
        }

        (RequestStatus ourLine, RequestStatus theirLine) = RequestLineAlone(input);
        string category = KestrelRejectsHigherMinorVersion(ours, theirs) ? KestrelRejectsMinorVersion
            : theirs.Status == RequestStatus.Invalid && ourLine == RequestStatus.Complete && theirLine == RequestStatus.Invalid ? KestrelRejectsRequestLine
            : ours.Status == RequestStatus.Invalid && ourLine == RequestStatus.Invalid && theirLine == RequestStatus.Complete ? KestrelAcceptsRequestLine
            : ours.Status == RequestStatus.Invalid && HasFieldNameThatIsNoToken(input) ? KestrelAcceptsFieldNameThatIsNoToken
            : ours.Status == RequestStatus.Invalid && input[(input.IndexOf(HttpSyntax.LineFeed) + 1)..].Contains(Nul) ? KestrelParserAcceptsNul
            : $"ours-{ours.Status}-kestrel-{theirs.Status}".ToLowerInvariant();
        throw new FuzzFindingException(category, $"[{category}] our parser: {ours}; Kestrel: {theirs} ({detail}).");
    }

    /// <summary>We parsed a request of version 1.2 to 1.9 that Kestrel rejected; the rest of the request may be anything.</summary>
    private static bool KestrelRejectsHigherMinorVersion(UpgradeRequestView ours, UpgradeRequestView theirs) =>
        ours.Status == RequestStatus.Complete && theirs.Status == RequestStatus.Invalid
        && ours.Version.StartsWith(RequestLatitude.Http1Prefix, StringComparison.Ordinal) && ours.Version is not Http10 and not Http11;

    /// <summary>How both parsers judge the first line alone (up to its LF, ended by CRLF) as a request without fields.</summary>
    private static (RequestStatus Ours, RequestStatus Theirs) RequestLineAlone(ReadOnlySpan<byte> input)
    {
        int lineEnd = input.IndexOf(HttpSyntax.LineFeed);
        if (lineEnd < 0)
        {
            return (RequestStatus.NeedMoreData, RequestStatus.NeedMoreData);
        }

        byte[] lineAlone = [.. input[..lineEnd].TrimEnd(HttpSyntax.CarriageReturn), .. RequestLineEnd, .. RequestLineEnd];
        return (ParseOurs(lineAlone).Status, ParseKestrel(lineAlone).View.Status);
    }

    /// <summary>A line of the header block (a bare LF ends one too) whose part before the colon is not a token.</summary>
    private static bool HasFieldNameThatIsNoToken(ReadOnlySpan<byte> input)
    {
        ReadOnlySpan<byte> fieldLines = input[(input.IndexOf(HttpSyntax.LineFeed) + 1)..];
        foreach (Range line in fieldLines.Split(HttpSyntax.LineFeed))
        {
            ReadOnlySpan<byte> text = fieldLines[line].TrimEnd(HttpSyntax.CarriageReturn);
            if (text.IsEmpty)
            {
                return false;
            }

            int colon = text.IndexOf(HttpSyntax.Colon);
            if (colon > 0 && !HttpSyntax.IsToken(text[..colon]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Our parser on the whole input at once.</summary>
    internal static UpgradeRequestView ParseOurs(ReadOnlySpan<byte> input)
    {
        RequestParseStatus status = new HandshakeRequestParser().Feed(input, out _, out ParsedHandshakeRequest? request, out _);
        return status switch
        {
            RequestParseStatus.Complete => UpgradeRequestView.Parsed(request!.Method, request.Target, request.HttpVersion, request.Headers),
            RequestParseStatus.Invalid => UpgradeRequestView.NotParsed(RequestStatus.Invalid),
            _ => UpgradeRequestView.NotParsed(RequestStatus.NeedMoreData),
        };
    }

    /// <summary>Kestrel's parser: the request line, then the field lines, as Http1Connection calls it.</summary>
    internal static (UpgradeRequestView View, string Detail) ParseKestrel(ReadOnlySpan<byte> input)
    {
        var handler = new RequestCollector();
        var parser = new HttpParser<RequestCollector>(showErrorDetails: true);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(input.ToArray()));
        try
        {
            return parser.ParseRequestLine(handler, ref reader) && parser.ParseHeaders(handler, ref reader)
                ? (handler.ToView(), "parsed")
                : (UpgradeRequestView.NotParsed(RequestStatus.NeedMoreData), "waiting for more");
        }
        catch (BadHttpRequestException exception)
        {
            return (UpgradeRequestView.NotParsed(RequestStatus.Invalid), WireText.Quote(exception.Message));
        }
    }

    /// <summary>Collects what Kestrel's parser hands its handler.</summary>
    private sealed class RequestCollector : IHttpRequestLineHandler, IHttpHeadersHandler
    {
        private readonly List<KeyValuePair<string, string>> _fields = [];
        private string _method = "";
        private string _target = "";
        private string _version = "";

        public void OnStartLine(HttpVersionAndMethod versionAndMethod, TargetOffsetPathLength targetPath, Span<byte> startLine)
        {
            // The start line Kestrel passes ends with the target; the method is its first MethodEnd bytes.
            _method = Encoding.Latin1.GetString(startLine[..versionAndMethod.MethodEnd]);
            _target = Encoding.Latin1.GetString(startLine[targetPath.Offset..]);
            _version = versionAndMethod.Version switch
            {
                KestrelHttpVersion.Http10 => Http10,
                KestrelHttpVersion.Http11 => Http11,
                _ => versionAndMethod.Version.ToString(),
            };
        }

        public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value) =>
            _fields.Add(new(Encoding.Latin1.GetString(name), Encoding.Latin1.GetString(value)));

        public void OnHeadersComplete(bool endStream)
        {
        }

        // HPACK/QPACK indexing: never called by the HTTP/1.1 parser.
        public void OnStaticIndexedHeader(int index)
        {
        }

        public void OnStaticIndexedHeader(int index, ReadOnlySpan<byte> value)
        {
        }

        public UpgradeRequestView ToView() => UpgradeRequestView.Parsed(_method, _target, _version, _fields);
    }
}
