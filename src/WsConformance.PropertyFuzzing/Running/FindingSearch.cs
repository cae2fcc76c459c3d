using WsConformance.Cases.Model;
using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Conversations;
using WsConformance.PropertyFuzzing.Findings;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>
/// Turns a run's confirmed failures into distinct findings. Failures are taken smallest first, several shrinks at a
/// time within the run's concurrency. A failure that a known finding explains is counted for it and not shrunk; a
/// shrink stops as soon as one of its steps is explained by a finding that another shrink completed meanwhile.
/// </summary>
internal sealed class FindingSearch(Target target, FuzzOptions options, Func<Conversation, int, PreparedConversation?> prepare)
{
    private int _flaky;

    /// <summary>Shrunk failures that no longer failed, nor did their original conversation, when run once more.</summary>
    public int Flaky => Volatile.Read(ref _flaky);

    public async Task<IReadOnlyList<Finding>> RunAsync(IReadOnlyList<ConfirmedFailure> failures, CancellationToken cancellationToken)
    {
        var ledger = new FindingLedger();
        using var runner = new ThrottledRunner(target, options.EngineOptions);
        var shrinksAtOnce = Math.Max(1, options.EngineOptions.Concurrency / Shrinker.Batch);
        // Smallest conversations first: they shrink in the fewest steps, and the findings they give let the larger
        // ones be attributed without shrinking.
        var smallestFirst = failures.OrderBy(f => f.Prepared.Conversation.FrameCount).ThenBy(f => f.Prepared.Conversation.PayloadBytes).ThenBy(f => f.Run);
        await Parallel.ForEachAsync(smallestFirst, new ParallelOptions { MaxDegreeOfParallelism = shrinksAtOnce, CancellationToken = cancellationToken },
            async (failure, token) =>
            {
                if (!ledger.TryAttribute(failure, failure.Core) && await ShrinkAsync(failure, runner, ledger, token) is { } shrunk)
                {
                    ledger.Add(shrunk);
                }
            });
        return ledger.Findings();
    }

    /// <summary>The failure shrunk and confirmed; null when a known finding explains it after all, or when it no longer fails.</summary>
    private async Task<ShrunkFailure?> ShrinkAsync(ConfirmedFailure failure, ThrottledRunner runner, FindingLedger ledger, CancellationToken cancellationToken)
    {
        var shrinker = new Shrinker(runner, options.MaxShrinkRuns, conversation => prepare(conversation, failure.Run));
        var outcome = await shrinker.ShrinkAsync(failure.Prepared, failure.Result,
            (candidate, failed) => ledger.TryAttribute(failure, FailingCore.Of(candidate, failed)), cancellationToken);
        if (outcome.Explained)
        {
            return null;
        }

        // Run once more, every alternative allowed from the start: the minimal result reported is a confirmed one.
        var (minimal, result) = (outcome.Minimal, await runner.RunAsync(outcome.Minimal.Case, cancellationToken));
        if (result.Behavior != Verdict.Failed)
        {
            (minimal, result) = (failure.Prepared, await runner.RunAsync(failure.Prepared.Case, cancellationToken));
        }

        if (result.Behavior != Verdict.Failed)
        {
            Interlocked.Increment(ref _flaky);
            return null;
        }

        return new ShrunkFailure(failure, minimal, result, outcome.Steps, outcome.Runs);
    }
}
