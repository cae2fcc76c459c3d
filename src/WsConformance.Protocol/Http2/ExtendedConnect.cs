using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Protocol.Http2;

/// <summary>
/// The header lists of a WebSocket opened over HTTP/2 with the extended CONNECT method (RFC 8441 §4, §5): the
/// request a client sends, the checks a server makes on it, and the checks the client makes on the response.
/// Pure functions: the caller encodes the lists with HPACK and carries them in HEADERS frames.
/// </summary>
public static class ExtendedConnect
{
    /// <summary>The pseudo-header RFC 8441 §4 adds to CONNECT requests.</summary>
    public const string ProtocolPseudoHeader = ":protocol";

    /// <summary>The :protocol value that asks for a WebSocket (RFC 8441 §5).</summary>
    public const string WebSocketProtocol = "websocket";

    private const string Status = ":status";
    private const string StatusSection = "RFC 8441 §5";
    private static readonly string[] ResponsePseudoHeaders = [Status];
    private static readonly string[] RequestPseudoHeaders = [":method", ProtocolPseudoHeader, ":scheme", ":path", ":authority"];

    /// <summary>RFC 8441 §4 requires :scheme and :path with :protocol; CONNECT always names its :authority (RFC 9113 §8.5).</summary>
    private static readonly (string Name, string Section)[] RequiredByExtendedConnect =
        [(":scheme", "RFC 8441 §4"), (":path", "RFC 8441 §4"), (":authority", "RFC 9113 §8.5")];

    /// <summary>
    /// The request header list for <paramref name="webSocketUri"/> (ws: or wss:): :method CONNECT, :protocol websocket,
    /// :scheme http or https, :path, :authority, then sec-websocket-version 13 and, when given, the offered
    /// subprotocols, extensions and origin. No Upgrade, Connection or Sec-WebSocket-Key: :protocol replaces them.
    /// </summary>
    public static IReadOnlyList<HeaderField> BuildRequest(
        Uri webSocketUri, IEnumerable<string>? subprotocols = null, IEnumerable<string>? extensions = null, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(webSocketUri);
        string scheme = webSocketUri.Scheme switch
        {
            "ws" => "http",
            "wss" => "https",
            _ => throw new ArgumentException($"A WebSocket URI is ws: or wss:, not {webSocketUri.Scheme}:.", nameof(webSocketUri)),
        };
        var fields = new List<HeaderField>
        {
            new(":method", "CONNECT"),
            new(ProtocolPseudoHeader, WebSocketProtocol),
            new(":scheme", scheme),
            new(":path", webSocketUri.PathAndQuery),
            new(":authority", webSocketUri.Authority),
            new("sec-websocket-version", HandshakeRequest.WebSocketVersion),
        };
        AddList(fields, "sec-websocket-protocol", subprotocols);
        AddList(fields, "sec-websocket-extensions", extensions);
        if (origin is not null)
        {
            fields.Add(new("origin", origin));
        }

        return fields;
    }

    /// <summary>
    /// Every reason a server must not open a WebSocket on <paramref name="request"/>: a malformed field section
    /// (RFC 9113 §8.2, §8.3), a request that is not :method CONNECT with :protocol websocket, a missing :scheme,
    /// :path or :authority, or a Sec-WebSocket-Version other than one 13. Empty when the request is good.
    /// </summary>
    public static IReadOnlyList<HandshakeViolation> ValidateRequest(IReadOnlyList<HeaderField> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<HandshakeViolation>();
        Dictionary<string, string> pseudoHeaders = Http2FieldSection.Check(request, RequestPseudoHeaders, HandshakeViolationCode.MalformedRequest, violations);
        string method = pseudoHeaders.GetValueOrDefault(":method", "(missing)");
        string protocol = pseudoHeaders.GetValueOrDefault(ProtocolPseudoHeader, "(missing)");
        if (method != "CONNECT" || protocol != WebSocketProtocol)
        {
            violations.Add(new(HandshakeViolationCode.NotExtendedConnect, "RFC 8441 §4",
                $":method {method} with :protocol {protocol}; a WebSocket over HTTP/2 is :method CONNECT with :protocol websocket."));
        }

        foreach ((string name, string section) in RequiredByExtendedConnect)
        {
            if (string.IsNullOrEmpty(pseudoHeaders.GetValueOrDefault(name)))
            {
                violations.Add(new(HandshakeViolationCode.MalformedRequest, section, $"An extended CONNECT request needs a non-empty {name}."));
            }
        }

        ClientHandshakeValidator.CheckVersion(AsPairs(request), violations);
        return violations;
    }

    /// <summary>
    /// Every reason the client must not open the WebSocket on <paramref name="response"/> to <paramref name="request"/>;
    /// empty when it opens. A well-formed response whose :status is not 2xx is reported alone: it refuses the
    /// WebSocket, and its other fields answer nothing.
    /// </summary>
    public static IReadOnlyList<HandshakeViolation> ValidateResponse(IReadOnlyList<HeaderField> response, IReadOnlyList<HeaderField> request)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<HandshakeViolation>();
        Dictionary<string, string> pseudoHeaders = Http2FieldSection.Check(response, ResponsePseudoHeaders, HandshakeViolationCode.MalformedResponse, violations);
        if (!pseudoHeaders.TryGetValue(Status, out string? status))
        {
            violations.Add(new(HandshakeViolationCode.MalformedResponse, "RFC 9113 §8.3.2", "The response has no :status field."));
        }

        if (violations.Count > 0)
        {
            return violations;
        }

        if (status is not ['2', >= '0' and <= '9', >= '0' and <= '9'])
        {
            return [new(HandshakeViolationCode.StatusNot2xx, StatusSection, $":status {status}: only a 2xx response opens the WebSocket.")];
        }

        KeyValuePair<string, string>[] responseHeaders = AsPairs(response);
        KeyValuePair<string, string>[] requestHeaders = AsPairs(request);
        HandshakeValidator.CheckProtocol(responseHeaders, HeaderFields.Tokens(requestHeaders, HeaderNames.SecWebSocketProtocol), violations);
        HandshakeValidator.CheckExtensions(
            responseHeaders, [.. HeaderFields.Tokens(requestHeaders, HeaderNames.SecWebSocketExtensions).Select(HttpSyntax.ExtensionName)], violations);
        return violations;
    }

    private static void AddList(List<HeaderField> fields, string name, IEnumerable<string>? values)
    {
        string joined = string.Join(", ", values ?? []);
        if (joined.Length > 0)
        {
            fields.Add(new(name, joined));
        }
    }

    private static KeyValuePair<string, string>[] AsPairs(IReadOnlyList<HeaderField> fields) =>
        [.. fields.Select(field => KeyValuePair.Create(field.Name, field.Value))];
}
