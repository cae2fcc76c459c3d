namespace WsConformance.Engine.Timing;

/// <summary>
/// A case's clock: when it began and how long it has run, read from the run's <see cref="TimeProvider"/>, so that
/// tests can drive every timer of the engine with a fake clock instead of waiting on the wall clock.
/// </summary>
public sealed class CaseClock
{
    private readonly long _startTimestamp;

    public CaseClock(TimeProvider time)
    {
        Time = time;
        StartedAt = time.GetUtcNow();
        _startTimestamp = time.GetTimestamp();
    }

    public TimeProvider Time { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Time since the case began.</summary>
    public TimeSpan Elapsed => Time.GetElapsedTime(_startTimestamp);
}
