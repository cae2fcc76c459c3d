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
    private const string Instrumented = "Microsoft.AspNetCore.Server.Kestrel.Core,WsConformance.Protocol";

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

        string category = KestrelDisagreements.Categorize(input, ours, theirs);
        throw new FuzzFindingException(category, $"[{category}] our parser: {ours}; Kestrel: {theirs} ({detail}).");
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
                KestrelHttpVersion.Http10 => KestrelDisagreements.Http10,
                KestrelHttpVersion.Http11 => KestrelDisagreements.Http11,
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
