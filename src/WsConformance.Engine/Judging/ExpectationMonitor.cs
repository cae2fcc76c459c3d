using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;

namespace WsConformance.Engine.Judging;

/// <summary>Tells the session, while a case runs, where the observed events stand against the expected sequences.</summary>
public sealed class ExpectationMonitor(Expectation expectation) : IExpectationMonitor
{
    public bool HarnessClosesWhenDone => expectation.Close.ClosedBy == Closer.Harness;

    public bool ServerMustClose => expectation.Close.ClosedBy == Closer.Server;

    public ExpectationProgress Evaluate(IReadOnlyList<ObservedEvent> events)
    {
        var alternatives = expectation.Alternatives;
        if (alternatives.Count == 0)
        {
            return ExpectationProgress.Complete;
        }

        var matching = alternatives.Count(a => EventMatcher.Matches(events, a.Events));
        if (matching == alternatives.Count)
        {
            return ExpectationProgress.Complete;
        }

        var pending = alternatives.Any(a => EventMatcher.IsPrefix(events, a.Events));
        return (matching, pending) switch
        {
            (> 0, _) => ExpectationProgress.PartlyComplete,
            (0, true) => ExpectationProgress.Pending,
            _ => ExpectationProgress.Diverged,
        };
    }
}
