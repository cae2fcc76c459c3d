using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Engine.Session;

namespace WsConformance.PropertyFuzzing.Findings;

/// <summary>Where a deviation comes from, which decides what of the conversation identifies its bug (<see cref="FailingCore"/>).</summary>
public enum DeviationScope
{
    /// <summary>The server's own doing whatever the client sent: its handshake, frames that break the protocol, frames after its own Close.</summary>
    AnyConversation,

    /// <summary>The server delivered every event it owed, then did not fail the connection as it should have (or sent what it should not have).</summary>
    AfterEverythingOwed,

    /// <summary>An event it owed was missing or wrong.</summary>
    InConversation,
}

/// <summary>
/// What the server did wrong in a FAILED result, in words that name kinds of events, rules and close codes but never
/// payload bytes or positions, so that one bug reads the same in every conversation that shows it: "no pong",
/// "never failed the connection", "close code 1000 instead of 1002".
/// </summary>
public sealed record ServerDeviation(string Text, DeviationScope Scope, IReadOnlyList<Protocol.ViolationCode> BrokenInOwnFrames)
{
    private const string FramesAfterOwnClose = "frames after its own Close";

    /// <summary>Text and binary alike: a server that mangles one kind of message mangles the other the same way.</summary>
    private const string DataMessage = "data message";

    public static ServerDeviation Of(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Close is not { } close)
        {
            return new ServerDeviation("invalid opening-handshake response", DeviationScope.AnyConversation, []);
        }

        var broken = close.PeerViolations ?? [];
        if (broken.Count > 0)
        {
            return new ServerDeviation($"sends frames that break {string.Join(" + ", broken.Order())}", DeviationScope.AnyConversation, broken);
        }

        var beforeOwnClose = result.Events.Where(e => !e.AfterPeerClose).ToList();
        var events = EventDeviation(result.Case.Expectation, beforeOwnClose);
        var parts = (events is null ? [] : new[] { events }).Concat(CloseDeviations(result.Case.Expectation.Close, close)).ToList();
        var scope = parts.SequenceEqual([FramesAfterOwnClose]) ? DeviationScope.AnyConversation
            : DeliveredEverythingOwed(result.Case.Expectation, beforeOwnClose) && !parts.Contains(FramesAfterOwnClose) ? DeviationScope.AfterEverythingOwed
            : DeviationScope.InConversation;
        // A FAILED verdict always has a reason above; the judge's close verdict is the last resort, never an empty name.
        return new ServerDeviation(parts.Count > 0 ? string.Join("; ", parts) : $"close {VerdictNames.Of(result.Judgement.BehaviorClose)}", scope, []);
    }

    /// <summary>
    /// The server sent, in order, every event of a fullest expected sequence before it went wrong (if it went wrong in
    /// its events at all). A shorter sequence does not count: one that fails early is accepted without some events,
    /// and a server that sent none of them may be missing them rather than mishandling the fault.
    /// </summary>
    private static bool DeliveredEverythingOwed(Expectation expectation, IReadOnlyList<ObservedEvent> observed)
    {
        if (expectation.Alternatives.Count == 0)
        {
            return true;
        }

        var most = expectation.Alternatives.Max(a => a.Events.Count);
        return expectation.Alternatives.Any(a => a.Events.Count == most && CommonPrefix(observed, a.Events) == most);
    }

    /// <summary>
    /// The first difference against the expected sequence that matches longest: an expected event that never came
    /// ("no pong"), an event that was not expected ("unexpected text message"), or one in its place that differs.
    /// </summary>
    private static string? EventDeviation(Expectation expectation, IReadOnlyList<ObservedEvent> observed)
    {
        if (expectation.Alternatives.Any(a => EventMatcher.Matches(observed, a.Events)))
        {
            return null;
        }

        var expected = expectation.Alternatives.Count == 0
            ? []
            : expectation.Alternatives.Select(a => a.Events).MaxBy(e => CommonPrefix(observed, e))!;
        var at = CommonPrefix(observed, expected);
        if (at >= observed.Count)
        {
            return at < expected.Count ? $"no {Kind(expected[at])}" : null;
        }

        if (at >= expected.Count)
        {
            return $"unexpected {Kind(observed[at])}";
        }

        var expectedComesLater = observed.Skip(at + 1).Any(o => EventMatcher.EventEquals(o, expected[at]));
        var observedWasDueLater = expected.Skip(at + 1).Any(e => EventMatcher.EventEquals(observed[at], e));
        return (expectedComesLater, observedWasDueLater) switch
        {
            (true, false) => $"unexpected {Kind(observed[at])}",
            (false, true) => $"no {Kind(expected[at])}",
            _ when Kind(observed[at]) == Kind(expected[at]) => $"wrong {Kind(observed[at])}",
            _ => $"{Kind(observed[at])} instead of {Kind(expected[at])}",
        };
    }

    private static int CommonPrefix(IReadOnlyList<ObservedEvent> observed, IReadOnlyList<ExpectedEvent> expected)
    {
        var length = 0;
        while (length < observed.Count && length < expected.Count && EventMatcher.EventEquals(observed[length], expected[length]))
        {
            length++;
        }

        return length;
    }

    /// <summary>The deviations of the close that the judge fails a case for (the other close verdicts do not make a finding).</summary>
    private static IEnumerable<string> CloseDeviations(CloseExpectation expected, CloseRecord close)
    {
        var wrongCloser = (expected.ClosedBy == Closer.Harness) != close.ClosedByMe;
        if (expected.WrongCloserFails && wrongCloser)
        {
            yield return expected.ClosedBy == Closer.Peer ? "never failed the connection" : "closed the connection itself";
        }

        if (expected.WrongCodeFails && close.RemoteCloseCode is { } code && !expected.Codes.Contains(code))
        {
            yield return $"close code {code} instead of {string.Join(" or ", expected.Codes)}";
        }

        if (expected.NothingAfterClose && close.FramesAfterPeerClose > 0)
        {
            yield return FramesAfterOwnClose;
        }
    }

    private static string Kind(ObservedEvent observed) => observed switch
    {
        MessageEvent => DataMessage,
        PongEvent => "pong",
        PingEvent => "ping",
        TimeoutEvent timeout => $"timeout {timeout.Tag}",
        _ => observed.GetType().Name,
    };

    private static string Kind(ExpectedEvent expected) => expected switch
    {
        ExpectedMessage or ExpectedSlices => DataMessage,
        ExpectedPong => "pong",
        ExpectedPing => "ping",
        ExpectedTimeout timeout => $"timeout {timeout.Tag}",
        _ => expected.GetType().Name,
    };

}
