using WsConformance.Cases.Model;

namespace WsConformance.Engine.Running;

/// <summary>
/// The longest a case may take before the harness drops the connection, whatever the server does: every pause,
/// the longest timer and the protocol timers, each with the late-answer grace, plus the opening handshake.
/// It bounds servers that never answer, trickle, or flood.
/// </summary>
internal static class CaseDeadline
{
    private static readonly TimeSpan ProtocolTimers = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Handshake = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(3);

    public static TimeSpan For(CaseDefinition definition, RunOptions options)
    {
        var pauses = TimeSpan.Zero;
        var longestTimer = TimeSpan.Zero;
        foreach (var step in definition.Steps)
        {
            switch (step)
            {
                case PauseStep pause:
                    pauses += pause.Duration;
                    break;
                case ResetStreamStep reset:
                    pauses += reset.Watch + StepExecutor.ResetAcknowledgementBound;
                    break;
                case FailAfterStep failAfter:
                    longestTimer = Max(longestTimer, failAfter.After);
                    break;
                case CloseAfterStep closeAfter:
                    longestTimer = Max(longestTimer, closeAfter.After);
                    break;
            }
        }

        var withGrace = (longestTimer + ProtocolTimers) * (1 + options.LateGraceFactor);
        var learnedGrace = options.LateGraceFactor > 0 ? 2 * options.MinimumGrace : TimeSpan.Zero;
        return ((pauses + withGrace + Handshake) * options.TimeoutScale) + learnedGrace + Margin;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
