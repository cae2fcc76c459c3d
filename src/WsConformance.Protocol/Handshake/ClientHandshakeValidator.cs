using System.Text;

namespace WsConformance.Protocol.Handshake;

/// <summary>
/// A server's checks of a client's opening handshake request: what the client MUST send (RFC 6455 §4.1) as the
/// server reads it (§4.2.1). A request failing them gets an HTTP error answer instead of an upgrade.
/// </summary>
public static class ClientHandshakeValidator
{
    private const string ValidationSection = "RFC 6455 §4.1, §4.2.1";
    private const string ExpectedMethod = "GET";
    private const string ExpectedUpgrade = "websocket";
    private const string ExpectedConnectionToken = "Upgrade";
    private const int MajorVersionIndex = 5;
    private const int MinorVersionIndex = 7;

    /// <summary>Every violation in <paramref name="request"/>; empty when a server may accept it.</summary>
    public static IReadOnlyList<HandshakeViolation> Validate(ParsedHandshakeRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<HandshakeViolation>();
        CheckRequestLine(request, violations);
        CheckHost(request, violations);
        CheckUpgrade(request, violations);
        CheckConnection(request, violations);
        CheckKey(request, violations);
        CheckVersion(request.Headers, violations);
        return violations;
    }

    private static void CheckRequestLine(ParsedHandshakeRequest request, List<HandshakeViolation> violations)
    {
        // "The method of the request MUST be GET, and the HTTP version MUST be at least 1.1." (§4.1, item 2);
        // "An HTTP/1.1 or higher GET request" (§4.2.1, item 1). The method token is case-sensitive (RFC 9110 §9.1).
        if (!string.Equals(request.Method, ExpectedMethod, StringComparison.Ordinal))
        {
            violations.Add(Violation(HandshakeViolationCode.MethodNotGet,
                $"The method MUST be GET (§4.1, item 2; §4.2.1, item 1), got \"{request.Method}\"."));
        }

        if (!IsAtLeastHttp11(request.HttpVersion))
        {
            violations.Add(Violation(HandshakeViolationCode.HttpVersionTooLow,
                $"The HTTP version MUST be at least 1.1 (§4.1, item 2; §4.2.1, item 1), got \"{request.HttpVersion}\"."));
        }
    }

    private static void CheckHost(ParsedHandshakeRequest request, List<HandshakeViolation> violations)
    {
        // "The request MUST contain a |Host| header field" (§4.1, item 4); RFC 9112 §3.2 has a server answer 400
        // to a request with none or with more than one.
        var count = request.GetValues(HeaderNames.Host).Count();
        if (count != 1)
        {
            violations.Add(Violation(HandshakeViolationCode.HostMissing,
                $"The request MUST contain a Host header field (§4.1, item 4; §4.2.1, item 2), exactly one (RFC 9112 §3.2); got {count}."));
        }
    }

    private static void CheckUpgrade(ParsedHandshakeRequest request, List<HandshakeViolation> violations)
    {
        // "The request MUST contain an |Upgrade| header field whose value MUST include the "websocket" keyword."
        // (§4.1, item 5); "treated as an ASCII case-insensitive value" (§4.2.1, item 3).
        if (!ContainsIgnoreCase(request.GetTokens(HeaderNames.Upgrade), ExpectedUpgrade))
        {
            violations.Add(Violation(HandshakeViolationCode.UpgradeMissingOrWrong,
                $"The Upgrade header field MUST include the \"websocket\" keyword (§4.1, item 5; §4.2.1, item 3); Upgrade: {Shown(request, HeaderNames.Upgrade)}."));
        }
    }

    private static void CheckConnection(ParsedHandshakeRequest request, List<HandshakeViolation> violations)
    {
        // "The request MUST contain a |Connection| header field whose value MUST include the "Upgrade" token."
        // (§4.1, item 6); "treated as an ASCII case-insensitive value" (§4.2.1, item 4).
        if (!ContainsIgnoreCase(request.GetTokens(HeaderNames.Connection), ExpectedConnectionToken))
        {
            violations.Add(Violation(HandshakeViolationCode.ConnectionMissingUpgradeToken,
                $"The Connection header field MUST include the \"Upgrade\" token (§4.1, item 6; §4.2.1, item 4); Connection: {Shown(request, HeaderNames.Connection)}."));
        }
    }

