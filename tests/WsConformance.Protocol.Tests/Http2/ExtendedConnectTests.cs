using WsConformance.Protocol.Handshake;
using WsConformance.Protocol.Http2;
using WsConformance.Protocol.Http2.Hpack;

namespace WsConformance.Protocol.Tests.Http2;

public class ExtendedConnectTests
{
    private static readonly IReadOnlyList<HeaderField> Offer =
        ExtendedConnect.BuildRequest(new Uri("wss://example.org/chat"), ["chat.v2", "chat.v1"], ["permessage-deflate; client_max_window_bits"]);

    /// <summary>Response header lists, each with the violation codes it must give against <see cref="Offer"/>.</summary>
    public static TheoryData<string> ResponseNames => new(Responses.Keys);

    private static Dictionary<string, (HeaderField[] Response, HandshakeViolationCode[] Expected)> Responses => new()
    {
        ["200-plain"] = ([new(":status", "200")], []),
        ["204-with-answers"] = ([new(":status", "204"), new("sec-websocket-protocol", "chat.v1"), new("sec-websocket-extensions", "permessage-deflate")], []),
        ["404-refuses"] = ([new(":status", "404"), new("sec-websocket-protocol", "nope")], [HandshakeViolationCode.StatusNot2xx]),
        ["101-is-not-2xx"] = ([new(":status", "101")], [HandshakeViolationCode.StatusNot2xx]),
        ["status-not-digits"] = ([new(":status", "2xx")], [HandshakeViolationCode.StatusNot2xx]),
        ["no-status"] = ([new("sec-websocket-protocol", "chat.v1")], [HandshakeViolationCode.MalformedResponse]),
        ["two-statuses"] = ([new(":status", "200"), new(":status", "200")], [HandshakeViolationCode.MalformedResponse]),
        ["request-pseudo-header"] = ([new(":status", "200"), new(":protocol", "websocket")], [HandshakeViolationCode.MalformedResponse]),
        ["status-after-regular-field"] = ([new("server", "x"), new(":status", "200")], [HandshakeViolationCode.MalformedResponse]),
        ["upper-case-name"] = ([new(":status", "200"), new("Sec-WebSocket-Protocol", "chat.v1")], [HandshakeViolationCode.MalformedResponse]),
        ["http-1-upgrade-fields"] = ([new(":status", "200"), new("connection", "Upgrade"), new("upgrade", "websocket")],
            [HandshakeViolationCode.MalformedResponse, HandshakeViolationCode.MalformedResponse]),
        ["subprotocol-not-offered"] = ([new(":status", "200"), new("sec-websocket-protocol", "chat.v3")], [HandshakeViolationCode.ProtocolNotOffered]),
        ["two-subprotocols"] = ([new(":status", "200"), new("sec-websocket-protocol", "chat.v1, chat.v2")], [HandshakeViolationCode.SeveralProtocols]),
        ["extension-not-offered"] = ([new(":status", "200"), new("sec-websocket-extensions", "x-webkit-deflate-frame")], [HandshakeViolationCode.ExtensionNotOffered]),
    };

    /// <summary>Changes to the request <see cref="Offer"/>, each with the violation codes a server must find.</summary>
    public static TheoryData<string> RequestNames => new(Requests.Keys);

    private static Dictionary<string, (Func<List<HeaderField>, List<HeaderField>> Change, HandshakeViolationCode[] Expected)> Requests => new()
    {
        ["as-built"] = (request => request, []),
        ["with-origin-and-key"] = (request => [.. request, new("origin", "https://example.org"), new("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")], []),
        // A plain CONNECT (RFC 9113 §8.5): only :method and :authority.
        ["plain-connect"] = (request => [new(":method", "CONNECT"), new(":authority", "example.org"), new("sec-websocket-version", "13")],
            [HandshakeViolationCode.NotExtendedConnect, HandshakeViolationCode.MalformedRequest, HandshakeViolationCode.MalformedRequest]),
        ["get"] = (request => Replace(request, ":method", "GET"), [HandshakeViolationCode.NotExtendedConnect]),
        ["other-protocol"] = (request => Replace(request, ":protocol", "connect-udp"), [HandshakeViolationCode.NotExtendedConnect]),
        // hyper's bug: the client stripped :scheme and :path.
        ["no-scheme-no-path"] = (request => [.. request.Where(header => header.Name is not ":scheme" and not ":path")],
            [HandshakeViolationCode.MalformedRequest, HandshakeViolationCode.MalformedRequest]),
        ["empty-path"] = (request => Replace(request, ":path", ""), [HandshakeViolationCode.MalformedRequest]),
        ["no-authority"] = (request => [.. request.Where(header => header.Name != ":authority")], [HandshakeViolationCode.MalformedRequest]),
        ["two-paths"] = (request => [new(":path", "/other"), .. request], [HandshakeViolationCode.MalformedRequest]),
        ["pseudo-header-after-regular-field"] = (request => [.. request, new(":status", "200")], [HandshakeViolationCode.MalformedRequest]),
        ["http-1-upgrade-fields"] = (request => [.. request, new("upgrade", "websocket"), new("connection", "Upgrade")],
            [HandshakeViolationCode.MalformedRequest, HandshakeViolationCode.MalformedRequest]),
        ["upper-case-name"] = (request => [.. request, new("Origin", "https://example.org")], [HandshakeViolationCode.MalformedRequest]),
        ["version-8"] = (request => Replace(request, "sec-websocket-version", "8"), [HandshakeViolationCode.VersionNot13]),
        ["no-version"] = (request => [.. request.Where(header => header.Name != "sec-websocket-version")], [HandshakeViolationCode.VersionNot13]),
    };

