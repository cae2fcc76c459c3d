using System.Globalization;
using WsConformance.Cases.Model;
using WsConformance.Engine.Observation;

namespace WsConformance.Engine.Judging;

/// <summary>
/// Tells a slow peer from a wrong one when a case ran out of time: a peer whose every event so far was the expected
/// one, that had answered at least once and was still answering at its own pace when the harness stopped waiting,
/// is slow (SLOW, with how far it got). One that never answered, or had fallen silent, stays FAILED.
/// </summary>
internal static class SlowProgress
{
    /// <summary>Silence longer than this many of the peer's usual gaps between answers means it stopped, not that it is slow.</summary>
    private const int StallFactor = 4;

    /// <summary>The SLOW reason, or null when the case is not a slow one.</summary>
    public static string? Describe(CaseDefinition definition, IReadOnlyList<ObservedEvent> events, TimeSpan stoppedWaiting, string peer)
    {
        var progress = EventProgress.Of(definition.Expectation, events);
        var answers = events.Where(e => e is not TimeoutEvent).Select(e => e.At).ToList();
        if (!progress.IsPending || progress.Matched == 0 || answers.Count == 0)
        {
            return null;
        }

        var usualGap = MedianGap(answers);
        var silence = stoppedWaiting - answers[^1];
        if (silence > StallFactor * usualGap)
        {
            return null;
        }

        var invariant = CultureInfo.InvariantCulture;
        return $"The {peer} ran out of time, not out of line: {progress.Matched.ToString("N0", invariant)} of {progress.Expected.ToString("N0", invariant)} "
            + $"expected events arrived, each as expected, one every {usualGap.TotalMilliseconds.ToString("0", invariant)} ms (median); the harness "
            + $"stopped waiting {stoppedWaiting.TotalSeconds.ToString("0.0", invariant)} s into the case. Give it more time with --timeout-scale.";
    }

    /// <summary>The median time between answers, counting the first from the start of the connection.</summary>
    private static TimeSpan MedianGap(IReadOnlyList<TimeSpan> answers)
    {
        var gaps = answers.Select((at, i) => at - (i == 0 ? TimeSpan.Zero : answers[i - 1])).Order().ToList();
        return gaps[gaps.Count / 2];
    }
}
