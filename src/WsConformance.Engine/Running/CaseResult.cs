using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;
using WsConformance.Engine.Session;
using WsConformance.Protocol;

namespace WsConformance.Engine.Running;

/// <summary>A target a run tests, with the name its column carries in reports (Autobahn's agent).</summary>
public sealed record Target(Uri Uri, string Agent);

/// <summary>The transports a WebSocket connection can take, as reports name them.</summary>
public static class Transports
{
    /// <summary>An HTTP/1.1 request upgraded to a WebSocket connection (RFC 6455 §4), ws:// or wss://.</summary>
    public const string Http11 = "HTTP/1.1";

    /// <summary>An extended CONNECT stream (RFC 8441) on an HTTP/2 connection with prior knowledge over TCP, ws://.</summary>
    public const string Http2Cleartext = "HTTP/2 (h2c)";

    /// <summary>An extended CONNECT stream (RFC 8441) on an HTTP/2 connection chosen by ALPN "h2" over TLS, wss://.</summary>
    public const string Http2Tls = "HTTP/2 (TLS, ALPN h2)";

    /// <summary>What carries a run's WebSockets to <paramref name="uri"/>.</summary>
    public static string For(Uri uri, bool http2) => !http2 ? Http11 : uri.Scheme == "wss" ? Http2Tls : Http2Cleartext;
}

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

    /// <summary>What carried the WebSocket connection (see <see cref="Transports"/>).</summary>
    public string Transport { get; init; } = Transports.Http11;

    /// <summary>
    /// A timer running out shaped this outcome (see <see cref="TimingRecord.TimerDecided"/>), or the opening handshake
    /// got no answer in time: it may depend on load, so a concurrent run confirms it alone.
    /// </summary>
    public bool TimerDecided { get; init; }

    /// <summary>
    /// The outcome of the first, concurrent run when this result is its confirmation, run alone against an otherwise
    /// idle server (<see cref="ConformanceRun"/>); null when the case ran once.
    /// </summary>
    public Judgement? ConcurrentJudgement { get; init; }

    /// <summary>Confirmed alone, with another outcome than in the concurrent run: the first one depended on load.</summary>
    public bool Flaky => ConcurrentJudgement is { } first && (first.Behavior != Behavior || first.BehaviorClose != BehaviorClose);

    public Verdict Behavior => Judgement.Behavior;

    public CloseVerdict BehaviorClose => Judgement.BehaviorClose;
}