    [Theory]
    [MemberData(nameof(RequestNames))]
    public void Requests_are_judged_as_a_server_must(string name)
    {
        (Func<List<HeaderField>, List<HeaderField>> change, HandshakeViolationCode[] expected) = Requests[name];

        IReadOnlyList<HandshakeViolation> violations = ExtendedConnect.ValidateRequest(change([.. Offer]));

        Assert.Equal(expected, violations.Select(violation => violation.Code));
        Assert.All(violations, violation => Assert.Matches("^RFC (9113|8441|6455) §", violation.RfcSection));
    }

    [Fact]
    public void A_wss_request_is_an_extended_connect_with_the_websocket_fields()
    {
        Assert.Equal(
            [
                new(":method", "CONNECT"), new(":protocol", "websocket"), new(":scheme", "https"), new(":path", "/chat"),
                new(":authority", "example.org"), new("sec-websocket-version", "13"), new("sec-websocket-protocol", "chat.v2, chat.v1"),
                new("sec-websocket-extensions", "permessage-deflate; client_max_window_bits"),
            ],
            Offer);
    }

    [Fact]
    public void A_ws_request_uses_http_keeps_port_and_query_and_may_carry_an_origin()
    {
        IReadOnlyList<HeaderField> request = ExtendedConnect.BuildRequest(new Uri("ws://127.0.0.1:9001/runCase?case=1"), origin: "http://127.0.0.1");

        Assert.Equal(
            [
                new(":method", "CONNECT"), new(":protocol", "websocket"), new(":scheme", "http"), new(":path", "/runCase?case=1"),
                new(":authority", "127.0.0.1:9001"), new("sec-websocket-version", "13"), new("origin", "http://127.0.0.1"),
            ],
            request);
    }

    [Fact]
    public void Only_ws_and_wss_uris_make_a_request() =>
        Assert.Throws<ArgumentException>(() => ExtendedConnect.BuildRequest(new Uri("https://example.org/")));

    [Fact]
    public void The_request_round_trips_through_hpack()
    {
        var fields = new List<HpackDecodedField>();

        Assert.True(new HpackDecoder().Decode(new HpackEncoder().Encode(Offer), fields).Succeeded);

        Assert.Equal(Offer, fields.Select(field => field.Field));
    }

    [Theory]
    [MemberData(nameof(ResponseNames))]
    public void Responses_are_judged_against_the_offer(string name)
    {
        (HeaderField[] response, HandshakeViolationCode[] expected) = Responses[name];

        IReadOnlyList<HandshakeViolation> violations = ExtendedConnect.ValidateResponse(response, Offer);

        Assert.Equal(expected, violations.Select(violation => violation.Code));
        Assert.All(violations, violation => Assert.Matches("^RFC (9113|8441|6455) §", violation.RfcSection));
    }

    private static List<HeaderField> Replace(List<HeaderField> fields, string name, string value) =>
        [.. fields.Select(field => field.Name == name ? field with { Value = value } : field)];

    [Fact]
    public void Without_an_offer_any_subprotocol_or_extension_answer_is_wrong()
    {
        IReadOnlyList<HeaderField> bare = ExtendedConnect.BuildRequest(new Uri("ws://example.org/"));
        HeaderField[] response = [new(":status", "200"), new("sec-websocket-protocol", "chat"), new("sec-websocket-extensions", "permessage-deflate")];

        Assert.Equal(
            [HandshakeViolationCode.ProtocolNotOffered, HandshakeViolationCode.ExtensionNotOffered],
            ExtendedConnect.ValidateResponse(response, bare).Select(violation => violation.Code));
    }
}
