using System.Globalization;
using WsConformance.Engine.Running;
using WsConformance.Engine.Transport;
using WsConformance.Engine.Transport.Http2;
using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Serving;

/// <summary>
/// A request a client opened as an HTTP/2 stream (RFC 8441): the extended CONNECT of a WebSocket, or a GET of the browser
/// page. It reads as an HTTP/1.1 request to the fuzzing server (method, :path as target, the regular fields) so the routes
/// and the served cases stay the same; what differs is how the harness answers, checks the request and ends the stream.
/// </summary>
public sealed partial class AcceptedClient
{
    /// <summary>What the reports show as the HTTP version of a request that came over HTTP/2.</summary>
    public const string Http2Version = "HTTP/2";

    /// <summary>Response fields HTTP/2 does not carry: connection-specific ones (RFC 9113 §8.2.2) and the RFC 6455 upgrade's.</summary>
    private static readonly HashSet<string> NotAnsweredOverHttp2 = new(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Upgrade, HeaderNames.Connection, HeaderNames.SecWebSocketAccept, "Keep-Alive", "Transfer-Encoding", "Proxy-Connection",
    };

    private AcceptedClient(Http2ServedRequest served, string transport, TimeProvider time)
    {
        TimeProvider = time;
        Socket = served.Connection.SocketOfConnection;
        Stream = served.Stream;
        Http2 = served;
        Transport = transport;
        var target = served.Fields.FirstOrDefault(f => f.Name == ":path").Value ?? "";
        var method = served.Fields.FirstOrDefault(f => f.Name == ":method").Value ?? "";
        Request = new ParsedHandshakeRequest(method, target, Http2Version,
            [.. served.Fields.Where(f => !f.Name.StartsWith(':')).Select(f => KeyValuePair.Create(f.Name, f.Value))], Http2RequestFields.ToText(served.Fields));
        Leftover = ReadOnlyMemory<byte>.Empty;
    }

    /// <summary>The stream, when the request came over HTTP/2; null over HTTP/1.1.</summary>
    internal Http2ServedRequest? Http2 { get; }

    /// <summary>What carried the request (<see cref="Transports"/>), as the reports name it.</summary>
    public string Transport { get; } = Transports.Http11;

    /// <summary>How the harness ends this client's WebSocket: TCP FIN/RST, or END_STREAM/RST_STREAM over HTTP/2.</summary>
    internal IConnectionEnd End => Http2?.Stream ?? (IConnectionEnd)new TcpConnectionEnd(Socket);

    internal static AcceptedClient OverHttp2(Http2ServedRequest served, bool tls, TimeProvider time) =>
        new(served, tls ? Transports.Http2Tls : Transports.Http2Cleartext, time);

    /// <summary>Every reason the request does not open a WebSocket: RFC 6455 §4.2.1 over HTTP/1.1, RFC 8441 §4–5 over HTTP/2.</summary>
    public IReadOnlyList<HandshakeViolation> ValidateOpening() =>
        Http2 is { } served ? ExtendedConnect.ValidateRequest(served.Fields) : ClientHandshakeValidator.Validate(Request);

    /// <summary>A correct acceptance: 101 with Sec-WebSocket-Accept over HTTP/1.1; :status 200 over HTTP/2 (RFC 8441 §5).</summary>
    public HandshakeResponseBuilder AcceptResponse()
    {
        if (Http2 is null)
        {
            return HandshakeResponseBuilder.Accept(Request);
        }

        var response = HandshakeResponseBuilder.Reject(200, "");
        response.HttpVersion = Http2Version;
        return response;
    }

    /// <summary>
    /// Answers the request with <paramref name="response"/> then <paramref name="body"/>: as bytes over HTTP/1.1; over
    /// HTTP/2 as HEADERS (:status, the fields HTTP/2 carries, names in lower case) and DATA, with END_STREAM when
    /// <paramref name="end"/> (nothing follows: a page, a refusal). False when the client is already gone.
    /// </summary>
    public async Task<bool> TryAnswerAsync(HandshakeResponseBuilder response, ReadOnlyMemory<byte> body, bool end, CancellationToken cancellationToken)
    {
        if (Http2 is not { } served)
        {
            return await TryWriteAsync((byte[])[.. response.ToBytes(), .. body.Span], cancellationToken);
        }

        if (!await served.Connection.TryRespondAsync(served.Stream.Id, Http2Fields(response), end && body.IsEmpty, cancellationToken))
        {
            return false;
        }

        if (!body.IsEmpty && !await TryWriteAsync(body, cancellationToken))
        {
            return false;
        }

        if (end && !body.IsEmpty)
        {
            served.Stream.EndGracefully();
        }

        return true;
    }

    /// <summary>The answer as the reports show it: the status line and headers, or the HTTP/2 field list.</summary>
    public string AnswerText(HandshakeResponseBuilder response) =>
        Http2 is null ? response.ToText() : Http2RequestFields.ToText(Http2Fields(response));

    private static List<HeaderField> Http2Fields(HandshakeResponseBuilder response) =>
    [
        new(":status", response.StatusCode.ToString(CultureInfo.InvariantCulture)),
        .. response.Headers.Where(h => !NotAnsweredOverHttp2.Contains(h.Key)).Select(h => new HeaderField(h.Key.ToLowerInvariant(), h.Value)),
    ];
}
