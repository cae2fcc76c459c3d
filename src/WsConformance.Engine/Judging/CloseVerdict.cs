namespace WsConformance.Engine.Judging;

/// <summary>Autobahn's <c>behaviorClose</c> values.</summary>
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
