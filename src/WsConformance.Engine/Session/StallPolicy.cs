namespace WsConformance.Engine.Session;

/// <summary>
/// When the stall watchdog ends a connection (see <c>CaseSession.Stall</c>): a peer that owes an answer may stay
/// silent for <see cref="Base"/> plus the time it may need to read and check what the harness sent since the peer
/// last sent anything — <see cref="PerFrame"/> for every frame and <see cref="PerMebibyte"/> for every MiB. Tornado's
/// Python client needs about 13 s for 9.3.1's 65,536 fragments of 64 bytes on a loaded two-core machine, and that is
/// slow, not stopped. Every duration is already scaled.
/// </summary>
public sealed record StallPolicy(TimeSpan Base, TimeSpan PerFrame, TimeSpan PerMebibyte)
{
    /// <summary>The bound for a peer that has <paramref name="frames"/> frames and <paramref name="bytes"/> bytes of ours still to answer.</summary>
    public TimeSpan BoundFor(long frames, long bytes) => Base + (PerFrame * frames) + (PerMebibyte * (bytes / (1024.0 * 1024.0)));

    /// <summary>5 s, plus 0.5 ms per frame and 0.5 s per MiB to answer, times <paramref name="timeoutScale"/>.</summary>
    public static StallPolicy Scaled(double timeoutScale) => new(
        TimeSpan.FromSeconds(5) * timeoutScale, TimeSpan.FromMilliseconds(0.5) * timeoutScale, TimeSpan.FromSeconds(0.5) * timeoutScale);
}
