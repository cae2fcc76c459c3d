using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Generation;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>
/// Shrinks a failing conversation as FsCheck does — take the first smaller variant that still fails, repeat —
/// driven by the same property (the engine's verdict against the model). Candidates run a few at a time; the
/// first failing one in candidate order wins, so the result does not depend on timing.
/// </summary>
internal sealed class Shrinker(Target target, FuzzOptions options, Func<Conversation, PreparedConversation?> prepare)
{
    private const int Batch = 8;

    public async Task<(PreparedConversation Minimal, int Steps, int Runs)> ShrinkAsync(PreparedConversation failing, CancellationToken cancellationToken)
    {
        var current = failing;
        var steps = 0;
        var runs = 0;
        var improved = true;
        while (improved && runs < options.MaxShrinkRuns)
        {
            improved = false;
            var measure = Measure(current.Conversation);
            var candidates = ConversationShrinker.Shrink(current.Conversation)
                .Select(prepare)
                .OfType<PreparedConversation>()
                .Where(c => Compare(Measure(c.Conversation), measure) < 0);
            foreach (var batch in candidates.Chunk(Batch))
            {
                var take = Math.Min(batch.Length, options.MaxShrinkRuns - runs);
                if (take <= 0)
                {
                    break;
                }

                var results = await Task.WhenAll(batch.Take(take).Select(c => ConversationExecutor.RunAsync(c, target, options.EngineOptions, cancellationToken)));
                runs += take;
                var first = Array.FindIndex(results, r => r.Behavior == Verdict.Failed);
                if (first >= 0)
                {
                    current = batch[first];
                    steps++;
                    improved = true;
                    break;
                }
            }
        }

        return (current, steps, runs);
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
