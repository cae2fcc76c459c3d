using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;

namespace WsConformance.Engine.Judging;

/// <summary>Tells the session, while a case runs, where the observed events stand against the expected sequences.</summary>
/// <remarks>The session calls <see cref="Evaluate"/> with its one growing event list, so each alternative's comparison resumes where it stopped.</remarks>
public sealed class ExpectationMonitor(Expectation expectation) : IExpectationMonitor
{
    private readonly MatchCursor[] _cursors = [.. expectation.Alternatives.Select(a => new MatchCursor(a.Events))];

    public bool HarnessClosesWhenDone => expectation.Close.ClosedBy == Closer.Harness;

    public bool PeerMustClose => expectation.Close.ClosedBy == Closer.Peer;

    public EventProgress Progress(IReadOnlyList<ObservedEvent> events) => EventProgress.Of(_cursors, events);

    public ExpectationProgress Evaluate(IReadOnlyList<ObservedEvent> events)
    {
        var alternatives = expectation.Alternatives;
        if (alternatives.Count == 0)
        {
            return ExpectationProgress.Complete;
        }

        var comparisons = _cursors.Select(c => c.Advance(events)).ToList();
        var matching = comparisons.Count(c => c == Comparison.Equal);
        if (matching == alternatives.Count)
        {
            return ExpectationProgress.Complete;
        }

        var pending = comparisons.Contains(Comparison.ProperPrefix);
        return (matching, pending) switch
        {
            (> 0, _) => ExpectationProgress.PartlyComplete,
            (0, true) => ExpectationProgress.Pending,
            _ => ExpectationProgress.Diverged,
        };
    }
}