    private static void CheckKey(ParsedHandshakeRequest request, List<HandshakeViolation> violations)
    {
        // "The request MUST include a header field with the name |Sec-WebSocket-Key|. The value of this header
        // field MUST be a nonce consisting of a randomly selected 16-byte value that has been base64-encoded"
        // (§4.1, item 7); "that, when decoded, is 16 bytes in length" (§4.2.1, item 5). It "MUST NOT appear more
        // than once in an HTTP request" (§11.3.1).
        var keys = request.GetValues(HeaderNames.SecWebSocketKey).ToList();
        if (keys.Count == 0)
        {
            violations.Add(Violation(HandshakeViolationCode.KeyMissing,
                "The request MUST include a Sec-WebSocket-Key header field (§4.1, item 7; §4.2.1, item 5); there is none."));
        }
        else if (keys.Count > 1)
        {
            violations.Add(Violation(HandshakeViolationCode.KeyInvalid,
                $"Sec-WebSocket-Key MUST NOT appear more than once (§11.3.1); got {string.Join(" | ", keys)}."));
        }
        else if (!IsBase64Of16Bytes(keys[0]))
        {
            violations.Add(Violation(HandshakeViolationCode.KeyInvalid,
                $"Sec-WebSocket-Key MUST be a base64-encoded value that, when decoded, is 16 bytes in length (§4.1, item 7; §4.2.1, item 5); got \"{keys[0]}\"."));
        }
    }

    /// <summary>The Sec-WebSocket-Version check; RFC 8441 §5 keeps it for WebSockets over HTTP/2.</summary>
    internal static void CheckVersion(IReadOnlyList<KeyValuePair<string, string>> headers, List<HandshakeViolation> violations)
    {
        // "The request MUST include a header field with the name |Sec-WebSocket-Version|. The value of this header
        // field MUST be 13." (§4.1, item 9; §4.2.1, item 6). It "MUST NOT appear more than once in an HTTP
        // request" (§11.3.5).
        var versions = HeaderFields.Values(headers, HeaderNames.SecWebSocketVersion).ToList();
        if (versions.Count != 1 || !string.Equals(versions[0], HandshakeRequest.WebSocketVersion, StringComparison.Ordinal))
        {
            violations.Add(Violation(HandshakeViolationCode.VersionNot13,
                $"The request MUST include one Sec-WebSocket-Version header field with the value 13 (§4.1, item 9; §4.2.1, item 6); Sec-WebSocket-Version: {HeaderFields.Shown(headers, HeaderNames.SecWebSocketVersion)}."));
        }
    }

    /// <summary>HTTP-version = "HTTP/" DIGIT "." DIGIT, at least 1.1.</summary>
    private static bool IsAtLeastHttp11(string version)
    {
        if (!HttpSyntax.IsHttpVersion(Encoding.Latin1.GetBytes(version)))
        {
            return false;
        }

        var major = version[MajorVersionIndex] - '0';
        var minor = version[MinorVersionIndex] - '0';
        return major > 1 || (major == 1 && minor >= 1);
    }

    /// <summary>
    /// Exactly the base64 alphabet (Convert alone would skip inner whitespace) and 16 decoded bytes, which means
    /// 22 characters and "==" padding.
    /// </summary>
    private static bool IsBase64Of16Bytes(string key)
    {
        Span<byte> decoded = stackalloc byte[SecWebSocketKey.NonceLength + 2];
        return key.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=')
            && Convert.TryFromBase64String(key, decoded, out var written) && written == SecWebSocketKey.NonceLength;
    }

    private static bool ContainsIgnoreCase(IEnumerable<string> values, string wanted) =>
        values.Contains(wanted, StringComparer.OrdinalIgnoreCase);

    private static string Shown(ParsedHandshakeRequest request, string name) => HeaderFields.Shown(request.Headers, name);

    private static HandshakeViolation Violation(HandshakeViolationCode code, string detail) =>
        new(code, ValidationSection, detail);
}
