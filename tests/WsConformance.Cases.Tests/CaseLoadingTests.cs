using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

public class CaseLoadingTests
{
    [Fact]
    public void Case_fields_and_section_map_to_the_definition()
    {
        var section = CaseYaml.Load("""
            section: "3"
            title: Reserved Bits
            cases:
              - id: "3.2"
                autobahn: "3.2"
                title: Send small text message with RSV = 2.
                rfc: { section: "5.2", level: SHOULD, text: "RSV MUST be 0.", document: RFC 7692 }
                bulk: true
                steps: []
                expect: { OK: [] }
                close: { by: server, codes: [1002] }
            """);

        Assert.Equal("3", section.Id);
        Assert.Equal("Reserved Bits", section.Title);
        Assert.Equal(CaseYaml.FileName, section.SourceFile);
        var definition = Assert.Single(section.Cases);
        Assert.Equal("3.2", definition.Id);
        Assert.Equal("3.2", definition.AutobahnId);
        Assert.Equal("3", definition.Section);
        Assert.Equal("Send small text message with RSV = 2.", definition.Title);
        Assert.Equal(new Requirement("RFC 7692", "5.2", RequirementLevel.Should, "RSV MUST be 0."), definition.Requirement);
        Assert.True(definition.BulkTraffic);
        Assert.True(definition.Handshake.IsNone);
        Assert.Equal(CaseYaml.FileName, definition.SourceFile);
    }

    [Theory]
    [InlineData("1.10")]
    [InlineData("7.7.10")]
    [InlineData("1.0")]
    [InlineData("10")]
    [InlineData("true")]
    public void Unquoted_ids_stay_the_text_as_written(string id)
    {
        var definition = CaseYaml.SingleCase($"id: {id}", "title: t", CaseYaml.Rfc, "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }");

        Assert.Equal(id, definition.Id);
        Assert.Null(definition.AutobahnId);
        Assert.Equal("RFC 6455", definition.Requirement.Rfc);
        Assert.False(definition.BulkTraffic);
    }

    [Fact]
    public void Defaults_fill_missing_fields_and_the_case_own_field_wins()
    {
        var section = CaseYaml.Load("""
            section: "4"
            title: Opcodes
            defaults:
              rfc: { section: "5.2", level: MUST, text: "default" }
              close: { by: server, codes: [1002], clean: optional }
              fail_after: 1s
              expect: { OK: [] }
              bulk: true
              steps: [ { ping: a } ]
            cases:
              - id: "4.1.1"
                title: inherits
              - id: "4.1.2"
                title: overrides
                rfc: { section: "5.5", level: MAY, text: "own" }
                close: { by: harness, codes: [1000] }
                fail_after: none
                bulk: false
                steps: [ { ping: a } ]
              - id: "4.1.3"
                title: own fail_after
                fail_after: 2s
                steps: []
            """);

        var (inherits, overrides, ownFailAfter) = (section.Cases[0], section.Cases[1], section.Cases[2]);
        Assert.Equal("default", inherits.Requirement.Text);
        Assert.Equal(Closer.Peer, inherits.Expectation.Close.ClosedBy);
        Assert.True(inherits.BulkTraffic);
        Assert.Equal([typeof(SendFrameStep), typeof(FailAfterStep)], inherits.Steps.Select(s => s.GetType()));
        Assert.Equal(new FailAfterStep(TimeSpan.FromSeconds(1)), inherits.Steps[^1]);
        Assert.Equal("own", overrides.Requirement.Text);
        Assert.Equal(Closer.Harness, overrides.Expectation.Close.ClosedBy);
        Assert.False(overrides.BulkTraffic);
        Assert.IsType<SendFrameStep>(Assert.Single(overrides.Steps));
        Assert.Equal(new FailAfterStep(TimeSpan.FromSeconds(2)), Assert.Single(ownFailAfter.Steps));
    }

    [Fact]
    public void Handshake_overrides_map_every_field()
    {
        var definition = CaseYaml.SingleCase(
            "id: h", "title: t", CaseYaml.Rfc,
            "handshake:",
            "  method: POST",
            "  http_version: HTTP/1.0",
            "  remove: [Sec-WebSocket-Key]",
            "  set: { Upgrade: \"h2c\", Connection: close }",
            "  add: [ \"x-custom: 1\", \"X-Two:  two spaces\", \"X-None:tight\" ]",
            "  protocols: [chat, superchat]",
            "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }");

        var handshake = definition.Handshake;
        Assert.Equal("POST", handshake.Method);
        Assert.Equal("HTTP/1.0", handshake.HttpVersion);
        Assert.Equal(["Sec-WebSocket-Key"], handshake.Remove);
        Assert.Equal([new("Upgrade", "h2c"), new("Connection", "close")], handshake.Set);
        Assert.Equal([new("x-custom", "1"), new("X-Two", " two spaces"), new("X-None", "tight")], handshake.Add);
        Assert.Equal(["chat", "superchat"], handshake.Protocols);
        Assert.False(handshake.IsNone);
    }

    [Fact]
    public void Expect_handshake_alone_gives_no_event_alternatives_and_a_clean_harness_close()
    {
        var definition = CaseYaml.SingleCase(
            "id: h", "title: t", CaseYaml.Rfc,
            "handshake: { remove: [Sec-WebSocket-Key] }",
            "expect_handshake:",
            "  - { verdict: OK, refused: true, status: [400, 426], headers: { Sec-WebSocket-Version: \"13\" } }",
            "  - { verdict: NON-STRICT, refused: true }",
            "  - { verdict: INFORMATIONAL, accepted: true }");

        var expectation = definition.Expectation;
        Assert.Empty(expectation.Alternatives);
        Assert.Empty(definition.Steps);
        Assert.Equal(Closer.Harness, expectation.Close.ClosedBy);
        Assert.Equal([1000], expectation.Close.Codes);
        Assert.True(expectation.Close.RequireClean);
        Assert.NotNull(expectation.HandshakeAlternatives);
        var (first, second, third) = (expectation.HandshakeAlternatives[0], expectation.HandshakeAlternatives[1], expectation.HandshakeAlternatives[2]);
        Assert.Equal((Verdict.Ok, false), (first.Verdict, first.Accepted));
        Assert.Equal([400, 426], first.Statuses);
        Assert.Equal([new("Sec-WebSocket-Version", "13")], first.RequiredHeaders);
        Assert.Equal((Verdict.NonStrict, false), (second.Verdict, second.Accepted));
        Assert.Empty(second.Statuses);
        Assert.Equal((Verdict.Informational, true), (third.Verdict, third.Accepted));
    }

    [Fact]
    public void Cases_keep_file_order_across_plain_cases_and_families()
    {
        var section = CaseYaml.Load("""
            section: "2"
            title: Pings
            defaults:
              rfc: { section: "5.5.2", level: MUST, text: "x" }
              expect: { OK: [] }
              close: { by: harness, codes: [1000] }
            cases:
              - { id: "2.1", title: a, steps: [] }
              - family:
                  template: { id: "2.{n}", title: "b{n}", steps: [] }
                  rows: [ { n: 2 }, { n: 3 } ]
              - { id: "2.10", title: c, steps: [] }
            """);

        Assert.Equal(["2.1", "2.2", "2.3", "2.10"], section.Cases.Select(c => c.Id));
    }
}
