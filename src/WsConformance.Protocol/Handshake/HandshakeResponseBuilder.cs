using System.Globalization;
using System.Text;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// The server's answer to an opening handshake (RFC 6455 §4.2.2), for the harness in the server role. Starts
/// correct (<see cref="Accept"/>) or as a plain refusal (<see cref="Reject"/>); every part can then be changed,
/// left out or made wrong on purpose, so a case can test how a client reacts. Headers keep their order and
/// spelling; text is written as Latin-1, one byte per char.
/// </summary>
public sealed class HandshakeResponseBuilder
{
    /// <summary>The status code of an accepted upgrade (RFC 9110 §15.2.2).</summary>
    public const int SwitchingProtocols = 101;

    private readonly List<KeyValuePair<string, string>> _headers = [];

    private HandshakeResponseBuilder(int statusCode, string reasonPhrase)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    /// <summary>Status code of the status line, written as given (no range check, so it can be bent).</summary>
    public int StatusCode { get; set; }

    /// <summary>Reason phrase of the status line, possibly empty.</summary>
    public string ReasonPhrase { get; set; }

    /// <summary>Version token of the status line, "HTTP/1.1" unless changed.</summary>
    public string HttpVersion { get; set; } = "HTTP/1.1";

    /// <summary>Header fields in wire order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>
    /// A correct acceptance of <paramref name="request"/>: "101 Switching Protocols", Upgrade: websocket,
    /// Connection: Upgrade, and Sec-WebSocket-Accept computed from the request's first Sec-WebSocket-Key as
    /// received (from the empty string when there is none, which no client accepts). No subprotocol or extension
    /// is selected; add them with <see cref="Add"/> or <see cref="Set"/>.
    /// </summary>
    public static HandshakeResponseBuilder Accept(ParsedHandshakeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.GetValues(HeaderNames.SecWebSocketKey).FirstOrDefault() ?? string.Empty;
        var builder = new HandshakeResponseBuilder(SwitchingProtocols, "Switching Protocols");
        builder.Add(HeaderNames.Upgrade, "websocket");
        builder.Add(HeaderNames.Connection, "Upgrade");
        builder.Add(HeaderNames.SecWebSocketAccept, SecWebSocketKey.ComputeAccept(key));
        return builder;
    }

    /// <summary>
    /// A refusal with no headers, e.g. 400 Bad Request, or 426 Upgrade Required to which the caller adds
    /// "Sec-WebSocket-Version: 13" (RFC 6455 §4.4).
    /// </summary>
    public static HandshakeResponseBuilder Reject(int statusCode, string reasonPhrase)
    {
        ArgumentNullException.ThrowIfNull(reasonPhrase);
        return new HandshakeResponseBuilder(statusCode, reasonPhrase);
    }

    /// <summary>Replaces the first header named <paramref name="name"/> (case-insensitive) in place and drops the others; appends when there is none.</summary>
    public void Set(string name, string value) => HeaderFields.Set(_headers, name, value);

    /// <summary>Removes every header named <paramref name="name"/> (case-insensitive).</summary>
    public void Remove(string name) => HeaderFields.Remove(_headers, name);

    /// <summary>Appends a header exactly as written.</summary>
    public void Add(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        _headers.Add(new KeyValuePair<string, string>(name, value));
    }

    /// <summary>Status line, header lines, blank line — as Latin-1 bytes.</summary>
    public byte[] ToBytes() => Encoding.Latin1.GetBytes(ToText());

    /// <summary>Status line, header lines ("Name: value"), blank line — each ending in CRLF.</summary>
    public string ToText()
    {
        var text = new StringBuilder();
        text.Append(HttpVersion).Append(' ').Append(StatusCode.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(ReasonPhrase)
            .Append(HttpSyntax.LineEnd);
        foreach (var header in _headers)
        {
            text.Append(header.Key).Append(": ").Append(header.Value).Append(HttpSyntax.LineEnd);
        }

        return text.Append(HttpSyntax.LineEnd).ToString();
    }

    /// <inheritdoc/>
    public override string ToString() => ToText();
}
