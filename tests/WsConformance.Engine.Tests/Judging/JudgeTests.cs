using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;

namespace WsConformance.Engine.Tests.Judging;

/// <summary>Autobahn's verdict rules (case.py), one rule per test, on synthetic observations.</summary>
public sealed class JudgeTests
{
    private static readonly byte[] Hello = "Hello"u8.ToArray();

    private static readonly CloseRecord CleanCloseByHarness = new(
        ClosedByMe: true, FailedByMe: false, DroppedByMe: false, WasClean: true, WasNotCleanReason: null, WasCloseHandshakeTimeout: false,
        WasServerConnectionDropTimeout: false, LocalCloseCode: 1000, LocalCloseReason: null, RemoteCloseCode: 1000, RemoteCloseReason: null,
        FramesAfterPeerClose: 0);

    private static readonly CloseRecord FailedByServer = CleanCloseByHarness with { ClosedByMe = false, RemoteCloseCode = 1002 };

    [Fact]
    public void Echo_that_matches_is_ok_with_a_clean_close()
    {
        var judgement = Judge.Evaluate(EchoCase(), [Message(Hello)], CleanCloseByHarness, slow: false);

        Assert.Equal((Verdict.Ok, CloseVerdict.Ok), (judgement.Behavior, judgement.BehaviorClose));
    }

