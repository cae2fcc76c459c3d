namespace WsConformance.Protocol.Handshake;

/// <summary>
/// The client's checks of the server's opening handshake response (RFC 6455 §4.1, "the client MUST validate
/// the server's response as follows", matching what the server sends per §4.2.2).
/// </summary>
public static class HandshakeValidator
{
    private const string ClientValidationSection = "RFC 6455 §4.1";
    private const int SwitchingProtocols = 101;

    /// <summary>
    /// Every violation in <paramref name="response"/> to <paramref name="request"/>; empty when the handshake
    /// succeeds. A status other than 101 is reported alone: the other checks only apply to an upgrade.
    /// </summary>
    public static IReadOnlyList<HandshakeViolation> Validate(HandshakeResponse response, HandshakeRequest request)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(request);
        if (response.StatusCode != SwitchingProtocols)
        {
            // "If the status code received from the server is not 101, the client handles the response per
            // HTTP [RFC2616] procedures." (§4.1) — the connection is not upgraded.
            return [Violation(HandshakeViolationCode.StatusNot101, $"Status {response.StatusCode} {response.ReasonPhrase}".TrimEnd())];
        }

        var violations = new List<HandshakeViolation>();
        CheckUpgrade(response, violations);
        CheckConnection(response, violations);
        CheckAccept(response, request, violations);
        CheckProtocol(response.Headers, request.OfferedProtocols, violations);
        CheckExtensions(response.Headers, request.OfferedExtensions, violations);
        return violations;
    }

    private static void CheckUpgrade(HandshakeResponse response, List<HandshakeViolation> violations)
    {
        // "If the response lacks an |Upgrade| header field or the |Upgrade| header field contains a value that
        // is not an ASCII case-insensitive match for the value "websocket", the client MUST _Fail the WebSocket
        // Connection_." (§4.1, item 2)
        if (!ContainsIgnoreCase(response.GetTokens(HeaderNames.Upgrade), "websocket"))
        {
            violations.Add(Violation(HandshakeViolationCode.UpgradeMissingOrWrong, $"Upgrade: {Shown(response, HeaderNames.Upgrade)}"));
        }
    }

    private static void CheckConnection(HandshakeResponse response, List<HandshakeViolation> violations)
    {
        // "If the response lacks a |Connection| header field or the |Connection| header field doesn't contain a
        // token that is an ASCII case-insensitive match for the value "Upgrade", the client MUST _Fail the
        // WebSocket Connection_." (§4.1, item 3)
        if (!ContainsIgnoreCase(response.GetTokens(HeaderNames.Connection), "Upgrade"))
        {
            violations.Add(Violation(HandshakeViolationCode.ConnectionMissingUpgradeToken, $"Connection: {Shown(response, HeaderNames.Connection)}"));
        }
    }

    private static void CheckAccept(HandshakeResponse response, HandshakeRequest request, List<HandshakeViolation> violations)
    {
        // "If the response lacks a |Sec-WebSocket-Accept| header field or the |Sec-WebSocket-Accept| contains a
        // value other than the base64-encoded SHA-1 of the concatenation of the |Sec-WebSocket-Key| (as a string,
        // not base64-decoded) with the string "258EAFA5-E914-47DA-95CA-C5AB0DC85B11" ... the client MUST _Fail the
        // WebSocket Connection_." (§4.1, item 4)
        var values = response.GetValues(HeaderNames.SecWebSocketAccept).ToList();
        if (values.Count == 0)
        {
            violations.Add(Violation(HandshakeViolationCode.AcceptMissing, "No Sec-WebSocket-Accept header."));
            return;
        }

        var expected = SecWebSocketKey.ComputeAccept(request.Key);
        if (values.Count != 1 || !string.Equals(values[0], expected, StringComparison.Ordinal))
        {
            violations.Add(Violation(HandshakeViolationCode.AcceptWrong,
                $"Sec-WebSocket-Accept: {string.Join(" | ", values)}; expected {expected} for key {request.Key}."));
        }
    }

    /// <summary>The subprotocol answer's checks; RFC 8441 §5 keeps them for WebSockets over HTTP/2.</summary>
    internal static void CheckProtocol(
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders, IReadOnlyList<string> offered, List<HandshakeViolation> violations)
    {
        // "If the response includes a |Sec-WebSocket-Protocol| header field and this header field indicates the
        // use of a subprotocol that was not present in the client's handshake ... the client MUST _Fail the
        // WebSocket Connection_." (§4.1, item 6). The server selects "a single value" (§4.2.2).
        if (!HeaderFields.Values(responseHeaders, HeaderNames.SecWebSocketProtocol).Any())
        {
            return;
        }

        var selected = HeaderFields.Tokens(responseHeaders, HeaderNames.SecWebSocketProtocol);
        if (selected.Count > 1)
        {
            violations.Add(Violation(HandshakeViolationCode.SeveralProtocols, $"Sec-WebSocket-Protocol: {string.Join(", ", selected)}"));
        }

        foreach (var protocol in selected.Count == 0 ? [string.Empty] : selected)
        {
            // Subprotocol names are compared exactly: RFC 6455 §4.2.2 has the server echo one of the client's values.
            if (!offered.Contains(protocol, StringComparer.Ordinal))
            {
                violations.Add(Violation(HandshakeViolationCode.ProtocolNotOffered,
                    $"Sec-WebSocket-Protocol: \"{protocol}\" was not offered (offered: {string.Join(", ", offered)})."));
            }
        }
    }

    /// <summary>The extension answer's checks; RFC 8441 §5 keeps them for WebSockets over HTTP/2.</summary>
    internal static void CheckExtensions(
        IReadOnlyList<KeyValuePair<string, string>> responseHeaders, IReadOnlyList<string> offered, List<HandshakeViolation> violations)
    {
        // "If the response includes a |Sec-WebSocket-Extensions| header field and this header field indicates
        // the use of an extension that was not present in the client's handshake ... the client MUST _Fail the
        // WebSocket Connection_." (§4.1, item 5)
        foreach (var name in HeaderFields.Tokens(responseHeaders, HeaderNames.SecWebSocketExtensions).Select(HttpSyntax.ExtensionName))
        {
            if (!ContainsIgnoreCase(offered, name))
            {
                violations.Add(Violation(HandshakeViolationCode.ExtensionNotOffered,
                    $"Sec-WebSocket-Extensions names \"{name}\", which was not offered (offered: {string.Join(", ", offered)})."));
            }
        }
    }

    private static bool ContainsIgnoreCase(IEnumerable<string> values, string wanted) =>
        values.Contains(wanted, StringComparer.OrdinalIgnoreCase);

    private static string Shown(HandshakeResponse response, string name) => HeaderFields.Shown(response.Headers, name);

    private static HandshakeViolation Violation(HandshakeViolationCode code, string detail) =>
        new(code, ClientValidationSection, detail);
}
