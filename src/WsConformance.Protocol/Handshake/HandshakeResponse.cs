namespace WsConformance.Protocol.Handshake;

/// <summary>The server's answer to the opening handshake: status line and header block, as parsed.</summary>
/// <param name="HttpVersion">Version token of the status line, e.g. "HTTP/1.1".</param>
/// <param name="StatusCode">Three-digit status code.</param>
/// <param name="ReasonPhrase">Reason phrase, possibly empty.</param>
/// <param name="Headers">Header fields in order, names as spelled by the server, values without surrounding whitespace.</param>
/// <param name="RawText">The whole header block as received (Latin-1), blank line included.</param>
public sealed record HandshakeResponse(string HttpVersion, int StatusCode, string ReasonPhrase,
    IReadOnlyList<KeyValuePair<string, string>> Headers, string RawText)
{
    /// <summary>Values of every header named <paramref name="name"/> (case-insensitive), in order.</summary>
    public IEnumerable<string> GetValues(string name) => HeaderFields.Values(Headers, name);

    /// <summary>Comma-separated elements of every header named <paramref name="name"/>, trimmed, empty ones dropped.</summary>
    public IReadOnlyList<string> GetTokens(string name) => HeaderFields.Tokens(Headers, name);

    /// <summary>True when at least one header is named <paramref name="name"/> (case-insensitive).</summary>
    public bool HasHeader(string name) => GetValues(name).Any();
}
