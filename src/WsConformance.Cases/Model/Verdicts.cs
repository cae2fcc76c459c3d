namespace WsConformance.Cases.Model;

/// <summary>
/// Autobahn's <c>behavior</c> values, plus SLOW for a peer that ran out of time while everything it sent was correct,
/// and ERROR for harness problems (never the peer's fault).
/// </summary>
public enum Verdict
{
    Ok,
    NonStrict,
    Informational,
    Unimplemented,
    Slow,
    Failed,
    Error,
}

/// <summary>
/// Autobahn's <c>behaviorClose</c> values: how the connection ended, judged apart from <see cref="Verdict"/> (what
/// the peer did before).
/// </summary>
public enum CloseVerdict
{
    Ok,
    WrongCode,
    Unclean,
    FailedByClient,
    Failed,
    Informational,
    Unimplemented,
}
