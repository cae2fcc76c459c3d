using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Running;
using WsConformance.Engine.Session;

namespace WsConformance.PropertyFuzzing.Findings;

/// <summary>
/// What the server did wrong in a FAILED result, in words that name kinds of events and close codes but never payload
/// bytes or positions, so that one bug reads the same in every conversation that shows it: "no pong", "unexpected
/// text message; never failed the connection", "close code 1000 instead of 1002".
/// </summary>
public static class ServerDeviation
{
    public static string Of(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Close is not { } close)
        {
            return "invalid opening-handshake response";
        }

        var parts = new List<string>();
        if (EventDeviation(result.Case.Expectation, result.Events) is { } events)
        {
            parts.Add(events);
        }

        parts.AddRange(CloseDeviations(result.Case.Expectation.Close, close));
        // A FAILED verdict always has a reason above; the judge's close verdict is the last resort, never an empty name.
        return parts.Count > 0 ? string.Join("; ", parts) : $"close {VerdictNames.Of(result.Judgement.BehaviorClose)}";
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

        if (expected.NothingAfterClose && close.FramesAfterServerClose > 0)
        {
            yield return "frames after its own Close";
        }
    }

    private static string Kind(ObservedEvent observed) => observed switch
    {
        MessageEvent message => MessageKind(message.Opcode),
        PongEvent => "pong",
        PingEvent => "ping",
        TimeoutEvent timeout => $"timeout {timeout.Tag}",
        _ => observed.GetType().Name,
    };

    private static string Kind(ExpectedEvent expected) => expected switch
    {
        ExpectedMessage message => MessageKind(message.Opcode),
        ExpectedSlices slices => MessageKind(slices.Opcode),
        ExpectedPong => "pong",
        ExpectedPing => "ping",
        ExpectedTimeout timeout => $"timeout {timeout.Tag}",
        _ => expected.GetType().Name,
    };

    private static string MessageKind(byte opcode) => opcode == Protocol.Opcodes.Text ? "text message" : "binary message";
}
