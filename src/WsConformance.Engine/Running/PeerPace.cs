using System.Collections.Concurrent;
using WsConformance.Engine.Observation;

namespace WsConformance.Engine.Running;

/// <summary>
/// How long one target takes to answer with a message, learned from the cases it has finished: the time from the
/// start of a case to its first message, median over cases. A correct server that takes 2 s per echo misses a 1 s
/// timer plus its grace in every case whose first answer is due before that; its confirmation is given a grace
/// that fits its pace, so it ends OK (late) or SLOW, never FAILED. A server that never echoes teaches no pace and gets
/// no more patience than the timers give.
/// </summary>
internal sealed class PeerPace
{
    /// <summary>Cases with a message before the median means anything.</summary>
    private const int MinimumSamples = 5;

    /// <summary>A confirmation waits this many of the peer's usual answer times for a missing answer.</summary>
    private const int PatienceFactor = 3;

    /// <summary>No grace beyond this, scaled: a case must end even against a server that answers once a minute.</summary>
    private static readonly TimeSpan LongestPatience = TimeSpan.FromSeconds(30);

    private readonly ConcurrentBag<TimeSpan> _firstAnswers = [];

    public void Learn(CaseResult result)
    {
        if (result.Events.OfType<MessageEvent>().FirstOrDefault() is { } first)
        {
            _firstAnswers.Add(first.At);
        }
    }

    /// <summary>The least grace a missing answer gets in a confirmation; zero until enough cases have answered.</summary>
    public TimeSpan Patience(double timeoutScale)
    {
        var samples = _firstAnswers.Order().ToList();
        if (samples.Count < MinimumSamples)
        {
            return TimeSpan.Zero;
        }

        var median = samples[samples.Count / 2];
        var patience = median * PatienceFactor;
        var longest = LongestPatience * timeoutScale;
        return patience < longest ? patience : longest;
    }
}
