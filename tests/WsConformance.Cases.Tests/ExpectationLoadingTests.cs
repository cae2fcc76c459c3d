using WsConformance.Cases.Model;

namespace WsConformance.Cases.Tests;

public class ExpectationLoadingTests
{
    public static TheoryData<string, ExpectedEvent> ValidEvents => new()
    {
        { "message: { text: \"Hello\" }", new ExpectedMessage(1, PayloadSpec.FromText("Hello"), 5) },
        { "message: { text: \"Hi\", type: binary }", new ExpectedMessage(2, PayloadSpec.FromText("Hi"), 2) },
        { "message: { hex: \"cebae1\", type: text }", new ExpectedMessage(1, new BytesPayload([0xCE, 0xBA, 0xE1]), 3) },
        { "message: { repeat: { hex: \"fe\", length: 10 }, type: binary }", new ExpectedMessage(2, new RepeatedPayload([0xFE], 10), 10) },
        { "message: { type: binary, length: 1048576 }", new ExpectedMessage(2, null, 1048576) },
        { "message: { type: text, length: 64, count: 1000 }", new ExpectedMessage(1, null, 64, 1000) },
        { "message: { text: \"\", count: 2 }", new ExpectedMessage(1, PayloadSpec.Empty, 0, 2) },
        { "pong: Hello", new ExpectedPong(PayloadSpec.FromText("Hello")) },
        { "pong: { hex: \"00ff\" }", new ExpectedPong(new BytesPayload([0x00, 0xFF])) },
        { "pong: \"\"", new ExpectedPong(PayloadSpec.Empty) },
        { "ping: { text: \"x\" }", new ExpectedPing(PayloadSpec.FromText("x")) },
        { "timeout: t1", new ExpectedTimeout("t1") },
    };

    [Theory]
    [MemberData(nameof(ValidEvents))]
    public void Valid_event_maps_to_the_expected_record(string yaml, ExpectedEvent expected)
    {
        var definition = Assert.Single(CaseYaml.Load(CaseYaml.WithExpect("{ OK: [ { " + yaml + " } ] }")).Cases);

        var alternative = Assert.Single(definition.Expectation.Alternatives);
        Assert.Equal(Verdict.Ok, alternative.Verdict);
        Assert.Equal(expected, Assert.Single(alternative.Events));
    }

    [Fact]
    public void Verdicts_keep_file_order_and_map_every_name()
    {
        var definition = Assert.Single(CaseYaml.Load(CaseYaml.WithExpect(
            "{ NON-STRICT: [ { pong: a } ], OK: [], INFORMATIONAL: [ { timeout: x } ], UNIMPLEMENTED: [] }")).Cases);

        Assert.Equal(
            [Verdict.NonStrict, Verdict.Ok, Verdict.Informational, Verdict.Unimplemented],
            definition.Expectation.Alternatives.Select(a => a.Verdict));
        Assert.Empty(definition.Expectation.Alternatives[1].Events);
    }

    [Fact]
    public void A_list_of_lists_gives_one_verdict_several_sequences()
    {
        var definition = Assert.Single(CaseYaml.Load(CaseYaml.WithExpect(
            "{ OK: [ [ { pong: a } ], [] ], NON-STRICT: [ { pong: b } ] }")).Cases);

        var alternatives = definition.Expectation.Alternatives;
        Assert.Equal([Verdict.Ok, Verdict.Ok, Verdict.NonStrict], alternatives.Select(a => a.Verdict));
        Assert.Equal(new ExpectedPong(PayloadSpec.FromText("a")), Assert.Single(alternatives[0].Events));
        Assert.Empty(alternatives[1].Events);
        Assert.Equal(new ExpectedPong(PayloadSpec.FromText("b")), Assert.Single(alternatives[2].Events));
    }

    [Fact]
    public void Close_expectation_reads_every_field()
    {
        var definition = CaseYaml.SingleCase(
            "id: a", "title: t", CaseYaml.Rfc, "steps: []", "expect: { OK: [] }",
            "close: { by: server, codes: [1002, 1007, 0, 65535], clean: optional, wrong_code_fails: true, wrong_closer_fails: true, nothing_after_close: true }");

        var close = definition.Expectation.Close;
        Assert.Equal(Closer.Peer, close.ClosedBy);
        Assert.Equal([1002, 1007, 0, 65535], close.Codes);
        Assert.False(close.RequireClean);
        Assert.True(close.WrongCodeFails);
        Assert.True(close.WrongCloserFails);
        Assert.True(close.NothingAfterClose);
    }

    [Fact]
    public void Close_expectation_defaults_to_clean_and_lenient()
    {
        var close = CaseYaml.SingleCase("id: a", "title: t", CaseYaml.Rfc, "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [] }")
            .Expectation.Close;

        Assert.Equal(Closer.Harness, close.ClosedBy);
        Assert.Empty(close.Codes);
        Assert.True(close.RequireClean);
        Assert.False(close.WrongCodeFails);
        Assert.False(close.WrongCloserFails);
        Assert.False(close.NothingAfterClose);
    }

    [Fact]
    public void Case_level_verdict_is_forced()
    {
        var definition = CaseYaml.SingleCase(
            "id: a", "title: t", CaseYaml.Rfc, "verdict: INFORMATIONAL", "steps: []", "expect: { OK: [] }", "close: { by: harness, codes: [1000] }");

        Assert.Equal(Verdict.Informational, definition.Expectation.ForcedVerdict);
        Assert.Null(definition.Expectation.HandshakeAlternatives);
    }
}
