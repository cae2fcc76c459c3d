using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Protocol;

namespace WsConformance.Engine.Judging;

/// <summary>
/// Autobahn|Testsuite's verdict rules (case.py and its section-specific overrides), applied to what a session
/// observed: the event sequence picks <c>behavior</c>, the close record picks <c>behaviorClose</c>, then the
/// escalations of the UTF-8 and close-handling sections and our own after-close rule apply, and last the
/// requirement's level (a SHOULD is at worst NON-STRICT).
/// </summary>
public static class Judge
{
    public const string MatchedText = "Actual events match at least one expected.";
    public const string DifferText = "Actual events differ from any expected.";

    /// <param name="harnessRole">
    /// Our role. As the server the harness drops TCP itself after the closing handshake (RFC 6455 §7.1.1), so
    /// Autobahn's "FAILED BY CLIENT" rule, which blames a server for leaving that to the client, does not apply.
    /// </param>
    /// <param name="ranOutOfTimeAt">When the harness stopped waiting for a peer that still owed something (see <see cref="TimingRecord"/>).</param>
    public static Judgement Evaluate(CaseDefinition definition, IReadOnlyList<ObservedEvent> events, CloseRecord close, bool slow,
        Role harnessRole = Role.Client, TimeSpan? ranOutOfTimeAt = null)
    {
        var expectation = definition.Expectation;
        var peer = harnessRole == Role.Client ? "server" : "client";
        var (behavior, result) = JudgeEvents(definition, events);
        var evidence = EvidenceOf(definition, events);
        if (behavior == Verdict.Failed && ranOutOfTimeAt is { } stoppedWaiting
            && SlowProgress.Describe(definition, events, stoppedWaiting, peer) is { } slowness)
        {
            (behavior, result) = (Verdict.Slow, slowness);
        }

        var (behaviorClose, resultClose) = JudgeClose(expectation.Close, close, harnessRole, peer);

        var wrongCloser = (expectation.Close.ClosedBy == Closer.Harness) != close.ClosedByMe;
        if (expectation.Close.WrongCloserFails && wrongCloser)
        {
            (behavior, result) = (Verdict.Failed, $"The {peer} never failed the connection: the harness had to close it.");
        }

        if (expectation.Close.WrongCloserNonStrict && wrongCloser && behavior == Verdict.Ok)
        {
            (behavior, result) = (Verdict.NonStrict, $"The {peer} did not fail the connection but kept waiting until the harness closed it.");
        }

        if (expectation.Close.WrongCodeFails && behaviorClose == CloseVerdict.WrongCode)
        {
            (behavior, result) = (Verdict.Failed, $"The {peer} answered with close code {close.RemoteCloseCode}: {resultClose}.");
        }

        if (expectation.Close.NothingAfterClose && close.FramesAfterPeerClose > 0)
        {
            (behavior, result) = (Verdict.Failed, $"The {peer} sent {close.FramesAfterPeerClose} frame(s) after its own Close frame (RFC 6455 §5.5.1).");
        }

        (behavior, result) = CapByLevel(definition, behavior, result);

        if (expectation.ForcedVerdict is { } forced)
        {
            behavior = forced;
            behaviorClose = forced == Verdict.Informational ? CloseVerdict.Informational : behaviorClose;
        }

        if (slow && behavior is not (Verdict.Failed or Verdict.Slow))
        {
            result += $" The {peer} was slow: it answered only after the case's timer had run out.";
        }

        return new Judgement(behavior, behaviorClose, result, resultClose, slow) { Evidence = evidence };
    }

    /// <summary>
    /// The server said 101 but broke RFC 6455 §4.2.2 doing so (wrong Sec-WebSocket-Accept, missing Upgrade, a
    /// subprotocol or extension nobody offered): the server's failure, not the harness's.
    /// </summary>
    public static Judgement InvalidHandshakeResponse(string detail) =>
        new(Verdict.Failed, CloseVerdict.Failed, $"The server's opening-handshake response is invalid: {detail}", "The WebSocket opening handshake was never completed!", false);

    /// <summary>The client under test sent an opening handshake RFC 6455 §4.1 does not allow; the harness answered 400.</summary>
    public static Judgement InvalidClientHandshake(string detail) =>
        new(Verdict.Failed, CloseVerdict.Failed, $"The client's opening handshake is invalid: {detail}", "The WebSocket opening handshake was never completed!", false);

