using System.Text;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// The client's opening handshake request (RFC 6455 §4.1). Every part can be set, left out or made wrong on
/// purpose; headers keep their order and exact spelling. Text is written as Latin-1, one byte per char, so a
/// case can put any octet on the wire.
/// </summary>
public sealed class HandshakeRequest
{
    /// <summary>The only version this harness speaks (RFC 6455 §4.1, item 9).</summary>
    public const string WebSocketVersion = "13";

    /// <summary>The default User-Agent value: "WsConformance/&lt;major.minor.patch&gt;".</summary>
    public static string DefaultUserAgent { get; } = $"WsConformance/{typeof(HandshakeRequest).Assembly.GetName().Version?.ToString(3)}";

    private readonly string _createdKey;

    /// <summary>An empty request: request line only, no headers.</summary>
    /// <param name="target">Request target, path and query, e.g. "/chat?x=1".</param>
    /// <param name="key">Key remembered for the Accept check while no Sec-WebSocket-Key header is present; a fresh one when null.</param>
    public HandshakeRequest(string target, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        _createdKey = key ?? SecWebSocketKey.Generate();
    }

    /// <summary>Request method, "GET" unless changed.</summary>
    public string Method { get; set; } = "GET";

    /// <summary>Request target: path and query, e.g. "/chat?x=1".</summary>
    public string Target { get; set; }

    /// <summary>Version token of the request line, "HTTP/1.1" unless changed.</summary>
    public string HttpVersion { get; set; } = "HTTP/1.1";

    /// <summary>
    /// The Sec-WebSocket-Key value the Accept check uses: the first Sec-WebSocket-Key header as it is now, or,
    /// when the header was removed, the key the request was created with.
    /// </summary>
    public string Key => FirstValue(HeaderNames.SecWebSocketKey) ?? _createdKey;

    /// <summary>Header lines in wire order.</summary>
    public RequestHeaderList Headers { get; } = new();

    /// <summary>Subprotocols offered: the elements of every Sec-WebSocket-Protocol header, in order.</summary>
    public IReadOnlyList<string> OfferedProtocols => ListElements(HeaderNames.SecWebSocketProtocol).ToList();

    /// <summary>Extension names offered: the names (without parameters) in every Sec-WebSocket-Extensions header.</summary>
    public IReadOnlyList<string> OfferedExtensions => ListElements(HeaderNames.SecWebSocketExtensions).Select(HttpSyntax.ExtensionName).ToList();

    /// <summary>
    /// A correct request for <paramref name="uri"/>: Host (port only when not the scheme's default, IPv6 in
    /// brackets), Upgrade, Connection, Sec-WebSocket-Key, Sec-WebSocket-Version, then Sec-WebSocket-Protocol,
    /// Sec-WebSocket-Extensions and Origin when given, and User-Agent.
    /// </summary>
    public static HandshakeRequest CreateDefault(Uri uri, string? key = null, IEnumerable<string>? protocols = null,
        IEnumerable<string>? extensions = null, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var request = new HandshakeRequest(RequestTarget(uri), key);
        request.Add(HeaderNames.Host, HostValue(uri));
        request.Add(HeaderNames.Upgrade, "websocket");
        request.Add(HeaderNames.Connection, "Upgrade");
        request.Add(HeaderNames.SecWebSocketKey, request._createdKey);
        request.Add(HeaderNames.SecWebSocketVersion, WebSocketVersion);
        AddListIfAny(request, HeaderNames.SecWebSocketProtocol, protocols);
        AddListIfAny(request, HeaderNames.SecWebSocketExtensions, extensions);
        if (origin is not null)
        {
            request.Add(HeaderNames.Origin, origin);
        }

        request.Add(HeaderNames.UserAgent, DefaultUserAgent);
        return request;
    }

    /// <summary>Replaces the first header named <paramref name="name"/> (case-insensitive) in place and drops the others; appends when there is none.</summary>
    public void Set(string name, string value) => HeaderFields.Set(Headers, name, value);

    /// <summary>Removes every header named <paramref name="name"/> (case-insensitive), verbatim lines included.</summary>
    public void Remove(string name) => HeaderFields.Remove(Headers, name);

    /// <summary>Appends a header exactly as written.</summary>
    public void Add(string name, string value) => Headers.Add(new KeyValuePair<string, string>(name, value));

    /// <summary>Appends any line verbatim, e.g. "x-odd:  value", or one that is not a header at all.</summary>
    public void AddRawLine(string line) => Headers.AddRawLine(line);

    /// <summary>Request line, header lines, blank line — as Latin-1 bytes.</summary>
    public byte[] ToBytes() => Encoding.Latin1.GetBytes(ToText());

    /// <summary>Request line, header lines, blank line — each ending in CRLF.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(Method).Append(' ').Append(Target).Append(' ').Append(HttpVersion).Append(HttpSyntax.LineEnd);
        for (var index = 0; index < Headers.Count; index++)
        {
            text.Append(Headers.GetLine(index)).Append(HttpSyntax.LineEnd);
        }

        return text.Append(HttpSyntax.LineEnd).ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();

    private static string RequestTarget(Uri uri) => uri.IsAbsoluteUri ? uri.PathAndQuery : ThrowRelativeUri(uri);

    private static string HostValue(Uri uri)
    {
        // Uri.Host keeps the brackets of an IPv6 literal ("[::1]"), as the Host header requires (RFC 3986 §3.2.2);
        // IdnHost gives the ASCII form of an internationalized name.
        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        return uri.IsDefaultPort ? host : $"{host}:{uri.Port}";
    }

    private static void AddListIfAny(HandshakeRequest request, string name, IEnumerable<string>? values)
    {
        var joined = values is null ? string.Empty : string.Join(", ", values);
        if (joined.Length > 0)
        {
            request.Add(name, joined);
        }
    }

    private string? FirstValue(string name) => HeaderFields.Values(Headers, name).FirstOrDefault();

    private IEnumerable<string> ListElements(string name) => HeaderFields.Values(Headers, name).SelectMany(HttpSyntax.SplitList);

    private static string ThrowRelativeUri(Uri uri) =>
        throw new ArgumentException($"An absolute ws:// or wss:// URI is required, got '{uri}'.", nameof(uri));
}
