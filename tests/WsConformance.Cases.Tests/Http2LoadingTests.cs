using WsConformance.Cases.Model;
using WsConformance.Protocol.Http2;

namespace WsConformance.Cases.Tests;

/// <summary><c>http2:</c> (how an HTTP/2-only case bends its extended CONNECT) and <c>reset:</c> in <c>expect_handshake</c>.</summary>
public class Http2LoadingTests
{
    private const string Head = "section: h2\ntitle: T\ntests: servers\n";

    private const string Handshake = """
            rfc: { document: RFC 8441, section: "4", level: MUST, text: ":scheme and :path MUST also be included." }
            expect_handshake:
              - { verdict: OK, refused: true, reset: [PROTOCOL_ERROR, REFUSED_STREAM] }
              - { verdict: NON-STRICT, refused: true }
        """;

    [Fact]
    public void Http2_block_reads_every_bend_in_file_order()
    {
        var loaded = Single("""
                http2:
                  remove: [":path", ":scheme"]
                  set: { ":method": GET, ":protocol": x-other }
                  add: { sec-websocket-key: "dGhlIHNhbXBsZSBub25jZQ==" }
                  end_stream: true
            """ + "\n" + Handshake);

        var http2 = Assert.IsType<Http2Overrides>(loaded.Http2);
        Assert.Equal([":path", ":scheme"], http2.Remove);
        Assert.Equal([new(":method", "GET"), new(":protocol", "x-other")], http2.Set);
        Assert.Equal([new("sec-websocket-key", "dGhlIHNhbXBsZSBub25jZQ==")], http2.Add);
        Assert.True(http2.EndStream);
        Assert.False(http2.IsNone);
    }

    /// <summary>One property says "HTTP/2 only" for running and serving alike, whether the file or the case's own bends say it.</summary>
    [Fact]
    public void A_case_with_an_http2_block_needs_HTTP_2_like_a_file_that_says_transport_http2()
    {
        Assert.Equal(CaseTransport.Http2, Single("    http2: { end_stream: true }\n" + Handshake).Transport);
        Assert.Equal(CaseTransport.Any, Single(Handshake).Transport);
    }

    [Fact]
    public void Receive_window_is_read_and_bounded_by_the_rfc()
    {
        Assert.Equal(65_535, Single("    http2: { receive_window: 65535 }\n" + Handshake).Http2!.ReceiveWindow);
        var error = Assert.Single(CaseYaml.Errors(Head + Cases("    http2: { receive_window: 1000 }\n" + Handshake)));

        Assert.Contains("1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Siblings_and_how_the_first_one_ends_are_read()
    {
        var http2 = Single("    http2: { siblings: 2, sibling_end: reset }\n" + Handshake).Http2!;

        Assert.Equal(2, http2.Siblings);
        Assert.Equal(SiblingEnd.Reset, http2.SiblingEnd);
        Assert.Contains("got 'explode'", Assert.Single(CaseYaml.Errors(Head + Cases("    http2: { siblings: 2, sibling_end: explode }\n" + Handshake))).Message,
            StringComparison.Ordinal);
        Assert.Single(CaseYaml.Errors(Head + Cases("    http2: { siblings: 9 }\n" + Handshake)));
    }

    [Fact]
    public void Hold_windows_is_a_duration()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), Single("    http2: { receive_window: 65535, hold_windows: 2s }\n" + Handshake).Http2!.HoldWindows);
        Assert.Single(CaseYaml.Errors(Head + Cases("    http2: { hold_windows: soon }\n" + Handshake)));
    }

    [Theory]
    [InlineData("http2: {}")]
    [InlineData("http2:")]
    public void An_empty_http2_block_is_a_correct_request_that_still_needs_http2(string line)
    {
        var loaded = Single("    " + line + "\n" + Handshake);

        Assert.True(Assert.IsType<Http2Overrides>(loaded.Http2).IsNone);
    }

    [Fact]
    public void A_case_without_http2_has_none_and_defaults_give_it_to_every_case()
    {
        Assert.Null(Single(Handshake).Http2);
        var section = CaseYaml.Load(Head + "defaults:\n  http2: { remove: [\":path\"] }\ncases:\n  - id: h2.1\n    title: t\n" + Handshake);

        Assert.Equal([":path"], Assert.Single(section.Cases).Http2!.Remove);
    }

    [Fact]
    public void Reset_codes_are_read_by_their_rfc_names()
    {
        var alternatives = Single(Handshake).Expectation.HandshakeAlternatives!;

        Assert.Equal([Http2ErrorCode.ProtocolError, Http2ErrorCode.RefusedStream], alternatives[0].Resets);
        Assert.Empty(alternatives[1].Resets);
    }

    [Fact]
    public void An_unknown_reset_code_is_reported_with_the_choices()
    {
        var error = Assert.Single(CaseYaml.Errors(Head + Cases(Handshake.Replace("REFUSED_STREAM", "PROTOCOL_EROR", StringComparison.Ordinal))));

        Assert.Contains("got 'PROTOCOL_EROR'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reset_on_an_accepted_answer_is_an_error()
    {
        var error = Assert.Single(CaseYaml.Errors(Head + Cases("""
                rfc: { document: RFC 8441, section: "5", level: MUST, text: "t" }
                expect_handshake: [ { verdict: OK, accepted: true, reset: [CANCEL] } ]
            """)));

        Assert.Contains("reset applies to refused answers only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_in_http2_are_errors()
    {
        var error = Assert.Single(CaseYaml.Errors(Head + Cases("    http2: { method: GET }\n" + Handshake)));

        Assert.Contains("method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http2_cases_must_test_servers_only()
    {
        var error = Assert.Single(CaseYaml.Errors("section: h2\ntitle: T\n" + Cases("    http2: {}\n" + Handshake)));

        Assert.Contains("must say tests: servers", error.Message, StringComparison.Ordinal);
    }

    private static CaseDefinition Single(string fields) => Assert.Single(CaseYaml.Load(Head + Cases(fields)).Cases);

    private static string Cases(string fields) => "cases:\n  - id: h2.1\n    title: t\n" + fields + "\n";
}
