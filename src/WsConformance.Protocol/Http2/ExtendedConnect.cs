using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Protocol.Http2;

/// <summary>
/// The header lists of a WebSocket opened over HTTP/2 with the extended CONNECT method (RFC 8441 §4, §5): the
/// request a client sends and the checks it makes on the response. Pure functions: the caller encodes the lists
/// with HPACK and carries them in HEADERS frames.
/// </summary>
public static class ExtendedConnect
{
    /// <summary>The pseudo-header RFC 8441 §4 adds to CONNECT requests.</summary>
    public const string ProtocolPseudoHeader = ":protocol";

    /// <summary>The :protocol value that asks for a WebSocket (RFC 8441 §5).</summary>
    public const string WebSocketProtocol = "websocket";

    private const string MalformedSection = "RFC 9113 §8.3";
    private const string StatusSection = "RFC 8441 §5";

    /// <summary>RFC 9113 §8.2.2: fields that only make sense for one HTTP/1.1 connection make an HTTP/2 message malformed.</summary>
    private static readonly string[] ConnectionSpecificFields = ["connection", "proxy-connection", "keep-alive", "transfer-encoding", "upgrade"];

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
    /// Every reason the client must not open the WebSocket on <paramref name="response"/> to <paramref name="request"/>;
    /// empty when it opens. A well-formed response whose :status is not 2xx is reported alone: it refuses the
    /// WebSocket, and its other fields answer nothing.
    /// </summary>
    public static IReadOnlyList<HandshakeViolation> ValidateResponse(IReadOnlyList<HeaderField> response, IReadOnlyList<HeaderField> request)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(request);
        var violations = new List<HandshakeViolation>();
        string? status = CheckFieldSection(response, violations);
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

    /// <summary>The RFC 9113 §8.2 and §8.3 rules of a response field section; returns the :status value if there is exactly one.</summary>
    private static string? CheckFieldSection(IReadOnlyList<HeaderField> response, List<HandshakeViolation> violations)
    {
        var statuses = new List<string>();
        bool regularFieldSeen = false;
        foreach (HeaderField field in response)
        {
            if (field.Name.Any(char.IsAsciiLetterUpper))
            {
                violations.Add(Malformed("RFC 9113 §8.2.1", $"Field name \"{field.Name}\" has upper-case letters."));
            }

            if (field.Name.StartsWith(':'))
            {
                CheckPseudoHeader(field, regularFieldSeen, statuses, violations);
            }
            else
            {
                regularFieldSeen = true;
                if (ConnectionSpecificFields.Contains(field.Name, StringComparer.OrdinalIgnoreCase))
                {
                    violations.Add(Malformed("RFC 9113 §8.2.2", $"\"{field.Name}\" is a connection-specific field, which HTTP/2 forbids."));
                }
            }
        }

        if (statuses.Count != 1)
        {
            violations.Add(Malformed(MalformedSection + ".2", $"The response has {statuses.Count} :status fields; it must have exactly one."));
            return null;
        }

        return statuses[0];
    }

    private static void CheckPseudoHeader(HeaderField field, bool regularFieldSeen, List<string> statuses, List<HandshakeViolation> violations)
    {
        if (regularFieldSeen)
        {
            violations.Add(Malformed(MalformedSection, $"Pseudo-header {field.Name} follows a regular field."));
        }

        if (field.Name == ":status")
        {
            statuses.Add(field.Value);
        }
        else
        {
            violations.Add(Malformed(MalformedSection + ".2", $"Pseudo-header {field.Name} is not defined for responses."));
        }
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

    private static HandshakeViolation Malformed(string section, string detail) =>
        new(HandshakeViolationCode.MalformedResponse, section, detail);
}