    /// <summary>
    /// The server does not offer the transport the run asked for (WebSockets over HTTP/2, RFC 8441): UNIMPLEMENTED, as
    /// for an extension the server does not speak — neither the server's failure nor the harness's.
    /// </summary>
    public static Judgement TransportUnsupported(string detail) =>
        new(Verdict.Unimplemented, CloseVerdict.Ok, $"The server does not offer this transport: {detail}", "No WebSocket connection was opened.", false);

    /// <summary>
    /// The case means something on the other transport only (an HTTP/1.1 upgrade bent, or RFC 8441 itself): not run on this
    /// one, UNIMPLEMENTED with <paramref name="why"/> — never faked, and neither side's failure.
    /// </summary>
    public static Judgement NotOnThisTransport(string why) =>
        new(Verdict.Unimplemented, CloseVerdict.Ok, $"Not run on this transport: {why}", "No WebSocket connection was opened.", false);

    /// <summary>A case whose opening handshake could not be completed although the case needs it: a harness ERROR, not a server failure.</summary>
    public static Judgement HandshakeError(string detail) =>
        new(Verdict.Error, CloseVerdict.Failed, $"The opening handshake did not complete: {detail}", "The WebSocket opening handshake was never completed!", false);

    private static (Verdict, string) JudgeEvents(CaseDefinition definition, IReadOnlyList<ObservedEvent> events)
    {
        foreach (var alternative in definition.Expectation.Alternatives)
        {
            if (EventMatcher.Matches(events, alternative.Events))
            {
                return (alternative.Verdict, MatchedText);
            }
        }

        return (Verdict.Failed, DifferText);
    }

    /// <summary>
    /// Autobahn's close decision order (case.py <c>onConnectionLost</c>), worded so it agrees with the wire log: a
    /// connection the harness had to drop is never called properly closed, even where Autobahn's rule grades it OK.
    /// </summary>
    private static (CloseVerdict, string) JudgeClose(CloseExpectation expected, CloseRecord actual, Role harnessRole, string peer)
    {
        var expectedByMe = expected.ClosedBy == Closer.Harness;
        var forcedDrop = actual.DroppedByMe && !actual.WasClean;
        if (expectedByMe != actual.ClosedByMe)
        {
            return (CloseVerdict.Failed, forcedDrop && !actual.ClosedByMe
                ? $"The connection was failed by the wrong endpoint: the {peer} never closed it and the harness had to drop TCP ({actual.WasNotCleanReason})"
                : "The connection was failed by the wrong endpoint");
        }

        if (expected.RequireClean && !actual.WasClean)
        {
            return (CloseVerdict.Unclean, "The spec requires the connection to be failed cleanly here");
        }

        if (actual.RemoteCloseCode is { } code && !expected.Codes.Contains(code))
        {
            return (CloseVerdict.WrongCode, $"The close code should have been {string.Join(',', expected.Codes)} or empty");
        }

        if (actual.DroppedByMe && harnessRole == Role.Client)
        {
            return (CloseVerdict.FailedByClient, "It is preferred that the server close the TCP connection");
        }

        return forcedDrop
            ? (CloseVerdict.Ok, $"OK by Autobahn's rule (this case does not require a clean close), but the connection was not properly closed: "
                + $"the harness had to drop TCP ({actual.WasNotCleanReason})")
            : (CloseVerdict.Ok, "Connection was properly closed");
    }

    /// <summary>
    /// RFC 2119 lets an implementation ignore a SHOULD "in particular circumstances" when it weighs the implications, so
    /// breaking one is NON-STRICT, never FAILED — unless the case file says otherwise (<c>worst_verdict: FAILED</c>).
    /// </summary>
    internal static (Verdict, string) CapByLevel(CaseDefinition definition, Verdict behavior, string reason)
    {
        if (behavior != Verdict.Failed || definition.WorstVerdict != Verdict.NonStrict)
        {
            return (behavior, reason);
        }

        var why = definition.Expectation.WorstVerdict is null
            ? $"the requirement is a {definition.Requirement.LevelName}, not a MUST"
            : "the case file sets worst_verdict: NON-STRICT";
        return (Verdict.NonStrict, $"{reason} NON-STRICT rather than FAILED: {why}.");
    }

    private static Evidence EvidenceOf(CaseDefinition definition, IReadOnlyList<ObservedEvent> events) => new(
        definition.Requirement,
        definition.Expectation.Alternatives.Select(a => new ExpectedOutcome(a.Verdict, EventText.Describe(a.Events))).ToList(),
        EventText.DescribeEach(events));
}
