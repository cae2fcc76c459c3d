using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Transport;
using WsConformance.Protocol.Handshake;

namespace WsConformance.Engine.Tests.Judging;

/// <summary>An answer to a bent opening handshake that matches no accepted one: its judgement's structure and level.</summary>
public sealed class HandshakeJudgeTests
{
    private static readonly HandshakeAlternative Refused426 = new(Verdict.Ok, Accepted: false, Statuses: [426], RequiredHeaders: []);

    [Fact]
    public void An_answer_matching_none_fails_with_the_alternatives_expected_and_the_escaped_status_line_actual()
    {
        var judgement = HandshakeJudge.Evaluate(Case(RequirementLevel.Must), [Refused426], RefusedWith(400, "Bad\u001b[31m")).Judgement!;

        Assert.Equal((Verdict.Failed, "The answer matches no accepted one."), (judgement.Behavior, judgement.Reason));
        Assert.Equal([new ExpectedOutcome(Verdict.Ok, "refused with status 426")], judgement.Evidence!.Expected);
        Assert.Equal(["status 400 \"Bad\\u001b[31m\""], judgement.Evidence.Actual);
    }

    [Fact]
    public void An_answer_matching_none_on_a_should_requirement_is_non_strict()
    {
        var judgement = HandshakeJudge.Evaluate(Case(RequirementLevel.Should), [Refused426], RefusedWith(400, "Bad Request")).Judgement!;

        Assert.Equal(Verdict.NonStrict, judgement.Behavior);
    }

    private static ConnectResult RefusedWith(int status, string reason) =>
        new(ConnectOutcome.Refused, null, new HandshakeResponse("HTTP/1.1", status, reason, [], ""), [], "refused", []);

    private static CaseDefinition Case(RequirementLevel level) => new(
        "handshake.test", null, "handshake", "a bent handshake", new Requirement("RFC 6455", "4.2.2", level, "The server SHOULD answer 426."),
        HandshakeOverrides.None, [], new Expectation([], new CloseExpectation(Closer.Harness, [1000], true, false, false), null, [Refused426]),
        BulkTraffic: false, SourceFile: "test.yaml");
}
