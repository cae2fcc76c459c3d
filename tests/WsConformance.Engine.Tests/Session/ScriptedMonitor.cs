using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;

namespace WsConformance.Engine.Tests.Session;

/// <summary>
/// An expectation of <paramref name="expectedEvents"/> events of any kind: fewer are pending, that many complete it,
/// and one more diverges. Enough to steer the core's close-when-done, fail-fast and grace decisions.
/// </summary>
internal sealed class ScriptedMonitor(int expectedEvents, bool harnessClosesWhenDone = true, bool peerMustClose = false) : IExpectationMonitor
{
    public bool HarnessClosesWhenDone => harnessClosesWhenDone;

    public bool PeerMustClose => peerMustClose;

    public ExpectationProgress Evaluate(IReadOnlyList<ObservedEvent> events) =>
        PeerEvents(events) switch
        {
            var count when count < expectedEvents => ExpectationProgress.Pending,
            var count when count == expectedEvents => ExpectationProgress.Complete,
            _ => ExpectationProgress.Diverged,
        };

    public EventProgress Progress(IReadOnlyList<ObservedEvent> events) =>
        PeerEvents(events) is var count && count < expectedEvents ? new EventProgress(count, expectedEvents) : default;

    private static int PeerEvents(IReadOnlyList<ObservedEvent> events) => events.Count(e => e is not TimeoutEvent);
}
