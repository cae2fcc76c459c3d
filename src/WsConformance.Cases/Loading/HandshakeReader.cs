using YamlDotNet.RepresentationModel;
using WsConformance.Cases.Model;
using WsConformance.Protocol.Http2;

namespace WsConformance.Cases.Loading;

/// <summary>Reads <c>handshake:</c> (request deviations), <c>expect_handshake:</c> (accepted answers) and <c>response:</c> (answer deviations).</summary>
internal static class HandshakeReader
{
    private const int MinStatus = 100;
    private const int MaxStatus = 599;

    public static HandshakeOverrides? ReadOverrides(ReadContext context, YamlNode node)
    {
        var m = MappingReader.Open(context, node, "handshake", KnownKeys.Handshake);
        if (m is null)
        {
            return null;
        }

        return new HandshakeOverrides(
            Method: m.Get("method") is { } method ? Scalars.NonEmpty(context, method, "a request method") : null,
            HttpVersion: m.Get("http_version") is { } version ? Scalars.NonEmpty(context, version, "an HTTP version") : null,
            Remove: Strings(context, m, "remove", "header names"),
            Set: m.Get("set") is { } set ? Headers(context, set, "set") : [],
            Add: m.Get("add") is { } add ? Scalars.Values(context, add, "raw header lines", line => RawHeaderLine(context, line)) ?? [] : [],
            Protocols: Strings(context, m, "protocols", "subprotocols"));
    }

    /// <summary>
    /// <c>http2:</c> how the extended CONNECT is bent (<c>remove</c>, <c>set</c>, <c>add</c>: field names, pseudo-headers
    /// included; <c>end_stream</c>; <c>receive_window</c>; <c>siblings</c>, <c>sibling_end</c>; <c>hold_windows</c>). An empty mapping (or null) is a correct request: the case still runs only over HTTP/2.
    /// </summary>
    public static Http2Overrides? ReadHttp2(ReadContext context, YamlNode node)
    {
        if (context.Resolve(node) is YamlScalarNode { Value: null or "" or "~" or "null" })
        {
            return Http2Overrides.None;
        }

        var m = MappingReader.Open(context, node, "http2", KnownKeys.Http2);
        if (m is null)
        {
            return null;
        }

        return new Http2Overrides(
            Remove: Strings(context, m, "remove", "field names"),
            Set: m.Get("set") is { } set ? Headers(context, set, "set") : [],
            Add: m.Get("add") is { } add ? Headers(context, add, "add") : [],
            EndStream: m.Get("end_stream") is { } endStream && Scalars.Bool(context, endStream) == true,
            ReceiveWindow: m.Get("receive_window") is { } window ? Scalars.Int(context, window, Http2Overrides.MinReceiveWindow, Http2Overrides.MaxReceiveWindow) : null,
            Siblings: m.Get("siblings") is { } siblings ? Scalars.Int(context, siblings, 1, Http2Overrides.MaxSiblings) ?? 0 : 0,
            SiblingEnd: m.Get("sibling_end") is { } end ? Scalars.Choice(context, end, Vocabulary.SiblingEnds) ?? SiblingEnd.None : SiblingEnd.None,
            HoldWindows: m.Get("hold_windows") is { } hold ? Scalars.Duration(context, hold) : null);
    }

    /// <summary><c>response:</c> how the harness, as the server, bends its 101 (cases that test clients).</summary>
    public static ResponseOverrides? ReadResponse(ReadContext context, YamlNode node)
    {
        var m = MappingReader.Open(context, node, "response", KnownKeys.Response);
        if (m is null)
        {
            return null;
        }

        return new ResponseOverrides(
            Status: m.Get("status") is { } status ? Scalars.Int(context, status, MinStatus, MaxStatus) : null,
            Reason: m.Get("reason") is { } reason ? context.String(reason, "a reason phrase") : null,
            Remove: Strings(context, m, "remove", "header names"),
            Set: m.Get("set") is { } set ? Headers(context, set, "set") : [],
            Add: m.Get("add") is { } add ? Scalars.Values(context, add, "raw header lines", line => RawHeaderLine(context, line)) ?? [] : [])
        {
            WithdrawConnectProtocol = m.Get("withdraw_connect_protocol") is { } withdraw && (Scalars.Bool(context, withdraw) ?? false),
            WithholdConnectProtocol = m.Get("withhold_connect_protocol") is { } withhold && (Scalars.Bool(context, withhold) ?? false),
        };
    }

