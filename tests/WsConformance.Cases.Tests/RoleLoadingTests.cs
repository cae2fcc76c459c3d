using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

/// <summary>
/// <c>tests:</c> (which endpoints a file's cases test), <c>response:</c> (how the harness as server bends its 101) and
/// <c>browser_limit:</c> (what a page cannot control through a browser's WebSocket API).
/// </summary>
public class RoleLoadingTests
{
    private const string Case = """
        cases:
          - id: x.1
            title: t
            rfc: { section: "4.1", level: MUST, text: "The client MUST fail." }
            steps: []
            expect: { OK: [] }
            close: { by: peer, codes: [1002] }
        """;

    [Theory]
    [InlineData("", Testees.ServersAndClients)]
    [InlineData("tests: servers\n", Testees.Servers)]
    [InlineData("tests: clients\n", Testees.Clients)]
    [InlineData("tests: [servers, clients]\n", Testees.ServersAndClients)]
    public void Tests_key_marks_every_case_of_the_file(string line, Testees expected)
    {
        var section = CaseYaml.Load("section: x\ntitle: T\n" + line + Case);

        Assert.Equal(expected, Assert.Single(section.Cases).Testees);
        Assert.Equal(Closer.Peer, section.Cases[0].Expectation.Close.ClosedBy);
    }

    [Theory]
    [InlineData("", CaseTransport.Any)]
    [InlineData("transport: any\n", CaseTransport.Any)]
    [InlineData("transport: http2\n", CaseTransport.Http2)]
    public void Transport_key_marks_every_case_of_the_file(string line, CaseTransport expected)
    {
        var section = CaseYaml.Load("section: x\ntitle: T\n" + line + Case);

        Assert.Equal(expected, Assert.Single(section.Cases).Transport);
    }

