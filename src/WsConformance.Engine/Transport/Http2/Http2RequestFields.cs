using WsConformance.Cases.Model;
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

    /// <summary>What the request text shows when the HEADERS frame carried END_STREAM (it is a flag, not a field).</summary>
    public const string EndStreamNote = "(END_STREAM set on the HEADERS frame)\r\n";

    /// <summary>
    /// <paramref name="fields"/> bent as a case asks (<c>http2:</c>): <see cref="Http2Overrides.Remove"/>d fields left out,
    /// <see cref="Http2Overrides.Set"/> values replacing a field's in place (added when absent: a pseudo-header after the
    /// others, a field at the end), then
    /// <see cref="Http2Overrides.Add"/>ed fields as written. Names compare ordinally: HTTP/2 field names are lower case.
    /// </summary>
    public static IReadOnlyList<HeaderField> Bend(IReadOnlyList<HeaderField> fields, Http2Overrides overrides)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(overrides);
        var bent = fields.Where(field => !overrides.Remove.Contains(field.Name, StringComparer.Ordinal)).ToList();
        foreach (var (name, value) in overrides.Set)
        {
            int index = bent.FindIndex(field => field.Name == name);
            if (index >= 0)
            {
                bent[index] = new HeaderField(name, value);
            }
            else
            {
                // A pseudo-header goes with the others, before the regular fields (RFC 9113 §8.3): only what the case names is bent.
                bent.Insert(name.StartsWith(':') ? bent.FindLastIndex(field => field.Name.StartsWith(':')) + 1 : bent.Count, new HeaderField(name, value));
            }
        }

        bent.AddRange(overrides.Add.Select(field => new HeaderField(field.Key, field.Value)));
        return bent;
    }

    /// <summary>The fields as "name: value" lines, for reports.</summary>
    public static string ToText(IEnumerable<HeaderField> fields) => string.Concat(fields.Select(field => $"{field.Name}: {field.Value}\r\n"));
}
