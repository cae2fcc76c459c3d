using WsConformance.Engine.Running;
using WsConformance.PropertyFuzzing.Running;

namespace WsConformance.PropertyFuzzing.Findings;

/// <summary>A run that failed twice, waiting to be attributed to a finding or shrunk into one.</summary>
/// <param name="Run">1-based run number (with the seed, it regenerates the conversation).</param>
/// <param name="Result">The failing re-run's result.</param>
/// <param name="Category">The fault the generated conversation made (<see cref="ConversationExecutor.Categorize"/>).</param>
public sealed record ConfirmedFailure(int Run, PreparedConversation Prepared, CaseResult Result, string Category)
{
    public FailingCore Core { get; } = FailingCore.Of(Prepared, Result);
}
