using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Protocol;

namespace WsConformance.Engine.Running;

/// <summary>A target a run tests, with the name its column carries in reports (Autobahn's agent).</summary>
public sealed record Target(Uri Uri, string Agent);

/// <summary>Everything one case produced against one target: verdicts, why, and what was observed.</summary>
/// <param name="ServerHeader">The peer's product: the Server header of a server's answer, the User-Agent of a client's request (serve).</param>
/// <param name="HandshakeRequest">Raw request text sent.</param>
/// <param name="HandshakeResponse">Raw response text received, or null when none arrived.</param>
public sealed record CaseResult(
    CaseDefinition Case,
    Target Target,
    Judgement Judgement,
    DateTimeOffset Started,
    TimeSpan Duration,
    CloseRecord? Close,
    IReadOnlyList<ObservedEvent> Events,
    IReadOnlyList<WireEntry> WireLog,
    int WireLogDropped,
    TrafficStatistics Statistics,
    string? ServerHeader,
    string HandshakeRequest,
    string? HandshakeResponse)
{
    /// <summary>The harness's role: <see cref="Role.Server"/> when the result is a client's (<c>wsconf serve</c>).</summary>
    public Role HarnessRole { get; init; } = Role.Client;

    public Verdict Behavior => Judgement.Behavior;

    public CloseVerdict BehaviorClose => Judgement.BehaviorClose;
}
