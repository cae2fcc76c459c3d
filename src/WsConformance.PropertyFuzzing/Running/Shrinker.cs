using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Generation;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>How a shrink ended: its smallest failing conversation with that conversation's failing result.</summary>
/// <param name="Explained">The shrink stopped early because a known finding explains <paramref name="Minimal"/>.</param>
internal sealed record ShrinkOutcome(PreparedConversation Minimal, CaseResult Failed, int Steps, int Runs, bool Explained);

/// <summary>
/// Shrinks a failing conversation as FsCheck does — take the first smaller variant that still fails, repeat —
/// driven by the same property (the engine's verdict against the model). Candidates run a few at a time; the
/// first failing one in candidate order wins, so the result does not depend on timing, and the batch ends as soon as
/// that one is known: the later candidates are cancelled instead of waited for.
/// </summary>
internal sealed class Shrinker(ThrottledRunner runner, int maxRuns, Func<Conversation, PreparedConversation?> prepare)
{
    /// <summary>Candidates in flight at once for one shrink.</summary>
    public const int Batch = 8;

    /// <param name="explained">Asked after every accepted step: true ends the shrink, the failure being accounted for by a known finding.</param>
    public async Task<ShrinkOutcome> ShrinkAsync(PreparedConversation failing, CaseResult failed, Func<PreparedConversation, CaseResult, bool> explained,
        CancellationToken cancellationToken)
    {
        var (current, currentResult) = (failing, failed);
        var steps = 0;
        var runs = 0;
        var improved = true;
        while (improved && runs < maxRuns)
        {
            improved = false;
            var measure = Measure(current.Conversation);
            var candidates = ConversationShrinker.Shrink(current.Conversation)
                .Select(prepare)
                .OfType<PreparedConversation>()
                .Where(c => Compare(Measure(c.Conversation), measure) < 0);
            foreach (var batch in candidates.Chunk(Batch))
            {
                var take = Math.Min(batch.Length, maxRuns - runs);
                if (take <= 0)
                {
                    break;
                }

                runs += take;
                if (await FirstFailingAsync(batch[..take], cancellationToken) is { } first)
                {
                    (current, currentResult) = (batch[first.Index], first.Result);
                    steps++;
                    improved = true;
                    if (explained(current, currentResult))
                    {
                        return new ShrinkOutcome(current, currentResult, steps, runs, Explained: true);
                    }

                    break;
                }
            }
        }

        return new ShrinkOutcome(current, currentResult, steps, runs, Explained: false);
    }

    /// <summary>
    /// Runs the candidates at once and returns the first, in candidate order, that fails — once it has failed and every
    /// earlier one has passed. The later ones are cancelled then (a cancelled run ends at once), not waited out.
    /// </summary>
    private async Task<(int Index, CaseResult Result)?> FirstFailingAsync(PreparedConversation[] candidates, CancellationToken cancellationToken)
    {
        using var later = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = candidates.Select(c => runner.RunAsync(c, later.Token)).ToArray();
        try
        {
            for (var i = 0; i < running.Length; i++)
            {
                var result = await running[i];
                if (result.Behavior == Verdict.Failed)
                {
                    return (i, result);
                }
            }

            return null;
        }
        finally
        {
            await later.CancelAsync();
            await Task.WhenAll(running.Cast<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>What shrinking decreases, most important first; every accepted step lowers it, so shrinking ends.</summary>
    private static long[] Measure(Conversation conversation) =>
    [
        conversation.FrameCount,
        conversation.PayloadBytes,
        conversation.Actions.Count,
        conversation.Actions.Count(a => a is FrameAction f && f.Chunking != Chunking.Together),
        conversation.Actions.OfType<PauseAction>().Sum(p => (long)p.Milliseconds),
        conversation.Actions.OfType<FrameAction>().Sum(f => (long)System.Numerics.BitOperations.PopCount(f.Rsv) * 8 + f.Rsv + (f.MaskKey != 0 ? 1 : 0)),
    ];

    private static int Compare(long[] a, long[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return a[i].CompareTo(b[i]);
            }
        }

        return 0;
    }
}