    public static List<HandshakeAlternative>? ReadAlternatives(ReadContext context, YamlNode node) =>
        Scalars.List(context, node, "accepted handshake answers", item => ReadAlternative(context, item));

    /// <summary>
    /// <c>{ verdict, accepted: true }</c> or <c>{ verdict, refused: true, status: […], headers: {…} }</c>:
    /// exactly one of accepted/refused says which kind of answer this is.
    /// </summary>
    private static HandshakeAlternative? ReadAlternative(ReadContext context, YamlNode node)
    {
        var m = MappingReader.Open(context, node, "expect_handshake entry", KnownKeys.HandshakeAlternative);
        if (m is null)
        {
            return null;
        }

        var verdict = m.Require("verdict") is { } verdictNode ? ExpectationReader.ReadVerdict(context, verdictNode) : null;
        bool? accepted = null;
        if (m.Has("accepted") == m.Has("refused"))
        {
            context.Error(m.Mark, "an expect_handshake entry needs exactly one of: accepted: true, refused: true");
        }
        else
        {
            accepted = m.Get("accepted") is { } acceptedNode ? Scalars.Bool(context, acceptedNode) : !Scalars.Bool(context, m.Get("refused")!);
        }

        if (accepted == true && m.KeyNode("status") is { } statusKey)
        {
            context.Error(statusKey, "status applies to refused answers only (an accepted answer is 101)");
        }

        var statuses = m.Get("status") is { } status
            ? Scalars.Values(context, status, "status codes", s => Scalars.Int(context, s, MinStatus, MaxStatus)) ?? []
            : [];
        var headers = m.Get("headers") is { } headersNode ? Headers(context, headersNode, "headers") : [];
        if (accepted == true && m.KeyNode("reset") is { } resetKey)
        {
            context.Error(resetKey, "reset applies to refused answers only (an RST_STREAM refuses the stream)");
        }

        var resets = m.Get("reset") is { } reset
            ? Scalars.Values(context, reset, "HTTP/2 error codes", code => Scalars.Choice(context, code, Http2ErrorCodeNames.ByName)) ?? []
            : [];
        return verdict is null || accepted is null ? null : new HandshakeAlternative(verdict.Value, accepted.Value, statuses, headers) { Resets = resets };
    }

    private static List<string> Strings(ReadContext context, MappingReader m, string key, string what) =>
        m.Get(key) is { } node ? Scalars.List(context, node, what, item => Scalars.NonEmpty(context, item, "a name")) ?? [] : [];

    /// <summary>A <c>Name: value</c> mapping, in file order.</summary>
    private static List<KeyValuePair<string, string>> Headers(ReadContext context, YamlNode node, string what)
    {
        var resolved = context.Resolve(node);
        if (resolved is not YamlMappingNode mapping)
        {
            context.Error(resolved, $"expected a mapping of header name to value for {what}, got a {ReadContext.Describe(resolved)}");
            return [];
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in mapping.Children)
        {
            if (Scalars.NonEmpty(context, name, "a header name") is { } headerName && context.String(value, "a header value") is { } headerValue)
            {
                headers.Add(new(headerName, headerValue));
            }
        }

        return headers;
    }

    /// <summary>"Name: value" split at the first ':'; only the one space conventionally after it is dropped, so odd spacing survives.</summary>
    private static KeyValuePair<string, string>? RawHeaderLine(ReadContext context, YamlNode node)
    {
        var line = context.Text(node, "a raw header line");
        if (line is null)
        {
            return null;
        }

        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            context.Error(node, $"expected a header line 'Name: value', got '{line}'");
            return null;
        }

        var value = line[(colon + 1)..];
        return new(line[..colon], value.StartsWith(' ') ? value[1..] : value);
    }
}
