using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;

namespace WsConformance.Engine.Session;

/// <summary>Where the observed events stand against a case's expected sequences.</summary>
public enum ExpectationProgress
{
    /// <summary>The events are a proper prefix of an expected sequence: more is owed.</summary>
    Pending,

    /// <summary>The events equal every expected sequence (Autobahn closes only then).</summary>
    Complete,

    /// <summary>The events equal some expected sequences and are a prefix of others.</summary>
    PartlyComplete,

    /// <summary>No expected sequence can match any more.</summary>
    Diverged,
}

/// <summary>What the session needs to know of a case's expectation while it runs.</summary>
public interface IExpectationMonitor
{
    /// <summary>The harness is the expected closer, so it closes once the expectation is settled.</summary>
    bool HarnessClosesWhenDone { get; }

    /// <summary>The peer under test (the server, or the client under <c>wsconf serve</c>) is expected to close or fail the connection.</summary>
    bool PeerMustClose { get; }

    ExpectationProgress Evaluate(IReadOnlyList<ObservedEvent> events);

    /// <summary>How far the events have come along the nearest expected sequence they are still a prefix of.</summary>
    EventProgress Progress(IReadOnlyList<ObservedEvent> events);
}
