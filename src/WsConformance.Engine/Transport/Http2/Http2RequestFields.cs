using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Engine.Transport.Http2;

/// <summary>An opening-handshake request carried over HTTP/2 as an extended CONNECT (RFC 8441 §4, §5).</summary>
public static class Http2RequestFields
{
    /// <summary>
    /// HTTP/1.1 fields RFC 8441 §5 does not use over HTTP/2: Host becomes :authority, and the :protocol exchange replaces
    /// Upgrade, Connection and the Sec-WebSocket-Key / Accept check.
    /// </summary>
    public static IReadOnlySet<string> NotUsedOverHttp2 { get; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        HeaderNames.Host, HeaderNames.Upgrade, HeaderNames.Connection, HeaderNames.SecWebSocketKey,
    };

    /// <summary>
    /// The pseudo-headers for <paramref name="uri"/> (:method CONNECT, :protocol websocket, :scheme, :path, :authority),
    /// then <paramref name="request"/>'s fields that keep their meaning (Sec-WebSocket-Version, -Protocol, -Extensions,
    /// Origin, User-Agent, the user's extra headers), names in lower case as HTTP/2 requires (RFC 9113 §8.2.1).
    /// </summary>
    public static IReadOnlyList<HeaderField> From(Uri uri, HandshakeRequest request)
    {
        var fields = ExtendedConnect.BuildRequest(uri).Where(field => field.Name.StartsWith(':')).ToList();
        for (var index = 0; index < request.Headers.Count; index++)
        {
            var (name, value) = request.Headers[index];
            if (!request.Headers.IsRawLine(index) && !NotUsedOverHttp2.Contains(name))
            {
                fields.Add(new HeaderField(name.ToLowerInvariant(), value));
            }
        }

        return fields;
    }

    /// <summary>The fields as "name: value" lines, for reports.</summary>
    public static string ToText(IEnumerable<HeaderField> fields) => string.Concat(fields.Select(field => $"{field.Name}: {field.Value}\r\n"));
}