    [Fact]
    public void Unknown_transport_is_reported_with_the_choices()
    {
        var error = Assert.Single(CaseYaml.Errors("section: x\ntitle: T\ntransport: http3\n" + Case));

        Assert.Equal(3, error.Line);
        Assert.Contains("got 'http3'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Withdrawing_the_connect_protocol_setting_is_a_response_deviation()
    {
        var definition = CaseYaml.SingleCase(
            "id: x.1", "title: t", CaseYaml.Rfc, "steps: []", "expect: { OK: [] }", "close: { by: peer, codes: [1002] }",
            "response: { withdraw_connect_protocol: true }");

        Assert.True(definition.Response.WithdrawConnectProtocol);
        Assert.False(definition.Response.IsNone);
    }

    [Fact]
    public void Unknown_testee_is_reported_with_the_choices()
    {
        var error = Assert.Single(CaseYaml.Errors("section: x\ntitle: T\ntests: browsers\n" + Case));

        Assert.Equal(3, error.Line);
        Assert.Contains("got 'browsers'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Response_deviations_map_to_the_definition()
    {
        var definition = CaseYaml.SingleCase(
            "id: x.1", "title: t", CaseYaml.Rfc, "steps: []", "expect: { OK: [] }", "close: { by: peer, codes: [1002] }",
            "response: { status: 200, reason: OK, remove: [Upgrade], set: { Sec-WebSocket-Accept: bad }, add: [\"X-Odd:  value\"] }");

        Assert.Equal(200, definition.Response.Status);
        Assert.Equal("OK", definition.Response.Reason);
        Assert.Equal(["Upgrade"], definition.Response.Remove);
        Assert.Equal([new KeyValuePair<string, string>("Sec-WebSocket-Accept", "bad")], definition.Response.Set);
        Assert.Equal([new KeyValuePair<string, string>("X-Odd", " value")], definition.Response.Add);
    }

    [Fact]
    public void A_case_without_response_answers_correctly_and_frames_are_masked_by_role()
    {
        var definition = CaseYaml.SingleCase(
            "id: x.1", "title: t", CaseYaml.Rfc, "steps: [ { send_frame: { opcode: text } } ]", "expect: { OK: [] }", "close: { by: peer, codes: [1002] }");

        Assert.True(definition.Response.IsNone);
        Assert.Equal(MaskMode.ByRole, Assert.IsType<SendFrameStep>(Assert.Single(definition.Steps)).Mask.Mode);
    }

    [Fact]
    public void Browser_limit_is_read_from_the_case_and_inherited_from_defaults()
    {
        var section = CaseYaml.Load("section: x\ntitle: T\ndefaults: { browser_limit: { verdicts: [FAILED], why: \"The page cannot see pings.\" } }\n" + Case + """

              - id: x.2
                title: t
                rfc: { section: "4.1", level: MUST, text: "The client MUST fail." }
                steps: []
                expect: { OK: [] }
                close: { by: peer, codes: [1002] }
                browser_limit: { verdicts: [NON-STRICT, FAILED], why: "The page cannot choose its close code." }
            """);

        Assert.Equal([Verdict.Failed], section.Cases[0].BrowserLimit!.Verdicts);
        Assert.Equal("The page cannot see pings.", section.Cases[0].BrowserLimit!.Why);
        Assert.Equal([Verdict.NonStrict, Verdict.Failed], section.Cases[1].BrowserLimit!.Verdicts);
        Assert.Equal("The page cannot choose its close code.", section.Cases[1].BrowserLimit!.Why);
    }

    [Fact]
    public void A_case_without_browser_limit_judges_a_browser_like_any_client()
    {
        Assert.Null(Assert.Single(CaseYaml.Load("section: x\ntitle: T\n" + Case).Cases).BrowserLimit);
    }

    [Fact]
    public void A_browser_limit_names_only_verdicts_the_limit_can_cause()
    {
        var error = Assert.Single(CaseYaml.Errors("section: x\ntitle: T\ndefaults: { browser_limit: { verdicts: [OK], why: w } }\n" + Case));

        Assert.Contains("got 'OK'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_shipped_catalog_limits_browsers_only_where_the_echo_races_the_browser_failing_the_connection()
    {
        var limited = CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases.Where(c => c.BrowserLimit is not null).ToList();

        Assert.Equal(["3.2", "3.3", "3.4", "4.1.3", "4.1.4", "4.1.5", "4.2.3", "4.2.4", "4.2.5", "5.15"], limited.Select(c => c.Id));
        Assert.All(limited, c => Assert.Equal([Verdict.NonStrict], c.BrowserLimit!.Verdicts));

        // NON-STRICT there is "no echo at all": exactly what the page may not get to send.
        Assert.All(limited, c => Assert.Empty(Assert.Single(c.Expectation.Alternatives, a => a.Verdict == Verdict.NonStrict).Events));
    }

    [Fact]
    public void The_shipped_catalog_has_cases_for_clients_and_cases_for_servers_only()
    {
        var cases = CatalogLoader.LoadDirectory(CatalogLoader.DefaultDirectory).Cases;

        // 517 Autobahn cases, 13 of RFC 6455's handshake answer and server masking, 5 of RFC 8441 (the answer, a reset, the setting).
        Assert.Equal(517 + 13 + 5, cases.Count(c => c.Testees.HasFlag(Testees.Clients)));
        Assert.All(cases.Where(c => c.Section is "http2-response"), c => Assert.Equal((Testees.Clients, CaseTransport.Http2), (c.Testees, c.Transport)));
        Assert.All(cases.Where(c => c.Section is "handshake" or "masking"), c => Assert.Equal(Testees.Servers, c.Testees));
        Assert.All(cases.Where(c => c.Section is "handshake-response" or "server-masking" or "http2-response"), c => Assert.Equal(Testees.Clients, c.Testees));
        Assert.All(cases.Where(c => c.AutobahnId is not null), c => Assert.Equal(Testees.ServersAndClients, c.Testees));
    }
}
