using System.Net;

namespace WsConformance.Protocol.Handshake;

/// <summary>A client's opening handshake request as the server received it: request line and header block.</summary>
/// <param name="Method">Method token of the request line, e.g. "GET", as spelled.</param>
/// <param name="Target">Request target as sent, e.g. "/runCase?case=3&amp;agent=ws".</param>
/// <param name="HttpVersion">Version token of the request line, e.g. "HTTP/1.1".</param>
/// <param name="Headers">Header fields in order, names as spelled by the client, values without surrounding whitespace.</param>
/// <param name="RawText">The whole header block as received (Latin-1), blank line included.</param>
public sealed record ParsedHandshakeRequest(string Method, string Target, string HttpVersion,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string RawText)
{
    private const char QueryStart = '?';
    private const char ParameterSeparator = '&';
    private const char NameValueSeparator = '=';
    private const string SchemeEnd = "://";

    /// <summary>Values of every header named <paramref name="name"/> (case-insensitive), in order.</summary>
    public IEnumerable<string> GetValues(string name) => HeaderFields.Values(Headers, name);

    /// <summary>Comma-separated elements of every header named <paramref name="name"/>, trimmed, empty ones dropped.</summary>
    public IReadOnlyList<string> GetTokens(string name) => HeaderFields.Tokens(Headers, name);

    /// <summary>True when at least one header is named <paramref name="name"/> (case-insensitive).</summary>
    public bool HasHeader(string name) => GetValues(name).Any();

    /// <summary>
    /// The path of <see cref="Target"/>: everything before the query. For an absolute-form target
    /// ("ws://host/path?q", RFC 9112 §3.2.2) the scheme and authority are dropped too, "/" when no path follows.
    /// </summary>
    public string Path
    {
        get
        {
            var queryStart = Target.IndexOf(QueryStart, StringComparison.Ordinal);
            var path = queryStart < 0 ? Target : Target[..queryStart];
            var schemeEnd = path.StartsWith('/') ? -1 : path.IndexOf(SchemeEnd, StringComparison.Ordinal);
            if (schemeEnd < 0)
            {
                return path;
            }

            var pathStart = path.IndexOf('/', schemeEnd + SchemeEnd.Length);
            return pathStart < 0 ? "/" : path[pathStart..];
        }
    }

    /// <summary>
    /// The query parameters of <see cref="Target"/>, names and values percent-decoded as UTF-8 with "+" as a space
    /// (HTML form encoding, which Autobahn's fuzzingserver clients use); a name without "=" has an empty value,
    /// and the first of repeated names wins. Names compare exactly.
    /// </summary>
    public IReadOnlyDictionary<string, string> Query
    {
        get
        {
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var queryStart = Target.IndexOf(QueryStart, StringComparison.Ordinal);
            if (queryStart < 0)
            {
                return parameters;
            }

            foreach (var parameter in Target[(queryStart + 1)..].Split(ParameterSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var separator = parameter.IndexOf(NameValueSeparator, StringComparison.Ordinal);
                var name = separator < 0 ? parameter : parameter[..separator];
                var value = separator < 0 ? string.Empty : parameter[(separator + 1)..];
                parameters.TryAdd(WebUtility.UrlDecode(name), WebUtility.UrlDecode(value));
            }

            return parameters;
        }
    }

    /// <summary>Subprotocols offered: the elements of every Sec-WebSocket-Protocol header, in order.</summary>
    public IReadOnlyList<string> OfferedProtocols => GetTokens(HeaderNames.SecWebSocketProtocol);

    /// <summary>Extension names offered: the names (without parameters) in every Sec-WebSocket-Extensions header, in order.</summary>
    public IReadOnlyList<string> OfferedExtensionNames =>
        GetTokens(HeaderNames.SecWebSocketExtensions).Select(HttpSyntax.ExtensionName).ToList();
}
