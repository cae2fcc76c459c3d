using WsConformance.Cases.Model;
using WsConformance.Engine.Judging;
using WsConformance.Engine.Running;

namespace WsConformance.PropertyFuzzing.Running;

/// <summary>Runs a prepared conversation on a fresh connection through the engine and judges it against the model.</summary>
public static class ConversationExecutor
{
    /// <summary>
    /// Runs the fast case (one alternative, so the harness closes as soon as the echoes are in) and judges what
    /// happened against every acceptable behaviour. Only when that says FAILED, the full case is run again — a server
    /// that reorders pongs may have made the harness close early — and its judgement is final.
    /// </summary>
    public static async Task<CaseResult> RunAsync(PreparedConversation prepared, Target target, RunOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var result = await CaseRunner.RunAsync(prepared.FastCase, target, options, cancellationToken);
        if (ReferenceEquals(prepared.FastCase, prepared.Case) || result.Close is not { } close)
        {
            return result;
        }

        var judgement = Judge.Evaluate(prepared.Case, result.Events, close, result.Judgement.Slow);
        if (judgement.Behavior != Verdict.Failed)
        {
            return result with { Case = prepared.Case, Judgement = judgement };
        }

        return await CaseRunner.RunAsync(prepared.Case, target, options, cancellationToken);
    }

    /// <summary>
    /// The kind of conversation a run generated: the client's fault, "no fault", or the client's Close ("close", "bad
    /// close"). Reported with each finding as the kinds of conversation it showed up in; findings are not told apart by it.
    /// </summary>
    public static string Categorize(PreparedConversation prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        return prepared.Outcome.Fault is { } fault
            ? string.Join("+", fault.Violations.Select(v => v.Code).Distinct())
            : prepared.Case.Expectation.Close.Codes.SequenceEqual([1000]) && !prepared.Conversation.Actions.Any(a => a is Conversations.CloseAction)
                ? "no fault"
                : prepared.Case.Expectation.Close.WrongCodeFails && !prepared.Case.Expectation.Close.RequireClean ? "bad close" : "close";
    }
}