    [Fact]
    public void Different_events_fail_and_the_reason_shows_requirement_expected_and_actual()
    {
        var judgement = Judge.Evaluate(EchoCase(), [Message("Hellp"u8.ToArray())], CleanCloseByHarness, slow: false);

        Assert.Equal(Verdict.Failed, judgement.Behavior);
        Assert.Contains("MUST", judgement.Result, StringComparison.Ordinal);
        Assert.Contains("Expected: OK: text message of 5 bytes \"Hello\"", judgement.Result, StringComparison.Ordinal);
        Assert.Contains("Actual: text message of 5 bytes \"Hellp\"", judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_alternative_that_matches_gives_the_verdict()
    {
        var definition = Case(new Expectation(
            [new EventAlternative(Verdict.Ok, [new ExpectedMessage(1, PayloadSpec.FromText("Hello"), 5)]), new EventAlternative(Verdict.NonStrict, [])],
            ServerCloses(1002), null, null));

        Assert.Equal(Verdict.NonStrict, Judge.Evaluate(definition, [], FailedByServer, slow: false).Behavior);
        Assert.Equal(Verdict.Ok, Judge.Evaluate(definition, [Message(Hello)], FailedByServer, slow: false).Behavior);
    }

    [Fact]
    public void Close_by_the_wrong_endpoint_fails_the_close_first()
    {
        var judgement = Judge.Evaluate(EchoCase(), [Message(Hello)], FailedByServer with { WasClean = false, RemoteCloseCode = 4000 }, slow: false);

        Assert.Equal(CloseVerdict.Failed, judgement.BehaviorClose);
        Assert.Equal("The connection was failed by the wrong endpoint", judgement.ResultClose);
    }

    [Fact]
    public void Unclean_close_where_a_clean_one_is_required()
    {
        var judgement = Judge.Evaluate(EchoCase(), [Message(Hello)], CleanCloseByHarness with { WasClean = false }, slow: false);

        Assert.Equal(CloseVerdict.Unclean, judgement.BehaviorClose);
    }

    [Fact]
    public void A_close_code_outside_the_list_is_wrong_but_no_code_at_all_is_fine()
    {
        var wrong = Judge.Evaluate(EchoCase(), [Message(Hello)], CleanCloseByHarness with { RemoteCloseCode = 1001 }, slow: false);
        var absent = Judge.Evaluate(EchoCase(), [Message(Hello)], CleanCloseByHarness with { RemoteCloseCode = null }, slow: false);

        Assert.Equal((Verdict.Ok, CloseVerdict.WrongCode), (wrong.Behavior, wrong.BehaviorClose));
        Assert.Equal(CloseVerdict.Ok, absent.BehaviorClose);
    }

    [Fact]
    public void Harness_dropping_tcp_is_failed_by_client()
    {
        var judgement = Judge.Evaluate(EchoCase(), [Message(Hello)], CleanCloseByHarness with { DroppedByMe = true }, slow: false);

        Assert.Equal(CloseVerdict.FailedByClient, judgement.BehaviorClose);
    }

    [Fact]
    public void Wrong_code_escalates_to_failed_where_the_case_says_so()
    {
        var definition = Case(new Expectation([new EventAlternative(Verdict.Ok, [])], HarnessCloses(1002) with { WrongCodeFails = true }, null, null));

        var judgement = Judge.Evaluate(definition, [], CleanCloseByHarness, slow: false);

        Assert.Equal((Verdict.Failed, CloseVerdict.WrongCode), (judgement.Behavior, judgement.BehaviorClose));
    }

    [Fact]
    public void Harness_having_to_close_is_fatal_where_the_case_says_so()
    {
        var definition = Case(new Expectation([new EventAlternative(Verdict.Ok, [])], ServerCloses(1007) with { WrongCloserFails = true }, null, null));

        var judgement = Judge.Evaluate(definition, [], CleanCloseByHarness, slow: false);

        Assert.Equal((Verdict.Failed, CloseVerdict.Failed), (judgement.Behavior, judgement.BehaviorClose));
    }

    [Fact]
    public void Harness_having_to_close_is_non_strict_where_the_case_says_so()
    {
        var definition = Case(new Expectation([new EventAlternative(Verdict.Ok, [])], ServerCloses(1002) with { WrongCloserNonStrict = true }, null, null));

        Assert.Equal(Verdict.NonStrict, Judge.Evaluate(definition, [], CleanCloseByHarness, slow: false).Behavior);
        Assert.Equal(Verdict.Ok, Judge.Evaluate(definition, [], FailedByServer, slow: false).Behavior);
    }

    [Fact]
    public void Frames_after_the_servers_close_fail_where_the_case_forbids_them()
    {
        var definition = Case(new Expectation([new EventAlternative(Verdict.Ok, [])], ServerCloses(1002) with { NothingAfterClose = true }, null, null));

        var judgement = Judge.Evaluate(definition, [], FailedByServer with { FramesAfterPeerClose = 1 }, slow: false);

        Assert.Equal(Verdict.Failed, judgement.Behavior);
        Assert.Contains("§5.5.1", judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void Forced_informational_overrides_both_verdicts()
    {
        var definition = Case(new Expectation([new EventAlternative(Verdict.Ok, [])], HarnessCloses(1000), Verdict.Informational, null));

        var judgement = Judge.Evaluate(definition, [Message(Hello)], FailedByServer, slow: false);

        Assert.Equal((Verdict.Informational, CloseVerdict.Informational), (judgement.Behavior, judgement.BehaviorClose));
    }

    [Fact]
    public void A_slow_but_correct_answer_stays_ok_and_says_so()
    {
        var judgement = Judge.Evaluate(EchoCase(), [Message(Hello)], CleanCloseByHarness, slow: true);

        Assert.Equal(Verdict.Ok, judgement.Behavior);
        Assert.True(judgement.Slow);
        Assert.Contains("slow", judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void Wire_text_in_a_reason_is_escaped()
    {
        var judgement = Judge.Evaluate(EchoCase(), [Message("\"<x>\u0007"u8.ToArray())], CleanCloseByHarness, slow: false);

        Assert.Contains("\"\\\"<x>\\u0007\"", judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_keep_alive_ping_is_answered_not_compared_but_never_stands_in_for_an_echo()
    {
        var repeated = Case(new Expectation(
            [new EventAlternative(Verdict.Ok, [new ExpectedMessage(1, null, 5, Count: 3)])], HarnessCloses(1000), null, null));
        var ping = new PingEvent(TimeSpan.Zero, false, [0xbe, 0xf0, 0xde, 0x21]);

        var amongRepeated = Judge.Evaluate(repeated, [Message(Hello), ping, Message(Hello), Message(Hello)], CleanCloseByHarness, slow: false);
        var beforeSingle = Judge.Evaluate(EchoCase(), [ping, Message(Hello)], CleanCloseByHarness, slow: false);
        var insteadOfSingle = Judge.Evaluate(EchoCase(), [ping], CleanCloseByHarness, slow: false);

        Assert.Equal(Verdict.Ok, amongRepeated.Behavior);
        Assert.Equal(Verdict.Ok, beforeSingle.Behavior);
        Assert.Equal(Verdict.Failed, insteadOfSingle.Behavior);
    }

    /// <summary>Five echoes owed, one every 2 s; the harness stopped waiting at 10.5 s.</summary>
    [Fact]
    public void A_correct_prefix_at_a_steady_pace_when_time_ran_out_is_slow_with_how_far_it_got()
    {
        var events = Enumerable.Range(1, 4).Select(i => Message(Hello, TimeSpan.FromSeconds(2 * i))).ToList();

        var judgement = Judge.Evaluate(FiveEchoesCase(), events, CleanCloseByHarness, slow: false, ranOutOfTimeAt: TimeSpan.FromSeconds(10.5));

        Assert.Equal(Verdict.Slow, judgement.Behavior);
        Assert.Contains("4 of 5 expected events arrived", judgement.Result, StringComparison.Ordinal);
        Assert.Contains("one every 2000 ms", judgement.Result, StringComparison.Ordinal);
    }

    [Fact]
    public void A_peer_that_fell_silent_long_before_time_ran_out_failed_it_was_not_slow()
    {
        var events = Enumerable.Range(1, 2).Select(i => Message(Hello, TimeSpan.FromMilliseconds(10 * i))).ToList();

        var judgement = Judge.Evaluate(FiveEchoesCase(), events, CleanCloseByHarness, slow: false, ranOutOfTimeAt: TimeSpan.FromSeconds(10));

        Assert.Equal(Verdict.Failed, judgement.Behavior);
    }

    [Fact]
    public void A_peer_that_never_answered_failed_it_was_not_slow()
    {
        var judgement = Judge.Evaluate(FiveEchoesCase(), [], CleanCloseByHarness, slow: false, ranOutOfTimeAt: TimeSpan.FromSeconds(10));

        Assert.Equal(Verdict.Failed, judgement.Behavior);
    }

    [Fact]
    public void A_wrong_answer_is_failed_even_when_time_ran_out()
    {
        var events = new[] { Message(Hello, TimeSpan.FromSeconds(1)), Message("Hellp"u8.ToArray(), TimeSpan.FromSeconds(2)) };

        var judgement = Judge.Evaluate(FiveEchoesCase(), events, CleanCloseByHarness, slow: false, ranOutOfTimeAt: TimeSpan.FromSeconds(2.5));

        Assert.Equal(Verdict.Failed, judgement.Behavior);
    }

    [Fact]
    public void A_correct_prefix_is_failed_when_time_never_ran_out()
    {
        var events = Enumerable.Range(1, 4).Select(i => Message(Hello, TimeSpan.FromSeconds(2 * i))).ToList();

        var judgement = Judge.Evaluate(FiveEchoesCase(), events, CleanCloseByHarness, slow: false);

        Assert.Equal(Verdict.Failed, judgement.Behavior);
    }

    [Fact]
    public void The_judgement_carries_requirement_expected_alternatives_and_actual_events_as_a_structure()
    {
        var definition = Case(new Expectation(
            [new EventAlternative(Verdict.Ok, [new ExpectedMessage(1, PayloadSpec.FromText("Hello"), 5)]), new EventAlternative(Verdict.NonStrict, [])],
            HarnessCloses(1000), null, null));

        var judgement = Judge.Evaluate(definition, [Message("Hellp\u0007"u8.ToArray())], CleanCloseByHarness, slow: false);

        Assert.Equal(Judge.DifferText, judgement.Reason);
        var evidence = Assert.IsType<Evidence>(judgement.Evidence);
        Assert.Equal(definition.Requirement, evidence.Requirement);
        Assert.Equal(
            [new ExpectedOutcome(Verdict.Ok, "text message of 5 bytes \"Hello\""), new ExpectedOutcome(Verdict.NonStrict, "(no events)")],
            evidence.Expected);
        Assert.Equal(["text message of 6 bytes \"Hellp\\u0007\""], evidence.Actual);
    }

    [Fact]
    public void Only_a_failed_result_repeats_the_evidence_in_autobahns_one_line_result()
    {
        var passed = Judge.Evaluate(EchoCase(), [Message(Hello)], CleanCloseByHarness, slow: false);
        var failed = Judge.Evaluate(EchoCase(), [], CleanCloseByHarness, slow: false);

        Assert.Equal(Judge.MatchedText, passed.Result);
        Assert.NotNull(passed.Evidence);
        Assert.Equal($"{Judge.DifferText} Requirement (RFC 6455 §6.1, MUST): An endpoint MUST echo. "
            + "Expected: OK: text message of 5 bytes \"Hello\". Actual: (no events).", failed.Result);
    }

    [Fact]
    public void More_events_than_shown_end_in_a_count()
    {
        var events = Enumerable.Repeat(Message(Hello), EventText.MaxEventsShown + 3).ToList();

        var evidence = Judge.Evaluate(EchoCase(), events, CleanCloseByHarness, slow: false).Evidence!;

        Assert.Equal(EventText.MaxEventsShown + 1, evidence.Actual.Count);
        Assert.Equal("… and 3 more events", evidence.Actual[^1]);
    }

    [Fact]
    public void A_failed_should_requirement_is_non_strict_and_says_why()
    {
        var judgement = Judge.Evaluate(EchoCase(RequirementLevel.Should), [], CleanCloseByHarness, slow: false);

        Assert.Equal(Verdict.NonStrict, judgement.Behavior);
        Assert.Equal($"{Judge.DifferText} NON-STRICT rather than FAILED: the requirement is a SHOULD, not a MUST.", judgement.Reason);
        Assert.NotNull(judgement.Evidence);
    }

    [Fact]
    public void A_failed_must_requirement_stays_failed()
    {
        Assert.Equal(Verdict.Failed, Judge.Evaluate(EchoCase(RequirementLevel.Must), [], CleanCloseByHarness, slow: false).Behavior);
    }

    [Fact]
    public void A_should_case_that_opts_out_fails()
    {
        var definition = EchoCase(RequirementLevel.Should);
        definition = definition with { Expectation = definition.Expectation with { WorstVerdict = Verdict.Failed } };

        Assert.Equal(Verdict.Failed, Judge.Evaluate(definition, [], CleanCloseByHarness, slow: false).Behavior);
    }

    [Fact]
    public void A_must_case_that_sets_non_strict_as_its_worst_says_so()
    {
        var definition = EchoCase(RequirementLevel.Must);
        definition = definition with { Expectation = definition.Expectation with { WorstVerdict = Verdict.NonStrict } };

        var judgement = Judge.Evaluate(definition, [], CleanCloseByHarness, slow: false);

        Assert.Equal(Verdict.NonStrict, judgement.Behavior);
        Assert.EndsWith("NON-STRICT rather than FAILED: the case file sets worst_verdict: NON-STRICT.", judgement.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_should_case_failed_by_a_close_rule_is_non_strict_too()
    {
        var definition = Case(new Expectation([new EventAlternative(Verdict.Ok, [])], HarnessCloses(1002) with { WrongCodeFails = true, RequireClean = false }, null, null),
            RequirementLevel.Should);

        var judgement = Judge.Evaluate(definition, [], CleanCloseByHarness, slow: false);

        Assert.Equal((Verdict.NonStrict, CloseVerdict.WrongCode), (judgement.Behavior, judgement.BehaviorClose));
    }

    [Fact]
    public void A_should_case_that_passes_is_untouched()
    {
        var judgement = Judge.Evaluate(EchoCase(RequirementLevel.Should), [Message(Hello)], CleanCloseByHarness, slow: false);

        Assert.Equal((Verdict.Ok, Judge.MatchedText), (judgement.Behavior, judgement.Reason));
    }

    private static MessageEvent Message(byte[] payload) => Message(payload, TimeSpan.Zero);

    private static MessageEvent Message(byte[] payload, TimeSpan at) => new(at, false, 1, payload.Length, payload);

    private static CaseDefinition FiveEchoesCase() => Case(new Expectation(
        [new EventAlternative(Verdict.Ok, [new ExpectedMessage(1, PayloadSpec.FromText("Hello"), 5, Count: 5)])], HarnessCloses(1000), null, null));

    private static CloseExpectation HarnessCloses(params int[] codes) => new(Closer.Harness, codes, RequireClean: true, WrongCodeFails: false, WrongCloserFails: false);

    private static CloseExpectation ServerCloses(params int[] codes) => new(Closer.Peer, codes, RequireClean: false, WrongCodeFails: false, WrongCloserFails: false);

    private static CaseDefinition EchoCase(RequirementLevel level = RequirementLevel.Must) => Case(new Expectation(
        [new EventAlternative(Verdict.Ok, [new ExpectedMessage(1, PayloadSpec.FromText("Hello"), 5)])], HarnessCloses(1000), null, null), level);

    private static CaseDefinition Case(Expectation expectation, RequirementLevel level = RequirementLevel.Must) => new(
        "test.1", null, "test", "a test case", new Requirement("RFC 6455", "6.1", level, "An endpoint MUST echo."),
        HandshakeOverrides.None, [], expectation, BulkTraffic: false, SourceFile: "test.yaml");
}
